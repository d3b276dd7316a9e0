import { z } from 'zod';
import { Criticality, Description, Id, Name, Ref } from './common.js';

export const DependencyKind = z.enum(['data', 'control', 'identity', 'network', 'utility', 'supply', 'support']);

/** `service` depends on another service, possibly in another domain. */
export const Dependency = z.strictObject({
  service: Ref('service'),
  kind: DependencyKind,
  required: z.boolean().default(true).describe('false when the service degrades instead of failing without it'),
  description: Description.optional(),
});

/** A business or clinical service: the unit of the digital service chain. */
export const Service = z.strictObject({
  id: Id,
  name: Name,
  domain: Ref('domain'),
  runsOn: z.array(Ref('asset')).default([]),
  dependsOn: z.array(Dependency).default([]),
  criticality: Criticality.default('medium'),
  maxOutageMinutes: z.number().positive().optional().describe('Longest tolerable outage (RTO), minutes'),
  description: Description.optional(),
});

export type Service = z.infer<typeof Service>;
