import { z } from 'zod';
import { Description, Id, Name, Ref } from './common.js';

const MqttBinding = z.strictObject({
  protocol: z.literal('mqtt'),
  topic: z
    .string()
    .min(1)
    .regex(/^[^#+\u0000]+$/, { message: 'a tag topic cannot contain the wildcards + or #' }),
  encoding: z.enum(['json', 'sparkplug-b']).default('json'),
  metric: z.string().optional().describe('Sparkplug B metric name (defaults to the tag id)'),
});

/** OPC UA NodeId string form (OPC 10000-6 §5.3.1.10): ns=<n>;<i|s|g|b>=<id>. */
const OpcUaBinding = z.strictObject({
  protocol: z.literal('opcua'),
  nodeId: z.string().regex(/^(ns=\d+;)?[isgb]=.+$/, { message: 'expected an OPC UA NodeId like ns=2;s=Intake.Level' }),
});

const ModbusBinding = z.strictObject({
  protocol: z.literal('modbus'),
  unitId: z.number().int().min(0).max(255).default(1),
  table: z.enum(['holding', 'input', 'coil', 'discrete']),
  address: z.number().int().min(0).max(65535),
  dataType: z.enum(['bool', 'int16', 'uint16', 'int32', 'uint32', 'float32']).default('uint16'),
  scale: z.number().refine((v) => v !== 0, { message: 'scale cannot be 0' }).default(1).describe('engineering value = raw × scale'),
});

export const Binding = z.discriminatedUnion('protocol', [MqttBinding, OpcUaBinding, ModbusBinding]);

export const Range = z.strictObject({ min: z.number(), max: z.number() });

/** Alarm (low/high) and trip (lowLow/highHigh) limits, in engineering units. */
export const Limits = z.strictObject({
  lowLow: z.number().optional(),
  low: z.number().optional(),
  high: z.number().optional(),
  highHigh: z.number().optional(),
  rateOfChange: z
    .number()
    .positive()
    .optional()
    .describe('Largest plausible change per second, in engineering units (include the noise between two samples); a faster change is a spoofed or failed sensor, or a step the process cannot make'),
});

export const TagKind = z.enum(['sensor', 'actuator', 'setpoint', 'status']);

export const Tag = z.strictObject({
  id: Id,
  name: Name.optional(),
  kind: TagKind,
  processUnit: Ref('process unit').optional(),
  quantity: z.string().min(1).describe('What is measured or commanded: level, flow, pressure, chlorine, heart-rate...'),
  unit: z.string().min(1).describe('Engineering unit: m, m3/h, bar, mg/L, degC, %, mL/h, bpm...'),
  range: Range.describe('Physically possible values of the instrument'),
  nominal: z.number().optional().describe('Typical value in normal operation'),
  noise: z.number().min(0).default(0).describe('Standard deviation of measurement noise'),
  samplePeriod: z.number().positive().max(86400).default(1).describe('Seconds between readings'),
  asset: Ref('asset').describe('The device that reads or writes this tag'),
  bindings: z.array(Binding).default([]),
  writableBy: z.array(Ref('asset')).default([]).describe('Hosts allowed to write this tag over the network'),
  limits: Limits.optional(),
  description: Description.optional(),
});

export type Tag = z.infer<typeof Tag>;
export type Binding = z.infer<typeof Binding>;
