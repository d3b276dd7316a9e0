import type { TechniqueTable } from '../detect/attack-techniques.js';
import type { NodeIdentity } from '../identity/index.js';
import type { NodeLedger } from '../ledger/node-ledger.js';
import type { DetectionService } from '../training/index.js';
import type { TwinNode } from '../twin/index.js';
import type { RiskMonitorOptions } from './risk-monitor.js';

/** What every route can reach. */
export interface ApiContext {
  node: TwinNode;
  identity: NodeIdentity;
  version: string;
  startedAt: string;
  /** The node's running connectors, for their counters. */
  connectors?: () => readonly { name: string; counters(): Record<string, number> }[];
  /** Trained detection groups: status, training and activation. */
  detection?: DetectionService;
  /** The node's ledger and witness. */
  ledger?: NodeLedger;
  /** ATT&CK for ICS technique names, for the steps of attack paths; without it paths carry ids only. */
  techniques?: TechniqueTable;
  /** Background risk assessment (src/api/risk-monitor.ts): its options (logger and clock default to the app's and the node's), or false to run none (GET /api/risk then answers 503); on by default. */
  risk?: RiskMonitorOptions | false;
}
