import type { Logger } from '../common/logger.js';
import type { GroupModel } from '../detect/group-rule.js';
import type { LoadedModel } from '../model/index.js';
import { DetectorRepository } from './repository.js';
import { groupModel } from './train.js';

/**
 * The active trained groups of a node's data directory that fit its model.
 * A group that is not trained yet, or whose bundle no longer fits the model,
 * is reported and left out: the node runs without it rather than not at all.
 */
export async function loadActiveGroups(model: LoadedModel, dataDir: string, logger: Logger): Promise<{ groups: GroupModel[]; problems: string[] }> {
  const repo = new DetectorRepository(dataDir);
  const groups: GroupModel[] = [];
  const problems: string[] = [];
  let active: Record<string, number>;
  try {
    active = repo.active();
  } catch (err) {
    problems.push((err as Error).message);
    active = {};
  }
  for (const g of model.model.detection.groups) {
    const version = active[g.id];
    if (version === undefined) {
      problems.push(`detection group "${g.id}" is not trained yet: run twinward train --model <model> --data <normal.csv|store> --group ${g.id}`);
      continue;
    }
    try {
      groups.push(await groupModel(model, repo.load(g.id, version)));
      logger.info({ group: g.id, version }, 'detection group loaded');
    } catch (err) {
      problems.push((err as Error).message);
    }
  }
  for (const p of problems) logger.warn(p);
  return { groups, problems };
}
