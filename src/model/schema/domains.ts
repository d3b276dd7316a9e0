import { z } from 'zod';
import { parseCosignatureVerifierKey } from '../../ledger/cosignature.js';
import { parseVerifierKey } from '../../ledger/note.js';
import { DataClass } from './assets.js';
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

/** A key checked by its own parser, so a typo is reported where it is. */
const keyOf = (parse: (text: string) => unknown, what: string) =>
  z.string().superRefine((text, ctx) => {
    try {
      parse(text);
    } catch (err) {
      ctx.addIssue({ code: 'custom', message: `not a ${what}: ${(err as Error).message}` });
    }
  });

/** The node's tamper-evident ledger: its name, checkpoint schedule, privacy and witnesses (docs/ledger.md). */
export const LedgerSettings = z.strictObject({
  origin: z
    .string()
    .regex(/^[^\s+]+$/, { message: 'an origin is one word without spaces or "+"' })
    .optional()
    .describe('The log\'s origin line and key name; default twinward/<node domain>'),
  checkpointEvery: z.number().positive().max(86_400).default(60).describe('Seconds between scheduled checkpoints (signed only when the log grew)'),
  privateDataClasses: z
    .array(DataClass)
    .default(['phi', 'pii'])
    .describe('Events about an asset holding one of these data classes (or about its tags) are private records: kept apart, erasable'),
  witnesses: z
    .array(
      z.strictObject({
        name: z.string().min(1).describe('The witness\'s key name'),
        key: keyOf(parseCosignatureVerifierKey, 'cosignature/v1 verifier key').describe('Its C2SP cosignature/v1 verifier key'),
        url: z.url({ protocol: /^https?$/, message: 'expected an http(s) URL' }).optional().describe('Where it takes add-checkpoint requests'),
      }),
    )
    .default([])
    .describe('Other domains that cosign this log\'s checkpoints'),
  quorum: z.number().int().min(0).default(0).describe('Cosignatures a checkpoint needs before federation trusts it'),
  witnessFor: z
    .array(
      z.strictObject({
        origin: z.string().min(1),
        key: keyOf(parseVerifierKey, 'signed-note Ed25519 verifier key').describe('The log\'s verifier key'),
      }),
    )
    .default([])
    .describe('Other domains\' logs this node witnesses (cosigns after checking consistency)'),
}).superRefine((l, ctx) => {
  if (l.quorum > l.witnesses.length) {
    ctx.addIssue({ code: 'custom', path: ['quorum'], message: `quorum ${l.quorum} is more than the ${l.witnesses.length} witnesses listed` });
  }
});

/** Which domain the node that loads this model serves, and how it keeps its ledger. */
export const NodeSettings = z.strictObject({
  domain: Ref('domain'),
  ledger: LedgerSettings.prefault({}),
});

export type Domain = z.infer<typeof Domain>;
export type LedgerSettings = z.infer<typeof LedgerSettings>;
