export type AlarmKind = 'low' | 'high' | 'lowLow' | 'highHigh' | 'alarm';
export type AlarmSeverity = 'low' | 'medium' | 'high' | 'critical';

/** An alarm raised during a run: a tag crossing one of its limits, or a controller's alarm block. */
export interface AlarmRecord {
  /** Simulated time, ms since the epoch. */
  time: number;
  tag: string;
  kind: AlarmKind;
  /** The reported value that raised it. */
  value: number;
  message: string;
  severity: AlarmSeverity;
  /** Controller whose alarm block raised it. */
  controller?: string;
}

/** A condition `tag above x` and/or `below y`; true when either given bound is crossed. */
export function conditionHolds(when: { above?: number; below?: number }, value: number): boolean {
  return (when.above !== undefined && value > when.above) || (when.below !== undefined && value < when.below);
}

/** ms a condition must stay false before its alarm clears and can be raised again (alarm chatter suppression, as in ISA-18.2 off-delays). */
export const CLEAR_DELAY = 10_000;
