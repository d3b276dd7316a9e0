import type { Controller, LogicBlock, Tag, TwinModel } from '../model/index.js';

/** The shapes of a physical impact analysis (see `physicalImpact`), its limits and the state its runs share. */

export interface ImpactRequest {
  /** Assets the attacker controls (PLC/RTU/safety-controller/drive ids): every tag they write is the attacker's, and logic running on them (interlocks included) is disabled. */
  assets: string[];
  /** Simulated seconds after the takeover (default 3600). */
  horizon?: number;
  /** Seconds of normal operation before the takeover (default 300). */
  takeoverAt?: number;
  seed?: number;
  /** 'worst' (default): search for the manipulation that crosses a safety limit soonest; or explicit writes. */
  manipulation?: 'worst' | { tag: string; value: number }[];
}

export type LimitName = 'lowLow' | 'low' | 'high' | 'highHigh';

/** A sensor or status tag's true (physical) value passing one of its limits after the takeover. */
export interface LimitCrossing {
  /** Seconds after the takeover. */
  at: number;
  tag: string;
  unit: string;
  limit: LimitName;
  /** trip for lowLow/highHigh (a safety limit), alarm for low/high. */
  severity: 'trip' | 'alarm';
  /** The limit's value. */
  threshold: number;
  /** The most extreme value beyond the limit until the end of the run. */
  reached: number;
  /** |reached − threshold| as a share of the tag's range. */
  excess: number;
}

/** A tag the controlled assets write. */
export interface CommandedTag {
  tag: string;
  unit: string;
  range: { min: number; max: number };
  /**
   * output: an actuator of a controlled asset; the attacker's program drives it (nothing else reaches it).
   * setpoint: a setpoint of a controlled asset that logic on another asset reads.
   * network: a tag of another asset that a controlled asset may write (its writableBy, or logic on it); the owner's logic still runs and may override the writes.
   */
  via: 'output' | 'setpoint' | 'network';
  /** Its value (command register) at the takeover. */
  atTakeover: number;
}

export interface ManipulationWrite {
  tag: string;
  value: number;
  unit: string;
}

export interface TriedManipulation {
  /** Writes beyond freezing the outputs; empty: outputs frozen at their takeover values. */
  writes: ManipulationWrite[];
  firstUnsafe?: LimitCrossing;
  /** Limit crossings (alarm and trip) within the horizon. */
  crossings: number;
}

export interface InterlockOutcome {
  controller: string;
  /** The asset the interlock runs on. */
  asset: string;
  description?: string;
  /** e.g. "raw-tank-level above 5.4 m → intake-pump-1-run = 0". */
  condition: string;
  when: { tag: string; above?: number; below?: number };
  force: { tag: string; value: number };
  /** It runs on a controlled asset: the attacker disabled it. */
  disabled: boolean;
  /** It forces an output of a controlled asset, which obeys only the attacker: forcing it changes nothing. */
  overridden: boolean;
  /** Seconds after the takeover its condition first held (it acted, or, disabled, would have); undefined: never within the horizon. */
  triggeredAt?: number;
  /** How many times its condition came to hold (again after 10 s clear). */
  trips: number;
  /** It forced its output: triggered, neither disabled nor overridden. */
  acted: boolean;
  /**
   * What acting did, judged against a run without it (without every
   * interlock of its controller on the same condition): prevented — a trip
   * limit is crossed only without it; limited — crossings come sooner or go
   * further without it; none. Undefined when it did not act.
   */
  effect?: 'prevented' | 'limited' | 'none';
  /** The trip crossings of the run without it that are new, sooner or further. */
  withoutIt?: LimitCrossing[];
}

export interface ImpactTrend {
  /** Seconds after the takeover, evenly spaced from 0. */
  times: number[];
  /** Tags that crossed a limit (the closest to a trip limit when none did), true values. */
  series: { tag: string; unit: string; limits: Partial<Record<LimitName, number>>; values: number[] }[];
}

export interface ImpactReport {
  assets: string[];
  takeoverAt: number;
  horizon: number;
  seed: number;
  /** Simulator step, s. */
  dt: number;
  commanded: CommandedTag[];
  manipulation: {
    mode: 'worst' | 'explicit';
    /** What the attacker writes; outputs of controlled assets not listed stay at their takeover values. */
    writes: ManipulationWrite[];
    why: string;
    tried: TriedManipulation[];
  };
  /** Every limit crossing after the takeover, in time order (limits already passed at the takeover left out). */
  timeline: LimitCrossing[];
  /** The first safety (trip) limit crossing. */
  firstUnsafe?: LimitCrossing;
  interlocks: InterlockOutcome[];
  /** Crossings over the same window without the takeover (normally none). */
  withoutAttack: LimitCrossing[];
  trend: ImpactTrend;
  /** Simulated runs made. */
  runs: number;
  /** Limits of the simulation that apply to this result. */
  notes: string[];
  summary: string;
}

/** Longest horizon and takeover time accepted, s: bounds the work one API request can cause. */
export const MAX_SECONDS = 86_400;
/** Crossings less than this many seconds apart count as simultaneous. */
export const TIE = 1;
export const TREND_POINTS = 300;
export const LIMITS: readonly LimitName[] = ['lowLow', 'low', 'high', 'highHigh'];
/** Alarm messages of the probe blocks, never a real one. */
export const PROBE = '\u0000impact-probe:';

export type Interlock = Extract<LogicBlock, { type: 'interlock' }>;
export interface Commanded {
  tag: Tag;
  via: CommandedTag['via'];
  /** Host the attacker's network writes come from. */
  host: string;
}
export interface Probe {
  controller: Controller;
  block: Interlock;
  /** Interlocks of one controller on one condition form one trip function. */
  group: string;
  disabled: boolean;
  overridden: boolean;
}
export interface Run {
  crossings: LimitCrossing[];
  /** Least share of a trip limit's margin at the takeover left during the run (negative once crossed), and its watched tag. */
  margin: number;
  closest: number;
  probes: { first?: number; count: number }[];
  atTakeover: number[];
  trend: number[][];
  warnings: readonly string[];
}
export interface Ctx {
  model: TwinModel;
  seed: number;
  dt: number;
  takeoverAt: number;
  horizon: number;
  commanded: Commanded[];
  probes: Probe[];
  watched: Tag[];
  /** Simulated runs so far. */
  runs: number;
}
