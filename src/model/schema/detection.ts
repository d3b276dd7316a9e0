import { z } from 'zod';
import { Description, Id, Ref } from './common.js';

/** Statistical and generative detectors a group can run (trained by `twinward train`). */
export const GROUP_DETECTORS = ['pca', 'regression', 'autoencoder'] as const;

/** Detector families that `detection.off` can switch off for some units or tags. */
export const SWITCHABLE_DETECTORS = ['safety-limit', 'rate-of-change', 'physics', 'statistical', 'command-semantics', 'availability'] as const;

/**
 * A group of sensors judged together by learned detectors: the tags of the
 * listed process units plus the listed tags. Each row the detectors see is
 * the latest value of every tag, taken every `period` seconds.
 */
export const DetectionGroup = z.strictObject({
  id: Id,
  description: Description.optional(),
  units: z.array(Ref('process unit')).default([]).describe('Process units whose sensor tags join the group'),
  tags: z.array(Ref('tag')).default([]).describe('More tags (any kind with numeric values)'),
  detectors: z.array(z.enum(GROUP_DETECTORS)).min(1).default(['pca', 'regression']).describe('Detectors of the ensemble'),
  period: z.number().positive().max(3600).default(1).describe('Seconds between rows'),
  vote: z.number().int().min(1).optional().describe('Members that must alarm together for the ensemble to alert (default: a majority)'),
});

export const DetectorSwitch = z.strictObject({
  detector: z.enum(SWITCHABLE_DETECTORS),
  units: z.array(Ref('process unit')).default([]),
  tags: z.array(Ref('tag')).default([]),
  description: Description.optional(),
});

export const Detection = z.strictObject({
  groups: z.array(DetectionGroup).default([]),
  off: z.array(DetectorSwitch).default([]).describe('Detectors switched off for some units or tags (all of them when neither is listed)'),
});

export type DetectionGroup = z.infer<typeof DetectionGroup>;
export type DetectorSwitch = z.infer<typeof DetectorSwitch>;
export type Detection = z.infer<typeof Detection>;
