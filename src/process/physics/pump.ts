/** Shutoff head as a multiple of the rated head: typical of radial centrifugal pumps. */
export const SHUTOFF_RATIO = 1.2;

export interface PumpRating {
  /** m³/h at rated speed and rated head. */
  maxFlow: number;
  /** m; without it the pump is a fixed-flow source and adds no known head. */
  ratedHead?: number;
}

export interface OperatingPoint {
  /** m³/h */
  flow: number;
  /** Head added by the pump, m. */
  head: number;
}

/**
 * Where a centrifugal pump runs. Pump curve (affinity laws, speed s in 0..1):
 *   H = H0·s² − (H0 − Hr)·q²,  q = Q/Qr,  H0 = 1.2·Hr
 * against a system curve assumed designed for the pump (static lift Hs plus
 * friction that costs the rated head at the rated flow):
 *   H = Hs + Hr·q²
 * Their intersection is q = sqrt(max(0, s² − Hs/H0)), H = Hs + Hr·q²; at
 * full speed this is Q = Qr·sqrt(1 − Hs/(1.2·Hr)). A worn impeller
 * (efficiency e, 0..1) scales flow by e and head by e².
 * Without a rated head: Q = e·s·Qr and no head.
 * Requires speed and efficiency in [0, 1] and staticHead ≥ 0.
 */
export function pumpOperatingPoint(rating: PumpRating, speed: number, staticHead: number, efficiency = 1): OperatingPoint {
  if (!(speed > 0) || !(efficiency > 0)) return { flow: 0, head: 0 };
  if (rating.ratedHead === undefined) return { flow: efficiency * speed * rating.maxFlow, head: 0 };
  const hr = rating.ratedHead * efficiency * efficiency;
  const h0 = SHUTOFF_RATIO * hr;
  const q2 = Math.max(0, speed * speed - staticHead / h0);
  const q = Math.sqrt(q2);
  return { flow: efficiency * q * rating.maxFlow, head: q2 > 0 ? staticHead + hr * q2 : h0 * speed * speed };
}

/** Shaft power, kW, scaled from the rated power by hydraulic work (Q·H) or, without a rated head, by the cube of speed. */
export function pumpPower(powerKw: number | undefined, rating: PumpRating, point: OperatingPoint, speed: number): number {
  if (powerKw === undefined || !(speed > 0)) return 0;
  if (rating.ratedHead === undefined) return powerKw * speed ** 3;
  return (powerKw * point.flow * point.head) / (rating.maxFlow * rating.ratedHead);
}
