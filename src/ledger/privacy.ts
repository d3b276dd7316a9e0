import type { TwinModel } from '../model/index.js';
import type { StoredEvent } from '../twin/events.js';
import type { PrivacyPolicy } from './records.js';

/**
 * The model's privacy policy for the ledger: an event is a private record
 * when its subject is an asset holding one of `node.ledger.privateDataClasses`
 * (PHI and PII by default) or one of that asset's tags. A patient monitor's
 * readings, the alerts and drift about them and commands written to an
 * infusion pump are private; the node's own records are not.
 */
export function privacyPolicy(model: TwinModel): PrivacyPolicy {
  const classes = new Set<string>(model.node.ledger.privateDataClasses);
  const subjects = new Set<string>();
  for (const a of model.assets) if (a.dataClasses.some((c) => classes.has(c))) subjects.add(a.id);
  for (const t of model.process.tags) if (t.asset && subjects.has(t.asset)) subjects.add(t.id);
  return (e: StoredEvent) => e.subject !== null && subjects.has(e.subject);
}
