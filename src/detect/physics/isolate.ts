import { EFFECT_PARTS, type Effect, type Member } from './relation.js';

/** One relation's evidence since the estimated onset: each block's standardised residual and its scale, oldest first. */
export interface RelationWindow {
  id: string;
  members: readonly Member[];
  alarmed: boolean;
  blocks: { start: number; end: number; z: number; scale: number; effects: readonly Effect[] }[];
}

export interface Hypothesis {
  member: Member;
  /** 'offset': the member is off by `estimate`; 'stuck': an actuator holds `estimate` whatever it is commanded; 'flip': an on/off member in the other state. */
  model: 'offset' | 'stuck' | 'flip';
  /** Fitted fault size in the member's unit (tag unit; m³/h for a tank loss, share of efficiency lost for a pump); the held value when stuck; 1 for a flip. */
  estimate: number;
  /** When the fault began (ms), as fitted. */
  onset: number;
  /** Sum over relations and blocks of squared standardised misfit; lower explains better. */
  chi2: number;
  /** Per relation: the window evidence (Σz/√K) this hypothesis expects. */
  expected: Record<string, number>;
  /** A step fitted at the end of the window: no block after it has shown the relation holding again yet. */
  unconfirmedStep: boolean;
  /** Whether any of its effects is a step. */
  step: boolean;
  /** Expected z per relation and block, flattened in window order (for comparing hypotheses). */
  profile: number[];
}

export interface Isolation {
  /** No-fault misfit: Σ z². */
  chi2None: number;
  /** Window evidence per relation: Σz/√K, N(0, 1) without a fault. */
  evidence: Record<string, number>;
  ranked: Hypothesis[];
}

const SPLITS = [1, 0.75, 0.5, 0.25];

/**
 * Single-fault isolation by least squares, a generalised likelihood ratio
 * over "which one member is wrong, since when": each block's standardised
 * residual z is compared with what a fault in member h would make it, from
 * the relations' effects (relation.ts). Persistent faults and flips start at
 * a fitted onset (a boundary between a block's time slices; a block the
 * onset cuts counts only its slices after it) and move every block after it; a step moves one block, or
 * two adjacent ones when it falls inside a block (its position is fitted per
 * relation). The size is fitted across all relations jointly and clipped to
 * what is physically possible; a continuous actuator is also tried as stuck
 * at one value whatever its command. Relations that do not contain h expect
 * nothing. The member that explains every relation's blocks with one fault,
 * while the relations without it hold, has the lowest misfit. Candidates
 * are the members of alarmed relations; ranked best first.
 */
export function isolate(windows: readonly RelationWindow[]): Isolation {
  const live = windows.filter((w) => w.blocks.length > 0);
  const evidence: Record<string, number> = {};
  let chi2None = 0;
  for (const w of live) {
    evidence[w.id] = w.blocks.reduce((s, b) => s + b.z, 0) / Math.sqrt(w.blocks.length);
    for (const b of w.blocks) chi2None += b.z * b.z;
  }
  const onsets = new Set<number>([-Infinity]);
  for (const w of live) {
    if (!w.alarmed) continue;
    for (const b of w.blocks) for (let q = 0; q < EFFECT_PARTS; q++) onsets.add(b.start + ((b.end - b.start) * q) / EFFECT_PARTS);
  }
  const candidates = new Map<string, Member>();
  for (const w of live) if (w.alarmed) for (const m of w.members) candidates.set(m.id, m);
  const ranked = [...candidates.values()].map((m) => fit(m, live, [...onsets], chi2None));
  ranked.sort((a, b) => a.chi2 - b.chi2 || order(a.member) - order(b.member));
  return { chi2None, evidence, ranked };
}

interface Terms {
  /** Persistent or flip effect of b = 1 per block, before the onset mask. */
  g: number[];
  /** The same split over the block's time slices (relation.ts EFFECT_PARTS), when the relation gives them. */
  parts: (number[] | undefined)[];
  /** Step effect of b = 1 per block, placed. */
  s: number[];
  /** Actuator value per block (for the stuck model). */
  at: number[];
  /** Per block, the stuck-at-value effects over the grid (scaled), when the relation gives them. */
  stuck: ({ values: number[]; parts: number[][] } | undefined)[];
}

function fit(member: Member, live: readonly RelationWindow[], onsets: readonly number[], chi2None: number): Hypothesis {
  let flip = false;
  let lo = -Infinity;
  let hi = Infinity;
  let unconfirmed = false;
  let hasStep = false;
  let canStick = member.kind === 'actuator' && !member.discrete;
  let cLo = -Infinity;
  let cHi = Infinity;
  const terms: Terms[] = live.map((w) => {
    const k = w.blocks.length;
    const t: Terms = {
      g: new Array<number>(k).fill(0),
      parts: new Array<number[] | undefined>(k).fill(undefined),
      s: new Array<number>(k).fill(0),
      at: new Array<number>(k).fill(0),
      stuck: new Array<{ values: number[]; parts: number[][] } | undefined>(k).fill(undefined),
    };
    let step = 0;
    const drift = new Array<number>(k).fill(0);
    w.blocks.forEach((b, i) => {
      const e = b.effects.find((x) => x.member === member.id);
      if (!e) return;
      lo = Math.max(lo, e.lo);
      hi = Math.min(hi, e.hi);
      const gi = e.perUnit / b.scale;
      if (e.shape === 'step') {
        if (Math.abs(gi) > Math.abs(step)) step = gi;
        drift[i] = (e.drift ?? 0) / b.scale;
        return;
      }
      t.g[i] = gi;
      if (e.parts) t.parts[i] = e.parts.map((x) => x / b.scale);
      if (e.stuck) t.stuck[i] = { values: e.stuck.values, parts: e.stuck.parts.map((p) => p.map((x) => x / b.scale)) };
      if (e.shape === 'flip') flip = true;
      if (e.at === undefined) canStick = false;
      else {
        t.at[i] = e.at;
        cLo = Math.max(cLo, e.lo + e.at);
        cHi = Math.min(cHi, e.hi + e.at);
      }
    });
    if (step !== 0) {
      hasStep = true;
      const p = stepProfile(w.blocks.map((b) => b.z));
      for (let i = 0; i < k; i++) t.s[i] = step * p.weights[i]! + (i >= p.first ? drift[i]! : 0);
      unconfirmed ||= p.last >= k - 1;
    }
    return t;
  });
  const hasGrid = terms.some((t) => t.stuck.some((x) => x !== undefined));
  const models: Hypothesis['model'][] = flip ? ['flip'] : canStick && !hasGrid ? ['offset', 'stuck'] : ['offset'];
  let best: { model: Hypothesis['model']; estimate: number; onset: number; chi2: number } | undefined;
  for (const onset of onsets) {
    for (const model of models) {
      // χ²(b) = Σ(z' − G·b)² with G = s + w·g and z' = z (+ w·g·at when stuck: μ = w·g·(c − at)).
      let zz = 0;
      let gz = 0;
      let gg = 0;
      live.forEach((w, r) => w.blocks.forEach((b, i) => {
        const t = terms[r]!;
        const wg = after(t.g[i]!, t.parts[i], b, onset);
        const G = t.s[i]! + wg;
        const z = model === 'stuck' ? b.z + wg * t.at[i]! : b.z;
        zz += z * z;
        gz += G * z;
        gg += G * G;
      }));
      let x = model === 'flip' ? 1 : gg > 0 ? gz / gg : 0;
      if (model === 'offset' && lo <= hi) x = Math.min(hi, Math.max(lo, x));
      if (model === 'stuck' && cLo <= cHi) x = Math.min(cHi, Math.max(cLo, x));
      const chi2 = zz - 2 * x * gz + x * x * gg;
      if (!best || chi2 < best.chi2 - 1e-9) best = { model, estimate: x, onset, chi2 };
    }
  }
  const grid = terms.flatMap((t) => t.stuck).find((x) => x !== undefined)?.values;
  if (canStick && grid) {
    // Stuck at one value, evaluated exactly at each grid value rather than linearised.
    for (const onset of onsets) {
      for (let ci = 0; ci < grid.length; ci++) {
        let chi2 = 0;
        live.forEach((w, r) => w.blocks.forEach((b, i) => {
          const t = terms[r]!;
          const st = t.stuck[i];
          const mu = st ? after(total(st.parts[ci]!), st.parts[ci], b, onset) : after(t.g[i]!, t.parts[i], b, onset) * (grid[ci]! - t.at[i]!);
          chi2 += (b.z - mu) ** 2;
        }));
        if (!best || chi2 < best.chi2 - 1e-9) best = { model: 'stuck', estimate: grid[ci]!, onset, chi2 };
      }
    }
  }
  const b = best ?? { model: 'offset' as const, estimate: 0, onset: -Infinity, chi2: chi2None };
  const expected: Record<string, number> = {};
  const profile: number[] = [];
  let chi2 = 0;
  live.forEach((w, r) => {
    let sum = 0;
    w.blocks.forEach((blk, i) => {
      const t = terms[r]!;
      const wg = after(t.g[i]!, t.parts[i], blk, b.onset);
      const st = t.stuck[i];
      const ci = b.model === 'stuck' && st ? st.values.indexOf(b.estimate) : -1;
      const mu = ci >= 0 ? after(total(st!.parts[ci]!), st!.parts[ci], blk, b.onset) : t.s[i]! * b.estimate + (b.model === 'stuck' ? wg * (b.estimate - t.at[i]!) : wg * b.estimate);
      chi2 += (blk.z - mu) ** 2;
      sum += mu;
      profile.push(mu);
    });
    expected[w.id] = sum / Math.sqrt(w.blocks.length);
  });
  const big = profile.some((x) => Math.abs(x) > 2);
  return { member, model: b.model, estimate: b.estimate, onset: b.onset, chi2, expected, unconfirmedStep: unconfirmed && big, step: hasStep, profile };
}

/** The part of a block's effect g after `onset`: by time slice when the relation split it, else in proportion to the time left. */
function after(g: number, parts: readonly number[] | undefined, b: { start: number; end: number }, onset: number): number {
  const frac = (from: number, to: number) => Math.min(1, Math.max(0, (to - onset) / (to - from)));
  if (!parts) return g * frac(b.start, b.end);
  const len = (b.end - b.start) / parts.length;
  let s = 0;
  parts.forEach((p, q) => {
    s += p * frac(b.start + q * len, b.start + (q + 1) * len);
  });
  return s;
}

/**
 * Where a step sits in a relation's blocks: all of it in block j, or split
 * between j and j + 1 (a step inside a block of a difference-of-means
 * residual shows partly in both). Chooses the placement that best lines up
 * with the residuals, whatever the size.
 */
function stepProfile(z: readonly number[]): { weights: number[]; first: number; last: number } {
  let best = { score: -1, weights: z.map(() => 0), first: 0, last: 0 };
  for (let j = 0; j < z.length; j++) {
    for (const w of SPLITS) {
      const weights = z.map(() => 0);
      weights[j] = w;
      if (w < 1 && j + 1 < z.length) weights[j + 1] = 1 - w;
      let dot = 0;
      let nn = 0;
      weights.forEach((p, i) => {
        dot += p * z[i]!;
        nn += p * p;
      });
      const score = (dot * dot) / nn;
      if (score > best.score) best = { score, weights, first: j, last: w < 1 ? j + 1 : j };
    }
  }
  return { weights: best.weights, first: best.first, last: best.last };
}

/**
 * Hypotheses the evidence so far cannot tell from `best`: they expect
 * nearly the same residuals (cosine ≥ 0.98 over every block) and fit about
 * as well (χ² within 1). A leak and an under-reading outflow meter on the
 * same tank are such a pair for good: only another measurement could
 * separate them.
 */
export function indistinguishable(best: Hypothesis, others: readonly Hypothesis[]): Hypothesis[] {
  const norm = (p: number[]) => Math.sqrt(p.reduce((s, x) => s + x * x, 0));
  const nb = norm(best.profile);
  return others.filter((h) => {
    if (h === best || h.chi2 - best.chi2 > 1) return false;
    const nh = norm(h.profile);
    if (nb === 0 || nh === 0) return nb === nh;
    const dot = h.profile.reduce((s, x, i) => s + x * best.profile[i]!, 0);
    return dot / (nb * nh) >= 0.98;
  });
}

/**
 * True when one more block could overturn `best`, a step not yet followed
 * by a quiet block: a persistent fault that is nearly as good would add
 * about its per-block effect squared to the step's misfit if the change
 * goes on. A leak's first blocks look like a level step; they differ once
 * the level keeps falling.
 */
export function stepUnsettled(best: Hypothesis, ranked: readonly Hypothesis[]): boolean {
  if (!best.unconfirmedStep) return false;
  const rival = ranked.find((h) => !h.step);
  if (!rival) return false;
  const perBlock = rival.profile.reduce((m, x) => Math.max(m, Math.abs(x)), 0);
  return rival.chi2 - best.chi2 < perBlock * perBlock;
}

/** Among equals, a process change first (it needs no instrument to lie), then sensors, then actuators. */
function order(m: Member): number {
  return m.kind === 'unit' ? 0 : m.kind === 'sensor' ? 1 : 2;
}

const total = (xs: readonly number[]) => xs.reduce((s, x) => s + x, 0);
