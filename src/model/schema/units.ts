import { z } from 'zod';
import { Description, Id, Name, Ref } from './common.js';

/** Fields every process unit has; `inlets` wire the flow topology. */
const base = {
  id: Id,
  name: Name,
  asset: Ref('asset').optional().describe('The controller or device that instruments/actuates this unit'),
  inlets: z.array(Ref('process unit')).default([]).describe('Units whose outflow enters this one'),
  description: Description.optional(),
};

const pos = (what: string) => z.number().positive({ message: `${what} must be greater than 0` });
const nonNeg = (what: string) => z.number().min(0, { message: `${what} cannot be negative` });

/** A storage tank: level from the mass balance A·dh/dt = Qin - Qout. */
export const Tank = z.strictObject({
  ...base,
  kind: z.literal('tank'),
  area: pos('area (m²)').describe('Cross-section, m²'),
  height: pos('height (m)').describe('Height to the overflow, m'),
  initialLevel: nonNeg('initial level (m)').describe('m'),
  outletCoefficient: nonNeg('outlet coefficient').optional().describe('Gravity outflow Q = c·sqrt(h), m^2.5/h'),
});

/** An unbounded source or sink: a river, a distribution network. */
export const Reservoir = z.strictObject({
  ...base,
  kind: z.literal('reservoir'),
  level: z.number().default(0).describe('Constant head, m'),
  demand: nonNeg('demand (m³/h)').optional().describe('Constant draw when the reservoir is a consumer, m³/h'),
});

export const Pump = z.strictObject({
  ...base,
  kind: z.literal('pump'),
  maxFlow: pos('maximum flow (m³/h)').describe('m³/h at rated speed'),
  ratedHead: pos('rated head (m)').optional().describe('m'),
  powerKw: pos('power (kW)').optional(),
  variableSpeed: z.boolean().default(false),
});

export const Valve = z.strictObject({
  ...base,
  kind: z.literal('valve'),
  maxFlow: pos('maximum flow (m³/h)').describe('m³/h fully open'),
  travelTime: nonNeg('travel time (s)').default(10).describe('Seconds from closed to open'),
  characteristic: z.enum(['linear', 'equal-percentage', 'quick-opening']).default('linear'),
  failPosition: z.enum(['open', 'closed', 'last']).default('closed'),
});

export const Pipe = z.strictObject({
  ...base,
  kind: z.literal('pipe'),
  length: pos('length (m)'),
  diameter: pos('diameter (m)'),
});

/** Chemical dosing into the flow of `inlets`; concentration by mixing. */
export const Dosing = z.strictObject({
  ...base,
  kind: z.literal('dosing'),
  chemical: z.string().min(1),
  maxRate: pos('maximum dosing rate (L/h)').describe('L/h'),
  stockConcentration: pos('stock concentration (g/L)').describe('g/L'),
  decayRate: nonNeg('decay rate (1/h)').default(0).describe('First-order decay of the residual, 1/h'),
});

export const Filter = z.strictObject({
  ...base,
  kind: z.literal('filter'),
  area: pos('filter area (m²)'),
  maxFlow: pos('maximum flow (m³/h)'),
  cleanHeadLoss: pos('clean head loss (m)'),
  removal: z.number().min(0).max(1).default(0.9).describe('Fraction of turbidity removed'),
});

export const HeatExchanger = z.strictObject({
  ...base,
  kind: z.literal('heat-exchanger'),
  ua: pos('UA (kW/K)').describe('Overall heat transfer coefficient × area, kW/K'),
  hotInletTemp: z.number().min(-273.15, { message: 'temperature below absolute zero' }).describe('°C'),
});

/** Syringe or volumetric infusion pump delivering a drug to a patient. */
export const InfusionPump = z.strictObject({
  ...base,
  kind: z.literal('infusion-pump'),
  drug: z.string().min(1),
  concentration: pos('drug concentration (mg/mL)').describe('mg/mL'),
  maxRate: pos('maximum rate (mL/h)').describe('mL/h'),
  volume: pos('reservoir volume (mL)').describe('mL'),
});

/** A one-compartment pharmacokinetic patient model with vital signs. */
export const Patient = z.strictObject({
  ...base,
  kind: z.literal('patient'),
  weightKg: z.number().min(0.3, { message: 'weight below 0.3 kg is not a patient' }).max(400, { message: 'weight above 400 kg is out of physical range' }),
  distributionVolume: pos('volume of distribution (L)').describe('L'),
  clearance: pos('clearance (L/h)').describe('L/h'),
  baselineHeartRate: z.number().min(20).max(250).default(75).describe('beats/min'),
  baselineMeanPressure: z.number().min(20).max(200).default(90).describe('mmHg'),
});

export const ProcessUnit = z.discriminatedUnion('kind', [
  Tank, Reservoir, Pump, Valve, Pipe, Dosing, Filter, HeatExchanger, InfusionPump, Patient,
]);

export type ProcessUnit = z.infer<typeof ProcessUnit>;
export type ProcessUnitKind = ProcessUnit['kind'];
