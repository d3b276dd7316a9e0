import { z } from 'zod';
import { Description, Id, Name, Ref } from '../../model/index.js';

const Technique = z.string().regex(/^T\d{4}(\.\d{3})?$/, { message: 'expected a MITRE ATT&CK for ICS technique id like T0832' });

const common = {
  id: Id,
  start: z.number().min(0, { message: 'start cannot be negative' }).describe('Seconds after the start of the run'),
  end: z.number().positive({ message: 'end must be after 0' }).optional().describe('Seconds after the start; active in [start, end), to the end of the run without it'),
  tag: Ref('tag').optional(),
  unit: Ref('process unit').optional(),
  asset: Ref('asset').optional().describe('message-loss only: every tag of this asset'),
  class: z.enum(['attack', 'fault']).describe('Ground truth: a deliberate attack or an accidental fault'),
  technique: z.union([Technique, z.array(Technique).min(1)]).optional().describe('MITRE ATT&CK for ICS technique(s)'),
  description: Description.optional(),
};

const kind = <K extends string, P extends z.ZodType>(name: K, params: P) => z.strictObject({ ...common, kind: z.literal(name), params });
const num = z.number();

export const Injection = z.discriminatedUnion('kind', [
  kind('sensor-bias', z.strictObject({ offset: num.describe('Added to the reported value, in the tag unit') })),
  kind('sensor-freeze', z.strictObject({}).default({})),
  kind('sensor-replay', z.strictObject({ from: z.number().min(0).describe('s: start of the recorded window'), length: z.number().positive().describe('s') })),
  kind('sensor-noise', z.strictObject({ std: z.number().positive({ message: 'std must be greater than 0' }) })),
  kind('setpoint-change', z.strictObject({ value: num })),
  kind(
    'unauthorized-write',
    z.strictObject({
      value: num,
      host: z.string().min(1).describe('IP address or client id of the writer'),
      protocol: z.enum(['mqtt', 'modbus-tcp', 'opc-ua']).default('modbus-tcp'),
      every: z.number().positive().optional().describe('s: repeat the write while active (once at start without it)'),
    }),
  ),
  kind('actuator-sabotage', z.strictObject({ value: num.describe('The value the unit is stuck at, whatever it is commanded') })),
  kind('message-loss', z.strictObject({ probability: z.number().min(0).max(1) })),
  kind('leak', z.strictObject({ rate: z.number().positive({ message: 'leak rate (m³/h) must be greater than 0' }) })),
  kind(
    'pump-wear',
    z.strictObject({
      efficiency: z.number().min(0).max(1).optional().describe('Fraction of the new pump’s performance, from start'),
      rate: z.number().positive().optional().describe('Loss of efficiency per hour from start'),
    }),
  ),
]);

/**
 * A scenario: what to inject into a simulated plant, when, and the ground
 * truth of each injection (attack or fault, ATT&CK technique). Times are
 * seconds from the start of the run.
 */
export const Scenario = z.strictObject({
  scenario: z.literal(1, { message: 'expected the scenario format version: scenario: 1' }),
  name: Name,
  description: Description.optional(),
  seed: z.number().int().min(0).max(4294967295).optional(),
  duration: z.number().positive({ message: 'duration (s) must be greater than 0' }),
  injections: z.array(Injection).default([]),
});

export type Scenario = z.infer<typeof Scenario>;
export type Injection = z.infer<typeof Injection>;
export type InjectionKind = Injection['kind'];

/** Which field names an injection's target. */
export const TARGET: Record<InjectionKind, 'tag' | 'unit' | 'tag-or-asset'> = {
  'sensor-bias': 'tag',
  'sensor-freeze': 'tag',
  'sensor-replay': 'tag',
  'sensor-noise': 'tag',
  'setpoint-change': 'tag',
  'unauthorized-write': 'tag',
  'actuator-sabotage': 'tag',
  'message-loss': 'tag-or-asset',
  leak: 'unit',
  'pump-wear': 'unit',
};

/** The technique ids of an injection as a list. */
export function techniques(inj: Injection): string[] {
  return inj.technique === undefined ? [] : Array.isArray(inj.technique) ? inj.technique : [inj.technique];
}
