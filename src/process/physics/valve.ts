/** Rangeability of equal-percentage trims (ratio of the largest to the smallest controllable flow). */
export const RANGEABILITY = 50;

export type ValveCharacteristic = 'linear' | 'equal-percentage' | 'quick-opening';

/**
 * Fraction of the full-open flow at `position` % open (0..100, clamped).
 * equal-percentage uses the form (R^x − 1)/(R − 1), which closes tight at 0
 * and reaches 1 at full open; quick-opening is sqrt(x).
 */
export function valveFlowFraction(characteristic: ValveCharacteristic, position: number): number {
  const x = Math.min(1, Math.max(0, position / 100));
  switch (characteristic) {
    case 'linear':
      return x;
    case 'equal-percentage':
      return (RANGEABILITY ** x - 1) / (RANGEABILITY - 1);
    case 'quick-opening':
      return Math.sqrt(x);
  }
}

/**
 * Moves the stem toward `target` % at the actuator's rate: full stroke
 * (0 to 100 %) takes `travelTime` s; 0 means it moves at once.
 */
export function moveValve(position: number, target: number, travelTime: number, dt: number): number {
  const goal = Math.min(100, Math.max(0, target));
  if (!(travelTime > 0)) return goal;
  const step = (100 / travelTime) * dt;
  if (Math.abs(goal - position) <= step) return goal;
  return position + Math.sign(goal - position) * step;
}
