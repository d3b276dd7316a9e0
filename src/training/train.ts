import { groupTags, type DetectionGroup, type LoadedModel } from '../model/index.js';
import { DetectError, makeDetector, restoreDetector, type FittedDetector } from '../detect/index.js';
import type { GroupModel } from '../detect/group-rule.js';
import type { UnsignedBundle } from './bundle.js';
import { TrainingError } from './repository.js';

/** Fewer normal rows than this cannot show a group's normal variation (and leave nothing to calibrate thresholds on). */
export const MIN_TRAIN_ROWS = 120;

export interface TrainingRows {
  rows: number[][];
  /** Epoch ms per row. */
  times: number[];
  /** Where the rows came from, for the bundle (a file path or "store:<location>"). */
  source: string;
  /** Rows left out (stale values, labelled anomalous). */
  skipped: number;
}

/** The model's group, or a TrainingError listing the groups it has. */
export function findGroup(model: LoadedModel, id: string): DetectionGroup {
  const g = model.model.detection.groups.find((x) => x.id === id);
  if (!g) {
    const known = model.model.detection.groups.map((x) => x.id);
    throw new TrainingError('bad-option', `the model has no detection group "${id}"; ${known.length ? `it has: ${known.join(', ')}` : 'it defines none (add detection.groups to the model)'}`);
  }
  return g;
}

/**
 * Fits every member of a group on normal rows (nothing else is passed: no
 * labels, no test rows) and returns the unsaved bundle. Refuses too few rows
 * and constant data with a message naming the group and the source.
 */
export async function trainGroup(
  model: LoadedModel,
  group: DetectionGroup,
  data: TrainingRows,
  onMember?: (name: string, done: number, total: number) => void,
): Promise<Omit<UnsignedBundle, 'version'>> {
  const tags = groupTags(group, model.model.process.tags);
  const where = `group "${group.id}" from ${data.source}`;
  if (data.rows.length < MIN_TRAIN_ROWS) {
    const span = data.times.length > 1 ? ` spanning ${Math.round((data.times.at(-1)! - data.times[0]!) / 1000)} s` : '';
    throw new TrainingError('too-few-rows', `${where}: ${data.rows.length} usable rows at a ${group.period} s period${span}${data.skipped ? ` (${data.skipped} left out)` : ''}; at least ${MIN_TRAIN_ROWS} needed (${Math.ceil((MIN_TRAIN_ROWS * group.period) / 60)} min of normal operation)`);
  }
  const members: UnsignedBundle['members'] = [];
  for (const [i, name] of group.detectors.entries()) {
    onMember?.(name, i, group.detectors.length);
    let fitted: FittedDetector;
    try {
      fitted = await makeDetector(name)(data.rows);
    } catch (err) {
      if (err instanceof DetectError) throw new TrainingError(err.code === 'too-few-rows' ? 'too-few-rows' : 'bad-data', `${where}, detector ${name}: ${err.message}`);
      throw err;
    }
    members.push({ name, saved: fitted.save(), fit: fitted.describe() });
  }
  onMember?.('', group.detectors.length, group.detectors.length);
  return {
    twinward: 'detector-bundle',
    format: 1,
    group: group.id,
    tags,
    period: group.period,
    ...(group.vote !== undefined ? { vote: group.vote } : {}),
    modelHash: model.hash,
    trainedAt: new Date().toISOString(),
    data: { source: data.source, rows: data.rows.length, from: new Date(data.times[0]!).toISOString(), to: new Date(data.times.at(-1)!).toISOString(), skipped: data.skipped },
    members,
  };
}

/**
 * A saved bundle as the live twin runs it; refuses (TrainingError `bad-data`)
 * a bundle whose tags no longer match the group in the model (the model
 * changed since training: retrain).
 */
export async function groupModel(model: LoadedModel, bundle: UnsignedBundle): Promise<GroupModel> {
  const group = findGroup(model, bundle.group);
  const tags = groupTags(group, model.model.process.tags);
  if (tags.join('\u0000') !== bundle.tags.join('\u0000')) {
    throw new TrainingError('bad-data', `detection group "${bundle.group}" v${bundle.version} was trained on ${bundle.tags.join(', ')} but the model's group now has ${tags.join(', ')}; retrain it`);
  }
  const members = [];
  for (const m of bundle.members) {
    try {
      members.push({ name: m.name, detector: await restoreDetector(m.saved) });
    } catch (err) {
      if (err instanceof DetectError) throw new TrainingError('corrupt', `detection group "${bundle.group}" v${bundle.version}, ${m.name}: ${err.message}`);
      throw err;
    }
  }
  return { group: bundle.group, version: bundle.version, tags: bundle.tags, period: bundle.period, ...(bundle.vote !== undefined ? { vote: bundle.vote } : {}), members };
}
