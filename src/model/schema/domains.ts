import { z } from 'zod';
import { Description, Id, Name, Ref } from './common.js';

/** How far a domain trusts another one: drives sharing policy and attack reach. */
export const TrustLevel = z.enum(['none', 'low', 'medium', 'high', 'full']);

export const Contact = z.strictObject({
  name: Name.optional(),
  email: z.email({ message: 'expected an e-mail address' }).optional(),
  phone: z.string().regex(/^\+?[0-9 ()./-]{5,}$/, { message: 'expected a phone number' }).optional(),
});

export const DomainKind = z.enum([
  'utility',
  'integrator',
  'vendor',
  'cloud-provider',
  'hospital',
  'operator',
  'regulator',
  'other',
]);

export const Domain = z.strictObject({
  id: Id,
  name: Name,
  kind: DomainKind.default('other'),
  description: Description.optional(),
  contact: Contact.optional(),
  trust: z
    .record(Ref('domain'), TrustLevel)
    .default({})
    .describe('Trust this domain places in each other domain, by domain id'),
});

/** Which domain the node that loads this model serves. */
export const NodeSettings = z.strictObject({
  domain: Ref('domain'),
});

export type Domain = z.infer<typeof Domain>;
