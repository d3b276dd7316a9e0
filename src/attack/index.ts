/**
 * The attack area's public surface: the logical attack graph of a twin model,
 * paths to goals, choke points and hardening, the graph's exports, and the
 * physical impact of a takeover. Everything outside src/attack imports from
 * here.
 */
export { analyzeGraph, analyzePaths, type ChokePoint, type GoalResult, type PathsQuery, type PathsReport } from './analyze.js';
export { buildAttackGraph } from './build.js';
export { AttackError, type AttackErrorCode } from './errors.js';
export { assetView, graphDot, graphJson, type AssetEdge } from './export.js';
export { defaultEntries, defaultGoals, resolveEntry, resolveGoal } from './goals.js';
export { Kind, type AttackGraph, type NodeInfo } from './graph.js';
export type { Change, HardeningPlan } from './hardening.js';
export type { AttackOptions, ObservedFlow, ZeroDay } from './options.js';
export { simulateCampaign, type CampaignOptions, type CampaignResult, type Distribution } from './monte-carlo.js';
export type { AttackPath, AttackStep } from './paths.js';
export { entryMask, reachable } from './reach.js';
export { serviceOutages } from './service-outage.js';
export {
  physicalImpact,
  type CommandedTag,
  type ImpactReport,
  type ImpactRequest,
  type ImpactTrend,
  type InterlockOutcome,
  type LimitCrossing,
  type LimitName,
  type ManipulationWrite,
  type TriedManipulation,
} from './impact.js';
export { AttackScenario, parseAttackScenario } from './scenario.js';
export { runAttackScenario, type ScenarioResult, type ServiceOutage, type ZeroDayRank } from './run-scenario.js';
export { TAKEOVER_SHARE, type ScenarioImpact, type ScenarioTakeover, type TakeoverImpact } from './scenario-impact.js';
export { formatDuration } from './impact.js';
export { CHANGE_KINDS, joinChangeSets, parseChangeList, parseChangeSet, readChangeSet, type Change as ModelChange, type ChangeKind, type ChangeSet } from './changes.js';
export { ChangesError, type ChangeOrigin } from './changes-error.js';
export type { AppliedChange } from './apply-changes.js';
export { whatIf, type WhatIfOptions, type WhatIfProgress, type WhatIfReport } from './whatif.js';
export type { GoalChange, GoalDiff, GoalState, OwnerDiff, PathChange } from './whatif-diff.js';
export type { ControllerDiff, ImpactSummary } from './whatif-physical.js';
export type { RiskDiff, ServiceRiskDiff } from './whatif-risk.js';
