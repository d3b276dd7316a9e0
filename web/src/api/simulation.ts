import { getJson, postJson } from './client';
import type { List, ScenarioFile, ScenarioResult, SimulateQuery } from './types';

/** The attack scenario files shipped beside the node's model: GET /api/attack/scenarios (empty when the model has none). */
export function listScenarios(signal?: AbortSignal): Promise<List<ScenarioFile>> {
  return getJson<List<ScenarioFile>>('/api/attack/scenarios', signal);
}

/** Runs an attack scenario on the node's model: POST /api/attack/simulate. */
export function simulateScenario(query: SimulateQuery): Promise<ScenarioResult> {
  return postJson<ScenarioResult>('/api/attack/simulate', query);
}
