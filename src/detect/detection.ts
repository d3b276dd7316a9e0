import { silentLogger, type Logger } from '../common/logger.js';
import type { LoadedModel, Tag } from '../model/index.js';
import type { TwinNode } from '../twin/index.js';
import { AlertEngine } from './alert-engine.js';
import { GroupRule, type GroupModel } from './group-rule.js';
import { switchedOff } from './switches.js';
import type { TechniqueTable } from './attack-techniques.js';
import { AvailabilityRules } from './rules/availability-rules.js';
import { CommandRules } from './rules/command-rules.js';
import { LimitRules } from './rules/limit-rules.js';
import { physicsRules } from './physics/index.js';
import { RateRules } from './rules/rate-rules.js';
import type { Rule } from './rules/rule.js';

/** The rule detectors every node runs on a model; physics residuals wherever the model's physics is instrumented. */
export function defaultRules(model: LoadedModel): Rule[] {
  return [new CommandRules(), new LimitRules(), new RateRules(), new AvailabilityRules(), ...physicsRules(model)];
}

/**
 * Puts detection on a node's committed event stream: findings become
 * `alert.raised` / `incident.opened` events appended to the same log.
 * `engine` comes from `detectionEngine` (rules, trained groups, switches).
 * Returns a function that detaches it.
 */
export function attachDetection(node: TwinNode, engine: AlertEngine, logger: Logger = silentLogger): () => void {
  return node.subscribe((events) => {
    let alerts;
    try {
      alerts = engine.judge(events);
    } catch (err) {
      logger.error({ err }, 'a detector failed; the events it was judging are not alerted on');
      return;
    }
    if (alerts.length > 0) node.submit(alerts).catch((err) => logger.warn({ err }, 'could not record alerts'));
  });
}

/** The alert engine a node (or an evaluation) runs: default rules, trained groups, the model's switches. */
export function detectionEngine(model: LoadedModel, tags: ReadonlyMap<string, Tag>, techniques: TechniqueTable, groups: readonly GroupModel[] = []): AlertEngine {
  return new AlertEngine({
    rules: [...defaultRules(model), ...groups.map((g) => new GroupRule(g))],
    techniques,
    tags,
    off: switchedOff(model.model.detection.off, model.model.process.tags),
  });
}
