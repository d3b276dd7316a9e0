import type { ProcessUnit } from '../../model/index.js';
import { advanceConcentration, advanceEffectSite, linePressure, steadyConcentration } from './pharmacokinetics.js';
import { DEFAULT_BASELINE, drugEffects, vitalsFor, type DrugEffects, type Vitals } from './vitals.js';
import { HOUR } from './water.js';

type InfusionPump = Extract<ProcessUnit, { kind: 'infusion-pump' }>;
type Patient = Extract<ProcessUnit, { kind: 'patient' }>;

interface Infusion {
  /** Index into `pumps`. */
  pump: number;
  effects: DrugEffects | undefined;
  /** Plasma and effect-site concentration, mg/L. */
  plasma: number;
  effect: number;
}

/**
 * Infusion pumps feeding patients. A pump delivers its programmed rate
 * (mL/h, clamped to 0..maxRate) while running and its syringe or bag holds
 * drug; each patient keeps one compartment per pump in its inlets (see
 * pharmacokinetics.ts) and derives vitals from the effect-site levels (see
 * vitals.ts).
 */
export class DrugNetwork {
  readonly pumps: InfusionPump[];
  readonly patients: Patient[];
  readonly pumpIndex: Map<string, number>;
  readonly patientIndex: Map<string, number>;
  /** Inputs per pump: programmed rate (mL/h) and running (0/1). */
  readonly rate: Float64Array;
  readonly run: Float64Array;
  /** State per pump: mL left, mL/h delivered. */
  readonly remaining: Float64Array;
  readonly delivered: Float64Array;
  readonly vitals: Vitals[];
  readonly warnings: string[] = [];
  #infusions: Infusion[][];

  constructor(units: readonly ProcessUnit[]) {
    this.pumps = units.filter((u): u is InfusionPump => u.kind === 'infusion-pump');
    this.patients = units.filter((u): u is Patient => u.kind === 'patient');
    this.pumpIndex = new Map(this.pumps.map((p, i) => [p.id, i]));
    this.patientIndex = new Map(this.patients.map((p, i) => [p.id, i]));
    const n = this.pumps.length;
    this.rate = new Float64Array(n);
    this.run = new Float64Array(n).fill(1);
    this.remaining = new Float64Array(this.pumps.map((p) => p.volume));
    this.delivered = new Float64Array(n);
    const unitKind = new Map(units.map((u) => [u.id, u.kind]));
    this.#infusions = this.patients.map((pt) =>
      pt.inlets.flatMap((id) => {
        const pump = this.pumpIndex.get(id);
        if (pump === undefined) {
          this.warnings.push(`patient "${pt.id}": inlet "${id}" is a ${unitKind.get(id) ?? 'missing unit'}, not an infusion pump; ignored`);
          return [];
        }
        const effects = drugEffects(this.pumps[pump]!.drug);
        if (!effects) this.warnings.push(`infusion pump "${id}": no pharmacodynamic parameters for "${this.pumps[pump]!.drug}"; the vitals of "${pt.id}" ignore it`);
        return [{ pump, effects, plasma: 0, effect: 0 }];
      }),
    );
    this.vitals = this.patients.map((pt) => this.#baseline(pt));
  }

  /**
   * Puts every patient at the steady state of the current delivery, with
   * syringes refilled; with `relax` < 1, concentrations move only that share
   * of the way (see WaterNetwork.settleQuality).
   */
  settle(relax = 1): void {
    this.remaining.set(this.pumps.map((p) => p.volume));
    this.#deliver();
    this.patients.forEach((pt, i) => {
      for (const inf of this.#infusions[i]!) {
        const css = steadyConcentration({ volume: pt.distributionVolume, clearance: pt.clearance }, this.#doseRate(inf));
        inf.plasma += relax * (css - inf.plasma);
        inf.effect = inf.plasma;
      }
      this.vitals[i] = this.#vitalsOf(i);
    });
  }

  step(dt: number): void {
    this.#deliver();
    const hours = dt / HOUR;
    this.pumps.forEach((_, i) => {
      this.remaining[i] = Math.max(0, this.remaining[i]! - this.delivered[i]! * hours);
    });
    this.patients.forEach((pt, i) => {
      const compartment = { volume: pt.distributionVolume, clearance: pt.clearance };
      for (const inf of this.#infusions[i]!) {
        inf.plasma = advanceConcentration(compartment, inf.plasma, this.#doseRate(inf), hours);
        inf.effect = advanceEffectSite(inf.effect, inf.plasma, inf.effects?.ke0 ?? Infinity, hours);
      }
      this.vitals[i] = this.#vitalsOf(i);
    });
  }

  /** Plasma concentration, mg/L, of the patient's first infused drug (0 without one). */
  concentration(patient: number): number {
    return this.#infusions[patient]![0]?.plasma ?? 0;
  }

  linePressure(pump: number): number {
    return linePressure(this.delivered[pump]!);
  }

  #deliver(): void {
    this.pumps.forEach((p, i) => {
      const on = this.run[i]! >= 0.5 && this.remaining[i]! > 0;
      this.delivered[i] = on ? Math.min(p.maxRate, Math.max(0, this.rate[i]!)) : 0;
    });
  }

  /** mg/h: mL/h × mg/mL. */
  #doseRate(inf: Infusion): number {
    return this.delivered[inf.pump]! * this.pumps[inf.pump]!.concentration;
  }

  #vitalsOf(i: number): Vitals {
    const base = this.#baseline(this.patients[i]!);
    return vitalsFor(base, this.#infusions[i]!.map((inf) => ({ effects: inf.effects, ce: inf.effect })));
  }

  #baseline(pt: Patient): Vitals {
    return { heartRate: pt.baselineHeartRate, map: pt.baselineMeanPressure, ...DEFAULT_BASELINE };
  }
}
