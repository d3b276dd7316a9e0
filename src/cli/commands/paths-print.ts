import type { AttackPath, PathsReport } from '../../attack/index.js';
import type { Output } from '../output.js';
import { hours, percent, table } from '../text-table.js';

/** A technique id's name, or undefined when the shipped table lacks it. */
type TechniqueName = (id: string) => string | undefined;

/** "domain:aquaflow-scada > ews > scada-server > plc-intake": where the attacker starts, then the assets taken. */
export const chain = (p: AttackPath) => [p.entry || '?', ...p.assets].join(' > ');

/** The text report of `twinward paths`: goals, the most likely path's steps, choke points, hardening. */
export function printReport(io: Output, r: PathsReport, techniqueName: TechniqueName, seconds: number): void {
  const g = r.graph;
  io.out(`${r.model}: attack graph of ${g.nodes} nodes (${g.facts} facts, ${g.rules} rules, ${g.primitives} model facts), ${g.edges} edges; analysed in ${seconds.toFixed(2)} s`);
  io.out(`entries: ${r.entries.join(', ')}`);
  io.out('');
  const reached = r.goals.filter((x) => x.reachable).length;
  io.out(`Goals: ${reached} of ${r.goals.length} reachable`);
  table(
    io,
    ['goal', 'reachable', 'likely', 'hours', 'cheapest', 'most likely path (entry > assets taken)'],
    r.goals.map((x) => {
      const best = x.mostLikely[0];
      const cheap = x.cheapest[0];
      return [x.goal, x.reachable ? 'yes' : 'no', best ? percent(best.probability) : '-', best ? hours(best.hours) : '-', cheap ? hours(cheap.hours) : '-', best ? chain(best) : '-'];
    }),
    '  ',
  );
  printTopPaths(io, r, techniqueName);
  printChokePoints(io, r);
  printHardening(io, r);
}

/**
 * Each distinct most likely path once. Goals whose paths differ only in the
 * last step (the units and services of one controller) share one listing.
 */
function printTopPaths(io: Output, r: PathsReport, techniqueName: TechniqueName): void {
  const groups = new Map<string, { path: AttackPath; goals: string[] }>();
  for (const x of r.goals) {
    const p = x.mostLikely[0];
    if (!p) continue;
    const key = [p.entry, ...p.steps.slice(0, -1).map((s) => s.step)].join('|');
    const known = groups.get(key);
    if (known) known.goals.push(x.goal);
    else groups.set(key, { path: p, goals: [x.goal] });
  }
  for (const { path, goals } of groups.values()) {
    io.out('');
    io.out(`Most likely path to ${goals[0]}: ${percent(path.probability)}, ${hours(path.hours)}, from ${path.entry || '?'}`);
    if (goals.length > 1) io.out(`  the same up to its last step: ${goals.slice(1).join(', ')}`);
    table(
      io,
      ['#', 'from -> to', 'technique', 'hours', 'p', 'step'],
      path.steps.map((s, i) => [
        String(i + 1),
        `${s.from ?? (path.entry || '?')} -> ${s.to}`,
        s.technique ? `${s.technique} ${techniqueName(s.technique) ?? '(unknown technique)'}` : '-',
        hours(s.hours),
        s.probability.toFixed(2),
        s.step,
      ]),
      '  ',
    );
  }
}

function printChokePoints(io: Output, r: PathsReport): void {
  io.out('');
  if (r.chokePoints.length === 0) {
    io.out('Choke points: none (no single foothold on the paths found cuts a goal)');
    return;
  }
  io.out('Choke points (footholds whose loss cuts goals):');
  table(
    io,
    ['foothold', 'owner', 'cuts'],
    r.chokePoints.map((c) => [c.fact, c.domain ?? '-', `${c.cuts.length}: ${c.cuts.join(', ')}`]),
    '  ',
  );
}

function printHardening(io: Output, r: PathsReport): void {
  const h = r.hardening;
  if (!h) return;
  io.out('');
  const proof = h.optimal ? 'optimal: proven least-cost' : 'not proven optimal: greedy bound';
  io.out(`Hardening plan: ${h.changes.length} change${h.changes.length === 1 ? '' : 's'}, total cost ${Number(h.cost.toFixed(2))} (${proof}; ${h.rounds} rounds)`);
  if (h.changes.length) table(io, ['change', 'target', 'cost', 'removes'], h.changes.map((c) => [c.kind, c.target, String(c.cost), c.removes]), '  ');
  if (h.uncuttable.length) io.out(`  no change of the known kinds cuts: ${h.uncuttable.join(', ')}`);
}
