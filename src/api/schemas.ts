import { z } from 'zod';
import { EVENT_TYPES } from '../twin/index.js';

/** Comma-separated list in a query string (`entries=a,b`), each item checked by `items` (an array schema). */
export const csvList = <T extends z.ZodType<unknown, string[]>>(items: T) =>
  z
    .string()
    .transform((s) => s.split(',').map((x) => x.trim()).filter(Boolean))
    .pipe(items);

/** Comma-separated list of known values in a query string: `type=a,b`. */
export const csvOf = <const V extends readonly [string, ...string[]]>(values: V) => csvList(z.array(z.enum(values)));

/**
 * Monte Carlo runs one request may ask for (risk, simulation, what-if risk per side): each run is CPU work on
 * the request (0.05 ms to 0.25 ms each on the examples). The CLI commands have no cap.
 */
export const MAX_API_RUNS = 20_000;

/** A seed of seeded runs and simulations: src/common/random.ts keeps 32 bits, so 0..2³²−1. */
export const Seed = z.number().int().min(0).max(0xffffffff);

export const Seq = z.coerce.number().int().min(0);

export const IsoTime = z.iso.datetime({ offset: true, message: 'expected an ISO 8601 time like 2026-01-31T12:00:00Z' });

export const EventType = z.enum(EVENT_TYPES);

export const Event = z
  .object({
    seq: z.number().int(),
    time: z.string(),
    type: z.string(),
    subject: z.string().nullable(),
    data: z.record(z.string(), z.unknown()),
    erased: z.literal(true).optional().describe('A private record whose data was erased; its ledger leaf remains'),
  })
  .meta({ id: 'Event', description: 'An append-only record of a change to the twin' });

export const TagValue = z
  .object({ value: z.number(), time: z.string(), quality: z.enum(['good', 'uncertain', 'bad']), source: z.string() })
  .meta({ id: 'TagValue' });

export const AssetStatus = z
  .object({ status: z.enum(['unknown', 'online', 'offline', 'lost']), since: z.string().nullable(), lastSeen: z.string().nullable() })
  .meta({ id: 'AssetStatus' });

export const ErrorBody = z
  .object({
    error: z.string(),
    message: z.string(),
    problems: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
  })
  .meta({ id: 'Error' });

export const IdParams = z.strictObject({ id: z.string().min(1).max(64) });

export const list = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), total: z.number().int() });
