import { z } from 'zod';
import type { LoadedModel } from '../../model/index.js';
import type { StoredEvent } from '../../twin/index.js';
import { DetectError } from '../errors.js';
import { buildRelations } from './build.js';
import { Cusum } from './cusum.js';
import { RelationStream, type Instant } from './stream.js';
import { CALIBRATION_MARGIN, MIN_CALIBRATION_BLOCKS, PHYSICS_K, priorThreshold } from './thresholds.js';

export const CALIBRATION_FORMAT = 1;

/** What normal data taught about one relation; residuals are first divided by their declared-noise scale (u = r/σ). */
export interface RelationCalibration {
  /** Normal blocks seen. */
  blocks: number;
  /** Mean of u on normal data (a systematic offset: meter calibration, model simplification); subtracted. */
  mean: number;
  /** Std of u on normal data, at least 1: the declared noise is a floor, never narrowed. */
  scale: number;
  /** Largest CUSUM statistic reached on the normal data after standardising. */
  maxCusum: number;
  /** The threshold: max(prior from ARL, margin × maxCusum). */
  h: number;
}

/** JSON-safe; restore with `restorePhysicsCalibration`. */
export interface PhysicsCalibration {
  format: typeof CALIBRATION_FORMAT;
  /** Hash of the model it was learned on. */
  model: string;
  k: number;
  relations: Record<string, RelationCalibration>;
}

/** A reading of normal operation: as a stored event, or as a plain sample (time in ms, ISO text or Date). */
export type NormalReading = StoredEvent | { tag: string; value: number; time: number | string | Date };

const RelationCalibrationSchema = z.strictObject({
  blocks: z.number().int().min(0),
  mean: z.number().finite(),
  scale: z.number().finite().min(1),
  maxCusum: z.number().finite().min(0),
  h: z.number().finite().positive(),
});

const CalibrationSchema = z.strictObject({
  format: z.literal(CALIBRATION_FORMAT),
  model: z.string(),
  k: z.number().finite().positive(),
  relations: z.record(z.string(), RelationCalibrationSchema),
});

/**
 * Learns each relation's residual offset and scale, and its CUSUM threshold,
 * from readings of normal operation only (no labels: whatever the data
 * holds is taken as normal, so it must not contain attacks or faults).
 * Readings must be in time order. Relations with fewer than
 * MIN_CALIBRATION_BLOCKS valid blocks keep their prior.
 */
export function calibratePhysics(model: LoadedModel, normal: Iterable<NormalReading>): PhysicsCalibration {
  const relations = buildRelations(model.model);
  const tags = new Map(model.model.process.tags.map((t) => [t.id, t]));
  const stream = new RelationStream(relations, tags);
  const u = new Map<string, number[]>(relations.map((r) => [r.id, []]));
  const warm = new Set<string>();
  const take = (instants: readonly Instant[]) => {
    for (const { relation, block } of instants.flatMap((i) => i.blocks)) {
      // The rule skips each relation's first block (start-up); so does calibration.
      if (!warm.has(relation.id)) {
        warm.add(relation.id);
        continue;
      }
      if (block.noise > 0) u.get(relation.id)!.push(block.residual / block.noise);
    }
  };
  for (const r of normal) {
    const reading = asReading(r);
    if (reading) take(stream.push(reading.tag, reading.value, reading.time));
  }
  take(stream.flush());
  const out: Record<string, RelationCalibration> = {};
  for (const r of relations) {
    const xs = u.get(r.id)!;
    const prior = priorThreshold(r.blockSeconds);
    if (xs.length < MIN_CALIBRATION_BLOCKS) {
      out[r.id] = { blocks: xs.length, mean: 0, scale: 1, maxCusum: 0, h: prior };
      continue;
    }
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    const sd = Math.sqrt(xs.reduce((s, x) => s + (x - mean) ** 2, 0) / (xs.length - 1));
    const scale = Math.max(1, sd);
    const c = new Cusum(PHYSICS_K, Infinity);
    xs.forEach((x, i) => c.update((x - mean) / scale, i));
    out[r.id] = { blocks: xs.length, mean, scale, maxCusum: c.max, h: Math.max(prior, CALIBRATION_MARGIN * c.max) };
  }
  return { format: CALIBRATION_FORMAT, model: model.hash, k: PHYSICS_K, relations: out };
}

/** Parses a saved calibration defensively (it is a file a user hands over); throws DetectError `bad-input` with the reason. */
export function restorePhysicsCalibration(json: unknown): PhysicsCalibration {
  const r = CalibrationSchema.safeParse(json);
  if (!r.success) {
    const issue = r.error.issues[0]!;
    throw new DetectError('bad-input', `not a physics calibration (format ${CALIBRATION_FORMAT}): ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  }
  return r.data;
}

function asReading(r: NormalReading): { tag: string; value: number; time: number } | undefined {
  if ('type' in r) {
    if (r.type !== 'tag.reading' || !r.subject) return undefined;
    return { tag: r.subject, value: r.data.value, time: Date.parse(r.data.time) };
  }
  const time = typeof r.time === 'number' ? r.time : new Date(r.time).getTime();
  return typeof r.value === 'number' ? { tag: r.tag, value: r.value, time } : undefined;
}
