import type { Severity, StoredEvent } from '../../twin/index.js';
import type { Tag } from '../../model/index.js';

/** What a rule concludes from one committed event; the engine numbers it and groups it into an incident. */
export interface Finding {
  detector: string;
  /** Every detector behind the finding (an ensemble and its members that fired); default [detector]. */
  detectors?: string[];
  severity: Severity;
  /** How far past the rule's threshold, >= 1. */
  score: number;
  message: string;
  assets: string[];
  tags: string[];
  /** ATT&CK for ICS technique ids the finding indicates. */
  techniques: string[];
  evidence: Record<string, unknown>;
}

export interface RuleContext {
  tags: ReadonlyMap<string, Tag>;
}

/** A detector over the event stream: pure, may keep its own memory (e.g. whether a limit is already crossed). */
export interface Rule {
  readonly name: string;
  judge(event: StoredEvent, ctx: RuleContext): Finding[];
}
