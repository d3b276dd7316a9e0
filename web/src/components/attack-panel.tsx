import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { analyzePaths } from '../api/client';
import type { AttackGoal, AttackPath, PathsQuery, PathsReport } from '../api/types';
import { pathChain } from '../state/attack-path';
import { useAction } from '../state/use-action';
import { AttackPathSteps } from './attack-path-steps';
import { AttackChokePoints, AttackHardening } from './attack-plan';
import { AttackSimulation } from './attack-simulation';
import { AttackWhatIf } from './attack-whatif';
import { hoursText, namesIn, percentText } from './format';

interface Props {
  /** The path drawn on the topology, if any. */
  selected: AttackPath | null;
  onSelectPath: (path: AttackPath | null) => void;
  onSelectAsset: (id: string) => void;
  assetName: (id: string) => string;
  onClose: () => void;
}

/** What sets a path apart from the first of its list (paths often share a chain and differ in a protocol or an account). */
function differs(p: AttackPath, first: AttackPath | undefined): string {
  if (!first || p === first) return '';
  const known = new Set(first.steps.map((s) => s.step));
  const own = p.steps.filter((s) => !known.has(s.step)).map((s) => s.step);
  return own.length ? `via ${own.slice(0, 2).join(', ')}${own.length > 2 ? ', …' : ''}` : '';
}

/** The paths of one goal to pick from: the most likely and the cheapest, each with its odds, effort and chain of assets. */
function GoalPaths({ goal, selected, onSelect }: { goal: AttackGoal; selected: AttackPath | null; onSelect: (p: AttackPath) => void }) {
  const list = (kind: 'likely' | 'cheapest', paths: AttackPath[]) => (
    <div className="attack-path-list">
      <span className="muted small">{kind === 'likely' ? 'most likely' : 'cheapest'}</span>
      {paths.map((p, i) => (
        <button
          key={`${kind}:${i}`}
          type="button"
          className={`attack-path-option${selected === p ? ' on' : ''}`}
          data-testid="attack-path-option"
          data-kind={kind}
          data-index={i}
          aria-pressed={selected === p}
          title={p.steps.map((s, n) => `${n + 1}. ${s.step}`).join('\n')}
          onClick={() => onSelect(p)}
        >
          <b>{percentText(p.probability)}</b> · {hoursText(p.hours)} <span className="mono">{pathChain(p)}</span>
          {differs(p, paths[0]) && <span className="muted small"> {differs(p, paths[0])}</span>}
        </button>
      ))}
    </div>
  );
  return (
    <div className="attack-goal-paths">
      {list('likely', goal.mostLikely)}
      {list('cheapest', goal.cheapest)}
    </div>
  );
}

/**
 * Attack analysis of the node's model (POST /api/attack/paths): which goals
 * an attacker reaches from the entry points, how likely and how fast; a
 * path picked here is drawn on the topology. Below: the choke points and
 * the least-cost hardening plan.
 */
export function AttackPanel({ selected, onSelectPath, onSelectAsset, assetName, onClose }: Props) {
  const [entries, setEntries] = useState('');
  const [goals, setGoals] = useState('');
  const [k, setK] = useState(3);
  const [harden, setHarden] = useState(true);
  const [report, setReport] = useState<PathsReport | null>(null);
  const { busy, error, run: act } = useAction();
  const [open, setOpen] = useState<string | null>(null);
  /** The query of the report shown: the what-if compares the same entries (none typed: the node's defaults). */
  const [asked, setAsked] = useState<PathsQuery>({});

  const run = useCallback(
    (query: PathsQuery) =>
      act(async () => {
        const r = await analyzePaths(query);
        setAsked(query);
        setReport(r);
        onSelectPath(null);
        setOpen(r.goals.find((g) => g.reachable)?.goal ?? null);
      }),
    [act, onSelectPath],
  );
  useEffect(() => void run({}), [run]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const q: PathsQuery = { k, harden };
    if (namesIn(entries).length) q.entries = namesIn(entries);
    if (namesIn(goals).length) q.goals = namesIn(goals);
    void run(q);
  };

  const reached = report?.goals.filter((g) => g.reachable).length ?? 0;
  return (
    <section className="attack-panel" data-testid="attack-panel" aria-label="attack paths">
      <div className="panel-title">
        <h2>Attack paths</h2>
        <button type="button" className="close" aria-label="close" onClick={onClose}>
          ×
        </button>
      </div>
      <form className="attack-form" onSubmit={submit}>
        <input aria-label="entry points" placeholder="entries (default: internet, office phishing, other owners)" value={entries} onChange={(e) => setEntries(e.target.value)} />
        <input aria-label="goals" placeholder="goals (default: units, critical services, personal data)" value={goals} onChange={(e) => setGoals(e.target.value)} />
        <label>
          k{' '}
          <select value={k} onChange={(e) => setK(Number(e.target.value))}>
            {[1, 2, 3, 5].map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </label>
        <label>
          <input type="checkbox" checked={harden} onChange={(e) => setHarden(e.target.checked)} /> hardening
        </label>
        <button type="submit" className="small" data-testid="attack-run" disabled={busy}>
          {busy ? 'analysing…' : 'analyse'}
        </button>
      </form>
      <AttackSimulation />
      {error && <p className="error">{error}</p>}
      {report && (
        <>
          <p className="muted" data-testid="attack-summary">
            {reached} of {report.goals.length} goals reachable from {report.entries.join(', ')} · graph of {report.graph.nodes} nodes
          </p>
          <table className="attack-goals">
            <thead>
              <tr>
                <th>goal</th>
                <th className="num">likely</th>
                <th className="num">hours</th>
                <th className="num">cheapest</th>
              </tr>
            </thead>
            {report.goals.map((g) => {
              const best = g.mostLikely[0];
              const isOpen = open === g.goal && g.reachable;
              return (
                <tbody key={g.goal}>
                  <tr
                    className={`attack-goal${g.reachable ? '' : ' unreachable'}${isOpen ? ' open' : ''}`}
                    data-testid="attack-goal"
                    data-goal={g.goal}
                    data-reachable={g.reachable}
                    onClick={() => g.reachable && setOpen(isOpen ? null : g.goal)}
                  >
                    <td className="mono">{g.goal}</td>
                    <td className="num">{best ? percentText(best.probability) : 'unreachable'}</td>
                    <td className="num">{best ? hoursText(best.hours) : ''}</td>
                    <td className="num">{g.cheapest[0] ? hoursText(g.cheapest[0].hours) : ''}</td>
                  </tr>
                  {isOpen && (
                    <tr>
                      <td colSpan={4}>
                        <GoalPaths goal={g} selected={selected} onSelect={onSelectPath} />
                      </td>
                    </tr>
                  )}
                </tbody>
              );
            })}
          </table>
          {selected && <AttackPathSteps path={selected} techniques={report.techniques} assetName={assetName} onClear={() => onSelectPath(null)} />}
          <AttackChokePoints points={report.chokePoints} onSelectAsset={onSelectAsset} />
          <AttackHardening plan={report.hardening} />
          <AttackWhatIf plan={report.hardening} entries={asked.entries} goals={report.goals.map((g) => g.goal)} />
        </>
      )}
    </section>
  );
}
