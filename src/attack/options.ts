import { CHANGE_COSTS, STEPS, type StepCost } from './defaults.js';

/** A hypothetical vulnerability (zero-day what-if) on one asset. */
export interface ZeroDay {
  asset: string;
  /** CVSS vector of the hypothetical bug; default a remote, unauthenticated, full-impact one. */
  cvss?: string;
  id?: string;
}

/** A connection seen on the network (flow records) that the conduits do not declare. */
export interface ObservedFlow {
  from: string;
  to: string;
  protocol: string;
  port?: number;
}

export interface AttackOptions {
  /** Overrides of step times and probabilities (defaults.ts STEPS). */
  steps?: Partial<Record<keyof typeof STEPS, StepCost>>;
  /** Overrides of hardening change costs (defaults.ts CHANGE_COSTS). */
  changeCosts?: Partial<Record<keyof typeof CHANGE_COSTS, number>>;
  /** Hypothetical vulnerabilities to add (zero-day what-ifs). */
  zeroDays?: readonly ZeroDay[];
  /** Live flows outside the conduits: they widen reachability. */
  observedFlows?: readonly ObservedFlow[];
}

export const ZERO_DAY_CVSS = 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H';

export function stepOf(options: AttackOptions, name: keyof typeof STEPS): StepCost {
  return options.steps?.[name] ?? STEPS[name];
}

export function changeCost(options: AttackOptions, name: keyof typeof CHANGE_COSTS): number {
  return options.changeCosts?.[name] ?? CHANGE_COSTS[name];
}
