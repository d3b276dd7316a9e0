import type { GoalState, HardeningPlan, WhatIfReport } from '../../attack/index.js';
import type { Output } from '../output.js';
import { hours, percent, table } from '../text-table.js';

const state = (s: GoalState) => (s.reachable ? `${s.probability === undefined ? '?' : percent(s.probability)} ${s.cheapestHours === undefined ? '' : hours(s.cheapestHours)}`.trim() : 'unreachable');
const num = (x: number) => (Math.abs(x) >= 100 ? x.toFixed(0) : Number(x.toFixed(1)).toString());
const plural = (n: number, w: string) => `${n} ${w}${n === 1 ? '' : 's'}`;

/** The text report of `twinward whatif`: changes, goals before -> after, owners, controllers, hardening, notes. */
export function printWhatIf(io: Output, r: WhatIfReport): void {
  const t = r.timings;
  const parts = [`fork ${t.fork.toFixed(2)} s`, `before ${t.before.toFixed(2)} s`, `after ${t.after.toFixed(2)} s`, ...(t.impact !== undefined ? [`impact ${t.impact.toFixed(1)} s`] : []), ...(t.risk !== undefined ? [`risk ${t.risk.toFixed(1)} s`] : [])];
  io.out(`What if: ${r.name} (${r.model}); ${plural(r.changes.length, 'change')} on a fork of the model, analysed in ${t.total.toFixed(2)} s (${parts.join(', ')})`);
  if (r.description) io.out(r.description);
  io.out(`entries: ${r.entries.join(', ')}`);
  io.out('');
  io.out('Changes applied:');
  table(io, ['#', 'change', 'owner', 'effect'], r.changes.map((c) => [String(c.index + 1), c.summary, c.owner ?? '-', c.effect]), '  ');

  io.out('');
  io.out(`Goals: ${r.summary.before} of ${r.summary.goals} reachable before, ${r.summary.after} after`);
  const moved = r.goals.filter((g) => g.change !== 'same');
  if (moved.length) {
    table(
      io,
      ['goal', 'owner', 'before (likely, cheapest)', 'after', 'change', 'most likely path after'],
      moved.map((g) => [g.goal, g.owners.join(',') || '-', state(g.before), state(g.after), g.change, g.after.path ?? '-']),
      '  ',
    );
  }
  const same = r.goals.filter((g) => g.change === 'same');
  if (same.length) io.out(`  unchanged: ${same.map((g) => `${g.goal}${g.before.reachable ? '' : ' (unreachable)'}`).join(', ')}`);
  printPaths(io, r);

  io.out('');
  io.out('Owners:');
  const risk = r.owners.some((o) => o.risk);
  table(
    io,
    ['owner', 'changes', 'goals reachable', 'exposed', ...(risk ? ['expected loss', 'posture'] : [])],
    r.owners.map((o) => [
      o.domain,
      String(o.changes),
      o.goals.total ? `${o.goals.before}/${o.goals.total} -> ${o.goals.after}/${o.goals.total}` : '-',
      `${o.exposed.before} -> ${o.exposed.after}`,
      ...(risk ? [o.risk ? `${num(o.risk.expectedLoss.before)} -> ${num(o.risk.expectedLoss.after)}` : '-', o.risk ? `${o.risk.posture.before.toFixed(0)} -> ${o.risk.posture.after.toFixed(0)}` : '-'] : []),
    ]),
    '  ',
  );
  io.out('  goals reachable: of the goals analysed, those the owner owns; exposed: every control, manipulation, outage and theft of the owner reachable');
  if (r.risk) {
    io.out(`  risk: ${r.risk.runs} runs per side, seed ${r.risk.seed}, ${r.risk.horizonHours} h; total expected loss ${num(r.risk.totalExpectedLoss.before)} -> ${num(r.risk.totalExpectedLoss.after)}`);
    if (r.risk.services.length) {
      table(
        io,
        ['service', 'owner', 'outage', 'expected loss'],
        r.risk.services.slice(0, 8).map((s) => [s.service, s.domain, `${percent(s.probability.before)} -> ${percent(s.probability.after)}`, `${num(s.expectedLoss.before)} -> ${num(s.expectedLoss.after)}`]),
        '    ',
      );
    }
  }

  if (r.controllers.length) {
    io.out('');
    io.out('Controllers whose takeover odds moved:');
    table(io, ['controller', 'owner', 'takeover', 'process outcome'], r.controllers.map((c) => [c.asset, c.domain ?? '-', `${percent(c.before)} -> ${percent(c.after)}`, c.impact ? c.impact.firstUnsafe ? `unsafe after ${hours(c.impact.firstUnsafe.at / 3600)}: ${c.impact.firstUnsafe.tag} ${c.impact.firstUnsafe.limit}` : 'no trip limit crossed' : '(--impact simulates it)']), '  ');
    for (const c of r.controllers) if (c.impact) io.out(`  ${c.asset}: ${c.impact.summary}`);
    for (const c of r.controllers) if (c.impactAfter) io.out(`  ${c.asset} after the changes: ${c.impactAfter.summary}`);
  }

  io.out('');
  io.out(`Hardening plan before: ${plan(r.hardening.before)}`);
  io.out(`Hardening plan after:  ${plan(r.hardening.after)}`);
  for (const n of r.notes) io.out(`note: ${n}`);
}

function plan(h: HardeningPlan | undefined): string {
  if (!h) return '-';
  if (h.changes.length === 0) return h.uncuttable.length ? `nothing the known changes cut (${h.uncuttable.length} goal facts uncuttable)` : 'nothing left to cut';
  return `cost ${Number(h.cost.toFixed(2))}: ${h.changes.map((c) => `${c.kind} ${c.target}`).join(', ')}`;
}

/**
 * Paths gone and appeared. The first step that fires on one side only is
 * where a path breaks (or the new way in); the later ones follow from it.
 * Each chain of assets is listed once per such step, with the goals it led to.
 */
function printPaths(io: Output, r: WhatIfReport): void {
  for (const which of ['gone', 'appeared'] as const) {
    const groups = new Map<string, { chain: string; step: string; goals: string[] }>();
    for (const g of r.goals) {
      for (const p of g[which]) {
        const chain = [p.path.entry || '?', ...p.path.assets].join(' > ');
        const step = p.steps[0] ?? `entry ${p.path.entry}`;
        const key = `${chain}|${step}`;
        const known = groups.get(key);
        if (!known) groups.set(key, { chain, step, goals: [g.goal] });
        else if (!known.goals.includes(g.goal)) known.goals.push(g.goal);
      }
    }
    if (groups.size === 0) continue;
    io.out('');
    io.out(which === 'gone' ? `Paths gone (${groups.size}), with the first step that no longer fires:` : `Paths appeared (${groups.size}), with the first step that did not fire before:`);
    const rows = [...groups.values()].sort((a, b) => b.goals.length - a.goals.length || a.chain.localeCompare(b.chain));
    for (const x of rows.slice(0, 12)) io.out(`  ${x.chain}  [${x.step}]  -> ${x.goals.length > 3 ? `${x.goals.slice(0, 3).join(', ')} and ${x.goals.length - 3} more` : x.goals.join(', ')}`);
    if (rows.length > 12) io.out(`  ... and ${rows.length - 12} more (--json lists them all)`);
  }
}
