export interface OnOffParams {
  onBelow?: number;
  offAbove?: number;
  onAbove?: number;
  offBelow?: number;
}

/**
 * Bang-bang decision with hysteresis, as a PLC set/reset rung: 1 when the
 * input is past the "on" threshold (strictly below onBelow, or above
 * onAbove), 0 when past the "off" one, and undefined in between — the rung
 * then writes nothing and the output keeps whatever it holds, including a
 * value an operator (or an attacker) wrote over the network.
 */
export function onOffDecision(p: OnOffParams, input: number): 0 | 1 | undefined {
  if (p.onBelow !== undefined && p.offAbove !== undefined) {
    if (input < p.onBelow) return 1;
    if (input > p.offAbove) return 0;
    return undefined;
  }
  if (p.onAbove !== undefined && p.offBelow !== undefined) {
    if (input > p.onAbove) return 1;
    if (input < p.offBelow) return 0;
  }
  return undefined;
}
