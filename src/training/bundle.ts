import { createHash } from 'node:crypto';
import { z } from 'zod';
import { canonicalJson } from '../common/canonical-json.js';

/**
 * A trained detection group, as saved in `<data>/detectors/<group>/v<NNNN>.json`:
 * what was trained (the group's tags in column order, period, members with
 * their saved state and chosen thresholds), on what (source, rows, time span,
 * the model's hash) and a SHA-256 over the rest so a damaged or edited file is
 * refused instead of scoring with altered thresholds.
 */
export const BUNDLE_FORMAT = 1;

const Saved = z.object({ kind: z.string(), format: z.number().int(), columns: z.number().int().positive(), state: z.unknown() });

export const Bundle = z.strictObject({
  twinward: z.literal('detector-bundle'),
  format: z.literal(BUNDLE_FORMAT),
  group: z.string().min(1),
  version: z.number().int().positive(),
  tags: z.array(z.string().min(1)).min(2),
  period: z.number().positive(),
  vote: z.number().int().positive().optional(),
  modelHash: z.string(),
  trainedAt: z.string(),
  data: z.strictObject({ source: z.string(), rows: z.number().int().positive(), from: z.string(), to: z.string(), skipped: z.number().int().min(0) }),
  members: z.array(z.strictObject({ name: z.string(), saved: Saved, fit: z.record(z.string(), z.union([z.number(), z.string()])) })).min(1),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
});

export type Bundle = z.infer<typeof Bundle>;
export type UnsignedBundle = Omit<Bundle, 'sha256'>;

/** SHA-256 of the bundle without its `sha256` field, over its canonical JSON (RFC 8785). */
export function bundleDigest(b: UnsignedBundle): string {
  return createHash('sha256').update(canonicalJson(b)).digest('hex');
}

export function seal(b: UnsignedBundle): Bundle {
  return { ...b, sha256: bundleDigest(b) };
}
