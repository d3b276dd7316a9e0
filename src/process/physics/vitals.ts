/**
 * Pharmacodynamics: each vital sign moves from its baseline by a sigmoid
 * Emax (Hill) term per drug at the effect-site concentration Ce (mg/L):
 *   E = Emax·Ce^n / (EC50^n + Ce^n)
 * Effects of several drugs add. SpO2 follows respiratory depression:
 *   d = 1 − RR/RR0;  SpO2 = SpO2₀ − 40·clamp((d − 0.3)/0.7, 0, 1)
 * so saturation holds until breathing slows by 30 % and reaches 57 % at
 * apnoea. Parameters are per drug, with defaults here rather than in models;
 * they are illustrative values chosen to reproduce the clinical direction
 * and rough size of each effect, not a dosing reference.
 */
export interface HillEffect {
  /** Change at full effect, in the vital's unit (negative lowers it). */
  emax: number;
  ec50: number;
  hill: number;
}

export interface DrugEffects {
  /** Effect-site equilibration, 1/h. */
  ke0: number;
  map?: HillEffect;
  heartRate?: HillEffect;
  respiratoryRate?: HillEffect;
}

export const DRUG_EFFECTS: Record<string, DrugEffects> = {
  propofol: {
    ke0: 27,
    map: { emax: -25, ec50: 4, hill: 2 },
    heartRate: { emax: -10, ec50: 4, hill: 2 },
    respiratoryRate: { emax: -16, ec50: 2.5, hill: 2 },
  },
  norepinephrine: {
    ke0: 60,
    map: { emax: 60, ec50: 0.0095, hill: 1 },
    heartRate: { emax: -15, ec50: 0.0095, hill: 1 },
  },
  morphine: {
    ke0: 3,
    map: { emax: -15, ec50: 0.27, hill: 1 },
    heartRate: { emax: -20, ec50: 0.168, hill: 1 },
    respiratoryRate: { emax: -16, ec50: 0.294, hill: 1 },
  },
};

/** Baselines the patient model does not carry. */
export const DEFAULT_BASELINE = { respiratoryRate: 16, spo2: 97 } as const;

/** Parameters for a drug by name ("propofol 1%" finds propofol); undefined when unknown. */
export function drugEffects(drug: string): DrugEffects | undefined {
  const name = drug.toLowerCase();
  for (const [key, fx] of Object.entries(DRUG_EFFECTS)) if (name.includes(key)) return fx;
  return undefined;
}

export function hill(e: HillEffect | undefined, ce: number): number {
  if (!e || !(ce > 0)) return 0;
  const x = ce ** e.hill;
  return (e.emax * x) / (e.ec50 ** e.hill + x);
}

export interface Vitals {
  heartRate: number;
  map: number;
  respiratoryRate: number;
  spo2: number;
}

export interface Baselines {
  heartRate: number;
  map: number;
  respiratoryRate: number;
  spo2: number;
}

/** Vitals for effect-site concentrations of the given drugs. */
export function vitalsFor(base: Baselines, drugs: readonly { effects: DrugEffects | undefined; ce: number }[]): Vitals {
  let hr = base.heartRate;
  let map = base.map;
  let rr = base.respiratoryRate;
  for (const d of drugs) {
    hr += hill(d.effects?.heartRate, d.ce);
    map += hill(d.effects?.map, d.ce);
    rr += hill(d.effects?.respiratoryRate, d.ce);
  }
  rr = Math.max(0, rr);
  const depression = base.respiratoryRate > 0 ? 1 - rr / base.respiratoryRate : 0;
  const desat = 40 * Math.min(1, Math.max(0, (depression - 0.3) / 0.7));
  return { heartRate: Math.max(0, hr), map: Math.max(0, map), respiratoryRate: rr, spo2: Math.max(0, base.spo2 - desat) };
}
