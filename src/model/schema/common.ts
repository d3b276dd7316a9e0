import { z } from 'zod';

/**
 * Identifiers are how one part of a model refers to another, across files and
 * across owners, so they are kept to a portable slug form.
 */
export const Id = z
  .string()
  .regex(/^[a-z0-9][a-z0-9._-]{0,63}$/, {
    message: 'expected an id: 1-64 lowercase letters, digits, ".", "_" or "-", starting with a letter or digit',
  })
  .describe('Identifier: lowercase slug, unique within its collection');

export const Ref = (what: string) => Id.describe(`Reference to a ${what} id`);

export const Name = z.string().min(1, { message: 'expected a non-empty name' });

export const Description = z.string().describe('Free text for people');

export const Criticality = z.enum(['low', 'medium', 'high', 'critical']);

/** IEC 62443-3-3 security levels SL 0..4. */
export const SecurityLevel = z.number().int().min(0).max(4).describe('IEC 62443 security level, 0-4');

export const Port = z.number().int().min(1).max(65535);
