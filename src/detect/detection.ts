import { silentLogger, type Logger } from '../common/logger.js';
import type { LoadedModel } from '../model/index.js';
import type { TwinNode } from '../twin/index.js';
import { AlertEngine } from './alert-engine.js';
import type { TechniqueTable } from './attack-techniques.js';
import { AvailabilityRules } from './rules/availability-rules.js';
import { CommandRules } from './rules/command-rules.js';
import { LimitRules } from './rules/limit-rules.js';
import { RateRules } from './rules/rate-rules.js';
import type { Rule } from './rules/rule.js';

/**
 * Puts detection on a node's committed event stream: findings become
 * `alert.raised` / `incident.opened` events appended to the same log.
 * Returns a function that detaches it.
 */
/** The rule detectors every node runs on a model. */
export function defaultRules(_model: LoadedModel): Rule[] {
  return [new CommandRules(), new LimitRules(), new RateRules(), new AvailabilityRules()];
}

export function attachDetection(node: TwinNode, techniques: TechniqueTable, logger: Logger = silentLogger): () => void {
  const engine = new AlertEngine({ rules: defaultRules(node.twin.model), techniques, tags: node.twin.tags });
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
