import { formatDuration, type AttackScenario, type Distribution, type ScenarioImpact, type ScenarioResult } from '../../attack/index.js';
import type { Output } from '../output.js';
import { hours, percent, table } from '../text-table.js';

/** Rows of the asset table; the rest are counted. */
const ASSETS_SHOWN = 12;
/** Rows of the zero-day ranking. */
const SWEEP_SHOWN = 10;
/** Time marks of the encrypted-hosts table. */
const SPREAD_ROWS = 8;
const BLOCKS = ' ▁▂▃▄▅▆▇█';

const h = (v: number | undefined) => (v === undefined ? '-' : hours(v));
const dist = (d: Distribution) => [percent(d.probability), h(d.p10), h(d.p50), h(d.p90)];
const plural = (n: number, word: string) => `${n.toLocaleString('en')} ${word}${n === 1 ? '' : 's'}`;

/** A text sparkline of `values` scaled to [0, max], one character per value. */
function sparkline(values: readonly number[], max: number): string {
  return values.map((v) => BLOCKS[max > 0 ? Math.round((Math.max(0, Math.min(v, max)) / max) * (BLOCKS.length - 1)) : 0]).join('');
}

/** The text report of `twinward simulate`: goals, assets, then what the scenario's kind adds, then the physical impact. */
export function printSimulation(io: Output, r: ScenarioResult, o: { model: string; scenario: AttackScenario; seconds: number }): void {
  const c = r.campaign;
  io.out(`${r.scenario} (${r.kind}) on ${o.model}: ${c.runs.toLocaleString('en')} runs, seed ${c.seed}, horizon ${hours(c.horizonHours)}; simulated in ${o.seconds.toFixed(2)} s`);
  io.out(`entries: ${r.entries.join(', ')}`);
  if (c.detected > 0) io.out(`detected: ${percent(c.detected)} of runs (contained ${hours(o.scenario.responseHours)} after the detection)`);
  io.out('');
  io.out(`Goals: ${c.goals.filter((g) => g.reached.probability > 0).length} of ${c.goals.length} reached in some run; hours to reach over the runs that did`);
  table(io, ['goal', 'reached', 'p10', 'p50', 'p90'], c.goals.map((g) => [g.goal, ...dist(g.reached)]), '  ');
  io.out('');
  io.out(`Assets most often compromised (${Math.min(ASSETS_SHOWN, c.assets.length)} of ${c.assets.length} ever taken):`);
  table(io, ['asset', 'owner', 'compromised', 'p50'], c.assets.slice(0, ASSETS_SHOWN).map((a) => [a.asset, a.domain ?? '-', percent(a.compromised.probability), h(a.compromised.p50)]), '  ');
  if (r.spread) printSpread(io, r.spread);
  if (r.services) printServices(io, r);
  if (r.sweep) printSweep(io, r);
  if (r.impact) printImpact(io, r.impact);
}

function printSpread(io: Output, s: NonNullable<ScenarioResult['spread']>): void {
  io.out('');
  const top = Math.max(1, ...s.p90);
  io.out(`Encrypted hosts over ${hours(s.times.at(-1) ?? 0)} (of ${s.hosts} assets; each line 0 to ${top}):`);
  io.out(`  mean  ${sparkline(s.mean, top)}  ${Number((s.mean.at(-1) ?? 0).toFixed(1))} at the end`);
  io.out(`  p90   ${sparkline(s.p90, top)}  ${s.p90.at(-1) ?? 0} at the end`);
  const step = Math.max(1, Math.round(s.times.length / SPREAD_ROWS));
  const marks = s.times.map((_, i) => i).filter((i) => (i + 1) % step === 0 || i === s.times.length - 1);
  table(io, ['hours', 'mean', 'p90'], [...new Set(marks)].map((i) => [hours(s.times[i]!), s.mean[i]!.toFixed(1), String(s.p90[i])]), '  ');
}

function printServices(io: Output, r: ScenarioResult): void {
  const down = r.services!.filter((x) => x.outage.probability > 0);
  io.out('');
  if (down.length === 0) {
    io.out('Services down: none in any run');
    return;
  }
  io.out(`Services down: ${down.length} of ${r.services!.length} in some run; "through a dependency" counts runs where its own hosts were fine`);
  table(
    io,
    ['service', 'owner', 'down', 'p50', 'through a dependency'],
    down.map((x) => [x.service, x.domain, percent(x.outage.probability), h(x.outage.p50), x.throughDependency ? plural(x.throughDependency, 'run') : '-']),
    '  ',
  );
  const owners = new Map<string, number>();
  for (const x of down) owners.set(x.domain, (owners.get(x.domain) ?? 0) + 1);
  io.out(`  by owner: ${[...owners].map(([d, n]) => `${d} ${plural(n, 'service')}`).join(', ')}`);
}

function printSweep(io: Output, r: ScenarioResult): void {
  const ranked = r.sweep!.filter((x) => x.newGoals.length > 0 || x.likelihoodGain > 0);
  io.out('');
  io.out(`Zero-day sweep: ${ranked.length} of ${r.sweep!.length} components whose zero-day opens a goal or makes one likelier (top ${Math.min(SWEEP_SHOWN, ranked.length)}):`);
  if (ranked.length === 0) return;
  table(
    io,
    ['asset', 'owner', 'new goals', 'likelihood gain', 'goals opened'],
    ranked.slice(0, SWEEP_SHOWN).map((x) => [x.asset, x.domain, String(x.newGoals.length), `+${(x.likelihoodGain * 100).toFixed(1)} pts`, x.newGoals.join(', ') || '-']),
    '  ',
  );
}

function printImpact(io: Output, i: ScenarioImpact): void {
  io.out('');
  io.out(`Physical impact (the plant simulator, ${hours(i.horizonSeconds / 3600)} after each takeover):`);
  if (i.takeovers.length) {
    table(io, ['controller', 'owner', 'taken', 'median', 'first taken'], i.takeovers.map((t) => [t.asset, t.domain, percent(t.probability), hours(t.medianHours), percent(t.firstTaken)]), '  ');
  }
  io.out(`  ${i.summary}`);
  for (const s of i.simulated) {
    io.out(`  ${s.asset}: ${s.report.summary}`);
    const crossings = s.report.timeline.slice(0, 6);
    if (crossings.length) table(io, ['after', 'tag', 'limit', 'severity', 'reached'], crossings.map((x) => [formatDuration(x.at), x.tag, `${x.limit} ${x.threshold} ${x.unit}`, x.severity, `${Number(x.reached.toPrecision(4))} ${x.unit}`]), '    ');
  }
}
