import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import { AttackError, AttackScenario, runAttackScenario } from '../../attack/index.js';
import type { App } from '../app-types.js';
import type { ApiContext } from '../context.js';
import { ApiError, badRequest as bad, zodProblems } from '../errors.js';
import { list, MAX_API_RUNS } from '../schemas.js';
import { MAX_API_IMPACT_SECONDS, ScenarioFile, ScenarioResult, SimulateBody } from './attack-simulate-views.js';

/** A scenario object checked against the scenario language; the first problem names its field under `where`. */
function checkScenario(doc: unknown, where: string): AttackScenario {
  const r = AttackScenario.safeParse(doc);
  if (r.success) return r.data;
  const problems = zodProblems(r.error.issues, where);
  throw new ApiError('bad-request', 400, `${problems[0]!.field}: ${problems[0]!.message}`, problems);
}

/**
 * The scenario's own fields that runAttackScenario resolves against the model, as its messages start:
 * `asset "x": ...` (zero-day), `supplier "x": ...` (supply-chain), `entries[2] "x": ...`, `goals[0] "x": ...`.
 */
const RESOLVED_FIELD = /^(asset|supplier|(?:entries|goals)\[\d+\]) "/;

/**
 * A 400 for an error of the simulation that is the request's: a name in the scenario (under `where`) the
 * model lacks. Anything else is ours, not the request's (the plant injections built for a takeover refused,
 * a model the simulator cannot run...): undefined, and the caller lets it through to the error handler (500).
 * AttackError does not say which it is (the code 'invalid-scenario' covers both), so only the resolved
 * fields above are taken as the request's.
 */
export function scenarioRequestError(err: unknown, where: string): ApiError | undefined {
  if (!(err instanceof AttackError) || (err.code !== 'invalid-scenario' && err.code !== 'invalid-request')) return undefined;
  const field = RESOLVED_FIELD.exec(err.message)?.[1];
  return field ? new ApiError('bad-request', 400, `${where}: ${err.message}`, [{ field: `${where}.${field}`, message: err.message }]) : undefined;
}

/**
 * Attack scenarios on the node's model: the example scenarios shipped
 * beside its model file (GET /api/attack/scenarios), and a simulation of
 * one of them or of a scenario object (POST /api/attack/simulate). The
 * simulation is CPU work on the request, so runs and simulated plant time
 * are capped; `twinward simulate` has no cap.
 */
export function attackSimulateRoutes(app: App, ctx: ApiContext): void {
  /** The scenarios folder beside the model's first file, when the model came from files and the folder exists. */
  const scenariosDir = () => {
    const first = ctx.node.twin.model.files[0];
    const dir = first ? join(dirname(first), 'scenarios') : undefined;
    return dir && existsSync(dir) ? dir : undefined;
  };
  const readScenarioFile = async (dir: string, file: string): Promise<unknown> => parseYaml(await readFile(join(dir, file), 'utf8'));

  app.get('/api/attack/scenarios', {
    schema: {
      summary: "The attack scenario files shipped beside the node's model (its scenarios/ folder), as objects to simulate",
      tags: ['attack'],
      response: { 200: list(ScenarioFile) },
    },
    handler: async () => {
      const dir = scenariosDir();
      const files = dir ? (await readdir(dir)).filter((f) => /\.ya?ml$/.test(f)).sort() : [];
      const items: z.infer<typeof ScenarioFile>[] = [];
      for (const file of files) {
        // Other kinds of scenario files (plant injections) live in the same kind of folder: keep only attack scenarios that parse.
        const doc = await readScenarioFile(dir!, file).catch(() => undefined);
        const s = AttackScenario.safeParse(doc);
        if (s.success) items.push({ file, name: s.data.name, kind: s.data.kind, ...(s.data.description ? { description: s.data.description } : {}), scenario: doc as Record<string, unknown> });
      }
      return { items, total: items.length };
    },
  });

  app.post('/api/attack/simulate', {
    schema: {
      summary: 'Run an attack scenario on the model: Monte Carlo time to each goal, assets taken, ransomware spread and services down, zero-day sweep, physical impact of the takeovers',
      tags: ['attack'],
      body: SimulateBody,
      response: { 200: ScenarioResult },
    },
    handler: async (req) => {
      const body = req.body;
      if ((body.scenario === undefined) === (body.file === undefined)) throw bad('body', 'expected either "scenario" (a scenario object) or "file" (a file name from GET /api/attack/scenarios), not both or neither');
      let s: AttackScenario;
      if (body.file !== undefined) {
        const dir = scenariosDir();
        const available = dir ? (await readdir(dir)).filter((f) => /\.ya?ml$/.test(f)) : [];
        if (!dir || !available.includes(body.file)) throw bad('body.file', `no scenario "${body.file}" beside the model (${available.length ? `one of ${available.join(', ')}` : 'the model has no scenarios folder'})`);
        s = checkScenario(await readScenarioFile(dir, body.file), 'body.file');
      } else s = checkScenario(body.scenario, 'body.scenario');
      const runs = body.runs ?? s.runs;
      if (runs > MAX_API_RUNS) throw bad(body.runs === undefined ? 'body.scenario.runs' : 'body.runs', `at most ${MAX_API_RUNS.toLocaleString('en')} runs over the API (asked for ${runs.toLocaleString('en')}); run more with twinward simulate`);
      if (s.impact && s.impact.horizonSeconds * s.impact.controllers > MAX_API_IMPACT_SECONDS) {
        throw bad('body.scenario.impact', `at most ${MAX_API_IMPACT_SECONDS.toLocaleString('en')} simulated seconds of takeovers over the API (horizonSeconds × controllers = ${(s.impact.horizonSeconds * s.impact.controllers).toLocaleString('en')}); run longer ones with twinward simulate`);
      }
      try {
        return runAttackScenario(ctx.node.twin.model.model, { ...s, runs, seed: body.seed ?? s.seed });
      } catch (err) {
        throw scenarioRequestError(err, body.file !== undefined ? 'body.file' : 'body.scenario') ?? err;
      }
    },
  });
}
