import type { WhatIfGoalState, WhatIfReport } from '../api/whatif';
import { pathChain } from '../state/attack-path';
import { hoursText, percentText } from './format';

/** Two bars, before (grey) and after (coloured by direction), of values in [0, 1]. */
function Bars({ before, after, better }: { before: number; after: number; better: 'lower' | 'higher' }) {
  const good = better === 'lower' ? after < before : after > before;
  // Monte Carlo figures move a little between runs of one seed on two models: under half a percent of the scale is no change.
  const tone = Math.abs(after - before) < 0.005 ? 'same' : good ? 'good' : 'bad';
  const w = (x: number) => `${Math.max(0, Math.min(1, x)) * 100}%`;
  return (
    <div className="whatif-bars" aria-hidden="true">
      <div className="whatif-bar before" style={{ width: w(before) }} />
      <div className={`whatif-bar after ${tone}`} style={{ width: w(after) }} />
    </div>
  );
}

/** Paths gone (or appeared), each chain of assets once per first step that fires on one side only, with the goals it led to. */
function PathMoves({ report, which }: { report: WhatIfReport; which: 'gone' | 'appeared' }) {
  const groups = new Map<string, { chain: string; step: string; goals: string[] }>();
  for (const g of report.goals) {
    for (const p of g[which]) {
      const chain = pathChain(p.path);
      const step = p.steps[0] ?? `entry ${p.path.entry}`;
      const known = groups.get(`${chain}|${step}`);
      if (!known) groups.set(`${chain}|${step}`, { chain, step, goals: [g.goal] });
      else if (!known.goals.includes(g.goal)) known.goals.push(g.goal);
    }
  }
  if (groups.size === 0) return null;
  const rows = [...groups.values()].sort((a, b) => b.goals.length - a.goals.length);
  return (
    <>
      <h4>
        Paths {which} ({groups.size})
      </h4>
      <ul className="plain whatif-paths" data-testid={`whatif-paths-${which}`}>
        {rows.slice(0, 6).map((x) => (
          <li key={`${x.chain}|${x.step}`} title={x.goals.join(', ')}>
            <span className="mono">{x.chain}</span> <span className="muted small">{which === 'gone' ? 'breaks at' : 'through'}</span> <span className="mono small">{x.step}</span>
          </li>
        ))}
        {rows.length > 6 && <li className="muted small">… and {rows.length - 6} more</li>}
      </ul>
    </>
  );
}

const odds = (s: WhatIfGoalState) => (s.reachable ? `${s.probability === undefined ? '?' : percentText(s.probability)}${s.cheapestHours === undefined ? '' : ` · ${hoursText(s.cheapestHours)}`}` : 'unreachable');
const loss = (x: number) => (x >= 100 ? x.toFixed(0) : Number(x.toFixed(1)).toString());

/** A what-if's result: the changes applied, each goal and each owner before and after, the hardening plan left. */
export function WhatIfResults({ report: r }: { report: WhatIfReport }) {
  const moved = r.goals.filter((g) => g.change !== 'same');
  const same = r.goals.length - moved.length;
  const maxLoss = Math.max(1e-9, ...r.owners.flatMap((o) => (o.risk ? [o.risk.expectedLoss.before, o.risk.expectedLoss.after] : [])));
  const plan = r.hardening.after;
  return (
    <div className="whatif-result" data-testid="whatif-result">
      <p data-testid="whatif-summary">
        <b>{r.name}</b>: {r.summary.before} of {r.summary.goals} goals reachable before → <b>{r.summary.after}</b> after · {r.timings.total.toFixed(1)} s
      </p>
      <ul className="plain whatif-changes">
        {r.changes.map((c) => (
          <li key={c.index} title={c.effect}>
            <span className="mono">{c.summary}</span>
            {c.owner && <span className="muted"> · {c.owner}</span>}
          </li>
        ))}
      </ul>
      <h4>Goals</h4>
      <table className="whatif-table">
        <thead>
          <tr>
            <th>goal</th>
            <th>likely · cheapest, before → after</th>
            <th>change</th>
          </tr>
        </thead>
        <tbody>
          {moved.map((g) => (
            <tr key={g.goal} data-testid="whatif-goal" data-goal={g.goal} data-change={g.change} title={g.after.path ? `most likely after: ${g.after.path}` : undefined}>
              <td className="mono">{g.goal}</td>
              <td>
                <Bars before={g.before.probability ?? 0} after={g.after.reachable ? (g.after.probability ?? 0) : 0} better="lower" />
                <span className="small">
                  {odds(g.before)} → {odds(g.after)}
                </span>
              </td>
              <td className={`whatif-change ${g.change.replace(/ /g, '-')}`}>{g.change}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {same > 0 && <p className="muted small">{same} goal{same === 1 ? '' : 's'} unchanged</p>}
      <PathMoves report={r} which="gone" />
      <PathMoves report={r} which="appeared" />
      <h4>Owners</h4>
      <table className="whatif-table">
        <thead>
          <tr>
            <th>owner</th>
            <th>goals reachable</th>
            <th>{r.risk ? 'expected loss · posture' : 'exposed'}</th>
          </tr>
        </thead>
        <tbody>
          {r.owners.map((o) => (
            <tr key={o.domain} data-testid="whatif-owner" data-domain={o.domain}>
              <td>
                <span className="mono">{o.domain}</span>
                {o.changes > 0 && <span className="muted small"> · makes {o.changes}</span>}
              </td>
              <td>
                {o.goals.total > 0 ? (
                  <>
                    <Bars before={o.goals.before / o.goals.total} after={o.goals.after / o.goals.total} better="lower" />
                    <span className="small">
                      {o.goals.before}/{o.goals.total} → {o.goals.after}/{o.goals.total}
                    </span>
                  </>
                ) : (
                  <span className="muted small">none analysed</span>
                )}
              </td>
              <td>
                {o.risk ? (
                  <>
                    <Bars before={o.risk.expectedLoss.before / maxLoss} after={o.risk.expectedLoss.after / maxLoss} better="lower" />
                    <span className="small">
                      {loss(o.risk.expectedLoss.before)} → {loss(o.risk.expectedLoss.after)} · posture {o.risk.posture.before.toFixed(0)} → {o.risk.posture.after.toFixed(0)}
                    </span>
                  </>
                ) : (
                  <span className="small">
                    {o.exposed.before} → {o.exposed.after}
                  </span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {r.controllers.length > 0 && (
        <p className="small">
          Takeover odds moved: {r.controllers.map((c) => `${c.asset} ${percentText(c.before)} → ${percentText(c.after)}`).join(', ')}
        </p>
      )}
      <p className="small" data-testid="whatif-plan-after">
        Hardening left: {!plan ? '—' : plan.changes.length === 0 ? 'nothing (no goal the known changes cut stays reachable)' : `${plan.changes.map((c) => `${c.kind} ${c.target}`).join(', ')} (cost ${Number(plan.cost.toFixed(2))})`}
      </p>
      {r.notes.map((n) => (
        <p key={n} className="muted small">
          {n}
        </p>
      ))}
    </div>
  );
}
