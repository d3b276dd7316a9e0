import { z } from 'zod';
import { Description, Id, Name, Ref } from './common.js';

const Operand = z.union([z.number(), Ref('tag')]).describe('A constant or a tag id');

/** Bang-bang control with hysteresis: on below `on`, off above `off` (or the reverse). */
const OnOff = z.strictObject({
  type: z.literal('on-off'),
  input: Ref('tag'),
  output: Ref('tag'),
  onBelow: z.number().optional(),
  offAbove: z.number().optional(),
  onAbove: z.number().optional(),
  offBelow: z.number().optional(),
  description: Description.optional(),
});

const Pid = z.strictObject({
  type: z.literal('pid'),
  input: Ref('tag'),
  setpoint: Operand,
  output: Ref('tag'),
  kp: z.number(),
  ki: z.number().min(0).default(0),
  kd: z.number().min(0).default(0),
  outputMin: z.number().default(0),
  outputMax: z.number().default(100),
  reverse: z.boolean().default(false),
  description: Description.optional(),
});

const Condition = z.strictObject({
  tag: Ref('tag'),
  above: z.number().optional(),
  below: z.number().optional(),
});

/** Forces an output while a condition holds; interlocks override control loops. */
const Interlock = z.strictObject({
  type: z.literal('interlock'),
  when: Condition,
  force: z.strictObject({ tag: Ref('tag'), value: z.number() }),
  description: Description.optional(),
});

/** Raises an alarm on a condition; safety limits on tags raise theirs implicitly. */
const Alarm = z.strictObject({
  type: z.literal('alarm'),
  when: Condition,
  severity: z.enum(['low', 'medium', 'high', 'critical']).default('high'),
  message: z.string().min(1),
});

export const LogicBlock = z.discriminatedUnion('type', [OnOff, Pid, Interlock, Alarm]);

export const Controller = z.strictObject({
  id: Id,
  name: Name.optional(),
  asset: Ref('asset').describe('The PLC or RTU running this logic'),
  scanCycleMs: z.number().int().min(1).max(60000).default(100),
  logic: z.array(LogicBlock).min(1, { message: 'a controller needs at least one logic block' }),
  description: Description.optional(),
});

export type Controller = z.infer<typeof Controller>;
export type LogicBlock = z.infer<typeof LogicBlock>;
