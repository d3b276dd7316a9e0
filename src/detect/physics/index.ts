import type { LoadedModel } from '../../model/index.js';
import type { Rule } from '../rules/rule.js';
import { buildRelations } from './build.js';
import type { PhysicsCalibration } from './calibration.js';
import { PhysicsRule } from './physics-rule.js';

/**
 * The physics-residual detector for a model: one rule holding every
 * relation the model's instrumented physics gives; empty when there is
 * none. Without a calibration, residual scales come from the tags'
 * declared noise and thresholds from ARL theory (thresholds.ts); with one
 * (calibratePhysics on normal data), from that data.
 */
export function physicsRules(model: LoadedModel, calibration?: PhysicsCalibration): Rule[] {
  const relations = buildRelations(model.model);
  return relations.length === 0 ? [] : [new PhysicsRule(model, relations, calibration)];
}

export { buildRelations } from './build.js';
export { calibratePhysics, restorePhysicsCalibration, CALIBRATION_FORMAT, type PhysicsCalibration, type RelationCalibration, type NormalReading } from './calibration.js';
export { PhysicsRule } from './physics-rule.js';
export { PHYSICS_DETECTOR } from './finding.js';
export { Cusum, cusumArl, cusumThreshold } from './cusum.js';
export { PHYSICS_K, ARL_HOURS, CALIBRATION_MARGIN, MIN_CALIBRATION_BLOCKS, priorThreshold } from './thresholds.js';
export type { Relation, RelationKind, Block, Effect, Member } from './relation.js';
