import type { ChokePoint, HardeningPlan } from '../api/types';

/** Footholds whose loss cuts goals, most goals first; a click selects the asset on the topology. */
export function AttackChokePoints({ points, onSelectAsset }: { points: ChokePoint[]; onSelectAsset: (id: string) => void }) {
  return (
    <section data-testid="attack-chokepoints">
      <h3>Choke points</h3>
      {points.length === 0 ? (
        <p className="muted">No single foothold on the paths found cuts a goal.</p>
      ) : (
        <ul className="plain attack-list">
          {points.map((c) => (
            <li key={c.fact}>
              {c.subject ? (
                <button type="button" className="link mono" onClick={() => onSelectAsset(c.subject!)}>
                  {c.fact}
                </button>
              ) : (
                <span className="mono">{c.fact}</span>
              )}
              {c.domain && <span className="muted"> · {c.domain}</span>}
              <div className="muted small">
                cuts {c.cuts.length}: {c.cuts.join(', ')}
              </div>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** The least-cost set of changes after which no goal is reachable, and whether it is proven least-cost. */
export function AttackHardening({ plan }: { plan: HardeningPlan | undefined }) {
  if (!plan) return null;
  return (
    <section data-testid="attack-hardening">
      <h3>Hardening plan</h3>
      <p>
        {plan.changes.length} change{plan.changes.length === 1 ? '' : 's'}, total cost <b>{Number(plan.cost.toFixed(2))}</b>{' '}
        <span className={plan.optimal ? 'chip' : 'chip danger'} title={plan.optimal ? 'exact hitting set' : 'greedy bound: a cheaper set may exist'}>
          {plan.optimal ? 'optimal' : 'not proven optimal'}
        </span>
      </p>
      {plan.changes.length > 0 && (
        <table className="panel-tags attack-table">
          <tbody>
            {plan.changes.map((c) => (
              <tr key={`${c.kind}:${c.target}`} title={`removes ${c.removes}`}>
                <td>{c.kind}</td>
                <td className="mono">{c.target}</td>
                <td className="num">{c.cost}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {plan.uncuttable.length > 0 && <p className="muted small">No change of the known kinds cuts: {plan.uncuttable.join(', ')}</p>}
    </section>
  );
}
