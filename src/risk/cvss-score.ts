import aeCvss from 'ae-cvss-calculator';
import { CvssError, parseCvssVector, type CvssVector, type CvssVersion } from './cvss-vector.js';

// The package is a CommonJS (UMD) bundle: Node exposes its classes only on the
// default export, so named ESM imports fail at runtime.
const { Cvss3P0, Cvss3P1, Cvss4P0 } = aeCvss;

export type CvssSeverity = 'none' | 'low' | 'medium' | 'high' | 'critical';

export interface CvssScore {
  version: CvssVersion;
  /** The vector exactly as given. */
  vector: string;
  /**
   * v3.x: the CVSS base score. v4.0: the score of the full vector, i.e.
   * CVSS-BTE when threat/environmental metrics are present (CVSS-B when they
   * are not); v4.0 has no separate base/temporal/environmental equations.
   */
  base: number;
  /** v3.x only, always set (CVSS 3.1 §3.2: a vector without E/RL/RC scores as if X). */
  temporal?: number;
  /** v3.x only, always set (CVSS 3.1 §4: requirements X weigh 1, modified metrics X take the base value). */
  environmental?: number;
  /** Qualitative rating of `base` (CVSS 3.1 §5, CVSS 4.0 §6: 0 none, <4 low, <7 medium, <9 high). */
  severity: CvssSeverity;
}

/**
 * Scores a CVSS 3.0, 3.1 or 4.0 vector with ae-cvss-calculator.
 *
 * The vector is validated with parseCvssVector first because the library
 * silently defaults missing metrics and ignores some malformed parts; a vector
 * is attacker- or vendor-supplied text. Throws CvssError('invalid-cvss') naming
 * the bad part, or, if the library itself fails, quoting the vector with the
 * library's error as `cause`.
 */
export function scoreCvss(vector: string): CvssScore {
  const parsed = parseCvssVector(vector);
  let score: CvssScore;
  try {
    score = parsed.version === '4.0' ? scoreV4(parsed) : scoreV3(parsed);
  } catch (err) {
    if (err instanceof CvssError) throw err;
    const reason = err instanceof Error ? err.message : String(err);
    throw new CvssError('invalid-cvss', `cannot score CVSS vector "${vector}": ${reason}`, { cause: err });
  }
  for (const value of [score.base, score.temporal, score.environmental]) {
    if (value !== undefined && !(Number.isFinite(value) && value >= 0 && value <= 10)) {
      throw new CvssError('invalid-cvss', `scoring CVSS vector "${vector}" gave ${value}, outside 0..10`);
    }
  }
  return score;
}

function scoreV3(parsed: CvssVector): CvssScore {
  const cvss = parsed.version === '3.0' ? new Cvss3P0(parsed.vector) : new Cvss3P1(parsed.vector);
  const scores = cvss.calculateScores();
  let { temporal, environmental } = scores;
  // The library reports temporal/environmental only when the vector sets a
  // metric of that group. Setting one metric to the value whose weight equals
  // X's (E:H = E:X = 1; CR:M = CR:X = 1, CVSS 3.1 §7.3) yields the spec score.
  if (temporal === undefined || environmental === undefined) {
    const neutral = cvss.clone();
    if (temporal === undefined) neutral.applyComponentString('E', 'H');
    if (environmental === undefined) neutral.applyComponentString('CR', 'M');
    const filled = neutral.calculateScores();
    temporal ??= filled.temporal;
    environmental ??= filled.environmental;
  }
  const base = required(scores.base, 'base');
  return {
    version: parsed.version,
    vector: parsed.vector,
    base,
    temporal: required(temporal, 'temporal'),
    environmental: required(environmental, 'environmental'),
    severity: severityOf(base),
  };
}

function scoreV4(parsed: CvssVector): CvssScore {
  const base = new Cvss4P0(parsed.vector).calculateScores().overall;
  return { version: '4.0', vector: parsed.vector, base, severity: severityOf(base) };
}

function required(value: number | undefined, what: string): number {
  if (value === undefined) throw new Error(`library returned no ${what} score`);
  return value;
}

/** CVSS 3.1 §5 / CVSS 4.0 §6 qualitative severity rating scale. */
export function severityOf(score: number): CvssSeverity {
  if (score === 0) return 'none';
  if (score < 4) return 'low';
  if (score < 7) return 'medium';
  if (score < 9) return 'high';
  return 'critical';
}

export interface ExploitFacts {
  attackVector: 'network' | 'adjacent' | 'local' | 'physical';
  complexity: 'low' | 'high';
  /** v4 AT:P; always false for v3, which folds such conditions into AC:H. */
  attackRequirements: boolean;
  privilegesRequired: 'none' | 'low' | 'high';
  /** v3 UI:R; v4 UI:P or UI:A. */
  userInteraction: boolean;
  /** v3 S:C; v4 any of SC, SI, SA is H. */
  scopeChanged: boolean;
  /** Foothold the attacker gains; see exploitFacts. */
  gains: 'none' | 'user' | 'admin';
  /** A:H (v3) or VA:H (v4). */
  availability: boolean;
  /** C:H (v3) or VC:H (v4). */
  confidentiality: boolean;
  /** Ease of exploitation in [0, 1]; see exploitFacts. */
  exploitability: number;
}

const AV = { N: 'network', A: 'adjacent', L: 'local', P: 'physical' } as const;
const PR = { N: 'none', L: 'low', H: 'high' } as const;

// CVSS 3.1 §7.4 metric weights.
const W_AV: Record<string, number> = { N: 0.85, A: 0.62, L: 0.55, P: 0.2 };
const W_AC: Record<string, number> = { L: 0.77, H: 0.44 };
const W_PR_UNCHANGED: Record<string, number> = { N: 0.85, L: 0.62, H: 0.27 };
const W_PR_CHANGED: Record<string, number> = { N: 0.85, L: 0.68, H: 0.5 };
const W_UI_NONE = 0.85;
const W_UI_REQUIRED = 0.62;
/** 8.22 × 0.85 × 0.77 × 0.85 × 0.85 = 3.887…, the largest v3.1 exploitability sub-score. */
const MAX_EXPLOITABILITY = 3.887;
/** v4 AT:P costs what v3 AC:H costs relative to AC:L (0.44 / 0.77 = 4/7). */
const AT_PRESENT_FACTOR = W_AC.H! / W_AC.L!;

/**
 * Facts about one vulnerability that an attack graph needs, read from the
 * base metrics of a CVSS 3.0/3.1/4.0 vector (modified environmental metrics
 * are ignored). Throws CvssError as parseCvssVector does.
 *
 * gains: 'admin' when integrity and confidentiality are both High (v3 I:H and
 * C:H; v4 VI:H and VC:H), or when the scope changes and integrity is High
 * (v3 S:C with I:H; v4 SC/SI/SA:H with VI:H); 'user' when integrity or
 * confidentiality is at least Low; otherwise 'none': a pure availability bug
 * gives no foothold.
 *
 * exploitability: the CVSS 3.1 exploitability sub-score 8.22 × AV × AC × PR × UI
 * (§7.1, weights §7.4; PR uses the scope-changed weights when S:C) divided by
 * its maximum 3.887 and clamped to [0, 1]. For v4 the same formula with v3
 * weights: AV, AC as in v3; AT:P multiplies by a further 0.44/0.77 (≈ 0.571), so
 * AC:L/AT:P scores like v3 AC:H, whose conditions v4 split into AC and AT;
 * UI:P and UI:A take UI:R's 0.62; PR always takes the scope-unchanged weights.
 */
export function exploitFacts(vector: string): ExploitFacts {
  const { version, metrics: m } = parseCvssVector(vector);
  const v4 = version === '4.0';
  const high = (name: string) => m[name] === 'H';
  const atLeastLow = (name: string) => m[name] === 'H' || m[name] === 'L';
  const [c, i, a] = v4 ? ['VC', 'VI', 'VA'] : ['C', 'I', 'A'];
  const scopeChanged = v4 ? high('SC') || high('SI') || high('SA') : m.S === 'C';
  const attackRequirements = v4 && m.AT === 'P';
  const userInteraction = m.UI !== 'N';

  const av = m.AV as keyof typeof AV;
  const pr = m.PR as keyof typeof PR;
  const prWeights = !v4 && scopeChanged ? W_PR_CHANGED : W_PR_UNCHANGED;
  const raw = 8.22 * W_AV[av]! * W_AC[m.AC!]! * (attackRequirements ? AT_PRESENT_FACTOR : 1) *
    prWeights[pr]! * (userInteraction ? W_UI_REQUIRED : W_UI_NONE);

  let gains: ExploitFacts['gains'] = 'none';
  if ((high(i) && high(c)) || (scopeChanged && high(i))) gains = 'admin';
  else if (atLeastLow(i) || atLeastLow(c)) gains = 'user';

  return {
    attackVector: AV[av],
    complexity: m.AC === 'H' ? 'high' : 'low',
    attackRequirements,
    privilegesRequired: PR[pr],
    userInteraction,
    scopeChanged,
    gains,
    availability: high(a),
    confidentiality: high(c),
    exploitability: Math.min(1, Math.max(0, raw / MAX_EXPLOITABILITY)),
  };
}
