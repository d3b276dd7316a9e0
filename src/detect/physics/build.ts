import type { TwinModel } from '../../model/index.js';
import { dosingBalances } from './dosing-balance.js';
import { PlantGraph } from './plant-graph.js';
import { pumpRelations } from './pump-relations.js';
import type { Relation } from './relation.js';
import { tankBalances } from './tank-balance.js';
import { valveRelations } from './valve-flow.js';

/**
 * Every relation the model's physics gives whose tags are all instrumented:
 * tank mass balances, pump curves and heads, run feedback, control-valve
 * flow, chlorine balances. Ids are stable for a model (`kind:unit`), so a
 * calibration learned on one run applies to the next.
 */
export function buildRelations(model: TwinModel): Relation[] {
  const g = new PlantGraph(model);
  return [...tankBalances(g), ...pumpRelations(g), ...valveRelations(g), ...dosingBalances(g)];
}
