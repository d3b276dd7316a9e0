/** Heat capacity of a water flow, kW/K, at `flow` m³/h (ρ·cp·Q with cp = 4.186 kJ/(kg·K)). */
export function waterCapacityRate(flow: number): number {
  return (1000 * 4.186 * Math.max(0, flow)) / 3600;
}

/**
 * Cold-side outlet temperature by the effectiveness–NTU method with the hot
 * side held at `hotInlet` (a utility stream much larger than the process
 * flow, so Cr = Cmin/Cmax → 0): ε = 1 − exp(−NTU), NTU = UA / C_cold,
 * T_out = T_in + ε·(T_hot − T_in). No flow: the outlet stays at `tin`.
 */
export function heatExchangerOutlet(ua: number, flow: number, tin: number, hotInlet: number): number {
  const c = waterCapacityRate(flow);
  if (!(c > 0)) return tin;
  const eff = 1 - Math.exp(-ua / c);
  return tin + eff * (hotInlet - tin);
}
