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
export type { AttackGraph, NodeInfo } from './graph.js';
export type { Change, HardeningPlan } from './hardening.js';
export type { AttackOptions, ObservedFlow, ZeroDay } from './options.js';
export type { AttackPath, AttackStep } from './paths.js';
export { entryMask, reachable } from './reach.js';
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
