import type { TwinModel } from '../model/index.js';
import { firstTrip } from './impact-compare.js';
import { LIMITS, TREND_POINTS, type Ctx, type ImpactReport, type ImpactTrend, type InterlockOutcome, type Interlock, type LimitName, type Run } from './impact-types.js';
import { outputsOf } from './takeover.js';

/** Words and series for people: the trend to plot, the interlock conditions, the notes and the one-paragraph summary of an impact report. */

export function trendOf(ctx: Ctx, run: Run): ImpactTrend {
  const crossed = new Set(run.crossings.map((c) => c.tag));
  const pick = ctx.watched.flatMap((t, i) => (crossed.has(t.id) || (crossed.size === 0 && i === run.closest) ? [i] : []));
  const n = run.trend[0]?.length ?? 0;
  const step = Math.max(1, Math.ceil((ctx.horizon * 1000) / TREND_POINTS / Math.round(ctx.dt * 1000))) * Math.round(ctx.dt * 1000);
  return {
    times: Array.from({ length: n }, (_, k) => (k * step) / 1000),
    series: pick.map((i) => {
      const t = ctx.watched[i]!;
      const limits = Object.fromEntries(LIMITS.flatMap((l) => (t.limits?.[l] === undefined ? [] : [[l, t.limits[l]!]])));
      return { tag: t.id, unit: t.unit, limits, values: run.trend[i]! };
    }),
  };
}

export function conditionText(b: Interlock, model: TwinModel): string {
  const unit = model.process.tags.find((t) => t.id === b.when.tag)?.unit ?? '';
  const u = unit && unit !== 'bool' ? ` ${unit}` : '';
  const parts = [b.when.above !== undefined ? `above ${b.when.above}${u}` : '', b.when.below !== undefined ? `below ${b.when.below}${u}` : ''].filter(Boolean);
  return `${b.when.tag} ${parts.join(' or ')}`;
}

export function whyChosen(run: Run, tried: number): string {
  const f = firstTrip(run.crossings);
  if (f) return `of ${tried} manipulations tried, it crosses a trip limit soonest (${f.tag} ${LIMIT_WORDS[f.limit]} after ${formatDuration(f.at)})`;
  return `of ${tried} manipulations tried, none crosses a trip limit; this one comes closest`;
}

/** Logic on a controlled asset that writes tags of other assets: the simulator cannot switch it off, so its writes go on. */
export function notesFor(model: TwinModel, controlled: Set<string>): string[] {
  const owner = new Map(model.process.tags.map((t) => [t.id, t.asset]));
  return model.process.controllers.flatMap((c) => {
    const foreign = controlled.has(c.asset) ? [...new Set(outputsOf(c).filter((t) => !controlled.has(owner.get(t) ?? '')))] : [];
    return foreign.length === 0 ? [] : [`${c.id} on ${c.asset} writes ${foreign.join(', ')} of other assets; the simulator cannot switch its logic off, so those writes go on after the takeover`];
  });
}

export const LIMIT_WORDS: Record<LimitName, string> = { lowLow: 'low-low', low: 'low', high: 'high', highHigh: 'high-high' };

/** "4 min 10 s", "1 h 2 min", "0.4 s". */
export function formatDuration(seconds: number): string {
  if (seconds < 10) return `${Number(seconds.toFixed(1))} s`;
  const s = Math.round(seconds);
  const parts = [Math.floor(s / 3600) && `${Math.floor(s / 3600)} h`, Math.floor((s % 3600) / 60) && `${Math.floor((s % 3600) / 60)} min`, s % 60 && `${s % 60} s`];
  return parts.filter(Boolean).join(' ');
}

function num(v: number): string {
  return String(Number(v.toPrecision(4)));
}

/** One paragraph for people: the takeover, the first trip and up to two more, and the interlocks that mattered (one mention per trip function). */
export function summarize(r: ImpactReport): string {
  const u = (unit: string) => (unit && unit !== 'bool' ? ` ${unit}` : '');
  const writes = r.manipulation.writes.map((w) => `${w.tag} = ${num(w.value)}${u(w.unit)}`).join(', ');
  const head = `${r.assets.join(', ')} taken over at ${num(r.takeoverAt)} s${writes ? ` (attacker sets ${writes})` : ' (outputs frozen)'}`;
  const trips = r.timeline.filter((c) => c.severity === 'trip' && c !== r.firstUnsafe).slice(0, 2);
  const f = r.firstUnsafe;
  const what = f
    ? `${f.tag} passes its ${LIMIT_WORDS[f.limit]} limit ${num(f.threshold)}${u(f.unit)} after ${formatDuration(f.at)} (reaches ${num(f.reached)}${u(f.unit)})${trips.map((c) => `, then ${c.tag} ${LIMIT_WORDS[c.limit]} ${num(c.threshold)}${u(c.unit)} after ${formatDuration(c.at)}`).join('')}`
    : `no safety limit crossed within ${formatDuration(r.horizon)}${r.timeline[0] ? ` (first alarm: ${r.timeline[0].tag} ${LIMIT_WORDS[r.timeline[0].limit]} after ${formatDuration(r.timeline[0].at)})` : ''}`;
  const parts = [`${head}: ${what}`];
  // Disabled interlocks are named when they guard a tag that crossed a trip limit; the rest are counted.
  const tripped = new Set(r.timeline.filter((c) => c.severity === 'trip').map((c) => c.tag));
  const seen = new Set<string>();
  const named = new Set<InterlockOutcome>();
  for (const i of r.interlocks) {
    // One trip function per controller and condition (as impact.ts groups them), keyed on the condition itself, not its text.
    const group = JSON.stringify([i.controller, i.when.tag, i.when.above, i.when.below]);
    const name = `the interlock on ${i.asset} (${i.description ?? i.condition})`;
    if (i.disabled && i.triggeredAt !== undefined && tripped.has(i.when.tag)) {
      named.add(i);
      if (!seen.has(group)) parts.push(`${name} was disabled by the attacker; it would have acted after ${formatDuration(i.triggeredAt)}`);
    } else if (i.acted && i.effect !== undefined && i.effect !== 'none') {
      const w = i.withoutIt?.[0];
      const alt = w ? `: without it ${w.tag} would pass ${LIMIT_WORDS[w.limit]} after ${formatDuration(w.at)} and reach ${num(w.reached)}${u(w.unit)}` : '';
      if (!seen.has(group)) parts.push(`${name} acted after ${formatDuration(i.triggeredAt!)} and ${i.effect === 'prevented' ? 'prevented a trip' : 'limited the excursion'}${alt}`);
    } else continue;
    seen.add(group);
  }
  const rest = r.interlocks.filter((i) => i.disabled && !named.has(i));
  if (rest.length > 0) {
    const on = [...new Set(rest.map((i) => i.asset))].join(', ');
    const would = rest.filter((i) => i.triggeredAt !== undefined).length;
    parts.push(`${rest.length}${named.size > 0 ? ' other' : ''} interlock${rest.length > 1 ? 's' : ''} on ${on} disabled by the attacker (${would === 0 ? 'none' : would} would have acted)`);
  }
  return `${parts.join('; ')}.`;
}
