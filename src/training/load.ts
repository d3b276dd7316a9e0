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
export async function loadActiveGroups(model: LoadedModel, dataDir: string, logger: Logger): Promise<{ groups: GroupModel[]; problems: Map<string, string> }> {
  const repo = new DetectorRepository(dataDir);
  const groups: GroupModel[] = [];
  const problems = new Map<string, string>();
  let active: Record<string, number>;
  try {
    active = repo.active();
  } catch (err) {
    for (const g of model.model.detection.groups) problems.set(g.id, (err as Error).message);
    active = {};
  }
  for (const g of model.model.detection.groups) {
    const version = active[g.id];
    if (version === undefined) {
      if (!problems.has(g.id)) problems.set(g.id, `not trained yet: run twinward train --model <model> --data <normal.csv|store> --group ${g.id}, or train it from the console`);
      continue;
    }
    try {
      groups.push(await groupModel(model, repo.load(g.id, version)));
      logger.info({ group: g.id, version }, 'detection group loaded');
    } catch (err) {
      problems.set(g.id, (err as Error).message);
    }
  }
  for (const [g, p] of problems) logger.warn({ group: g }, p);
  return { groups, problems };
}
