import { z } from 'zod';
import { MAX_API_RUNS, Seed } from '../schemas.js';

/** Request and response shapes of /api/attack/simulate and /api/attack/scenarios (src/attack's ScenarioResult), for validation and the OpenAPI document. */

/** Simulated plant seconds one request may ask for, over every takeover simulated (an hour of plant time costs seconds of CPU). */
export const MAX_API_IMPACT_SECONDS = 10_800;

export const SimulateBody = z
  .strictObject({
    scenario: z.record(z.string(), z.unknown()).optional().describe('An attack scenario as in a scenario file (attack: 1, name, kind: apt | ransomware | supply-chain | zero-day, ...)'),
    file: z
      .string()
      .regex(/^[\w.-]+\.ya?ml$/, { message: 'expected the file name of a scenario in the model\'s scenarios folder, e.g. apt-vendor-access.yaml' })
      .optional()
      .describe('Instead of scenario: one of GET /api/attack/scenarios'),
    runs: z.number().int().min(1).optional().describe(`Overrides the scenario's runs; at most ${MAX_API_RUNS.toLocaleString('en')} over the API`),
    seed: Seed.optional().describe("Overrides the scenario's seed"),
  })
  .meta({ id: 'SimulateRequest' });

const Hours = z.number().optional();
export const Distribution = z
  .object({
    probability: z.number().describe('Share of runs in which it happened within the horizon'),
    mean: Hours,
    p10: Hours,
    p50: Hours,
    p90: Hours,
    cdf: z.array(z.number()).describe('Share of runs in which it had happened by each of `times`'),
  })
  .meta({ id: 'Distribution' });

const Takeover = z.object({ asset: z.string(), domain: z.string(), probability: z.number(), medianHours: z.number(), firstTaken: z.number() });

const Limit = z.enum(['lowLow', 'low', 'high', 'highHigh']);
/** src/attack's LimitCrossing: a safety limit passed after a takeover (also in what-if's impact summaries). */
export const Crossing = z.object({
  at: z.number().describe('Seconds after the takeover'),
  tag: z.string(),
  unit: z.string(),
  limit: Limit,
  severity: z.enum(['trip', 'alarm']),
  threshold: z.number(),
  reached: z.number(),
  excess: z.number(),
});
const Write = z.object({ tag: z.string(), value: z.number(), unit: z.string() });

/** src/attack's ImpactReport (physicalImpact). */
export const ImpactReport = z
  .object({
    assets: z.array(z.string()),
    takeoverAt: z.number(),
    horizon: z.number(),
    seed: z.number().int(),
    dt: z.number(),
    commanded: z.array(z.object({ tag: z.string(), unit: z.string(), range: z.object({ min: z.number(), max: z.number() }), via: z.enum(['output', 'setpoint', 'network']), atTakeover: z.number() })),
    manipulation: z.object({
      mode: z.enum(['worst', 'explicit']),
      writes: z.array(Write),
      why: z.string(),
      tried: z.array(z.object({ writes: z.array(Write), firstUnsafe: Crossing.optional(), crossings: z.number().int() })),
    }),
    timeline: z.array(Crossing),
    firstUnsafe: Crossing.optional(),
    interlocks: z.array(
      z.object({
        controller: z.string(),
        asset: z.string(),
        description: z.string().optional(),
        condition: z.string(),
        when: z.object({ tag: z.string(), above: z.number().optional(), below: z.number().optional() }),
        force: z.object({ tag: z.string(), value: z.number() }),
        disabled: z.boolean(),
        overridden: z.boolean(),
        triggeredAt: z.number().optional(),
        trips: z.number().int(),
        acted: z.boolean(),
        effect: z.enum(['prevented', 'limited', 'none']).optional(),
        withoutIt: z.array(Crossing).optional(),
      }),
    ),
    withoutAttack: z.array(Crossing),
    trend: z.object({
      times: z.array(z.number()),
      series: z.array(z.object({ tag: z.string(), unit: z.string(), limits: z.partialRecord(Limit, z.number()), values: z.array(z.number()) })),
    }),
    runs: z.number().int(),
    notes: z.array(z.string()),
    summary: z.string(),
  })
  .meta({ id: 'ImpactReport' });

export const ScenarioResult = z
  .object({
    scenario: z.string(),
    kind: z.enum(['apt', 'ransomware', 'supply-chain', 'zero-day']),
    entries: z.array(z.string()),
    goals: z.array(z.string()),
    campaign: z.object({
      runs: z.number().int(),
      seed: z.number().int(),
      horizonHours: z.number(),
      times: z.array(z.number()).describe('Hours at which the curves are sampled'),
      goals: z.array(z.object({ goal: z.string(), reached: Distribution })),
      assets: z.array(z.object({ asset: z.string(), domain: z.string().optional(), compromised: Distribution })),
      detected: z.number(),
    }),
    spread: z.object({ times: z.array(z.number()), mean: z.array(z.number()), p90: z.array(z.number()), hosts: z.number().int() }).optional().describe('Ransomware: hosts encrypted over time'),
    services: z.array(z.object({ service: z.string(), domain: z.string(), outage: Distribution, throughDependency: z.number().int() })).optional(),
    sweep: z.array(z.object({ asset: z.string(), domain: z.string(), newGoals: z.array(z.string()), likelihoodGain: z.number() })).optional(),
    impact: z
      .object({
        horizonSeconds: z.number(),
        takeovers: z.array(Takeover),
        simulated: z.array(Takeover.extend({ report: ImpactReport, sentence: z.string() })),
        summary: z.string(),
      })
      .optional(),
  })
  .meta({ id: 'ScenarioResult' });

export const ScenarioFile = z
  .object({
    file: z.string(),
    name: z.string(),
    kind: z.string(),
    description: z.string().optional(),
    scenario: z.record(z.string(), z.unknown()).describe('The file as an object, to send back (edited or not) as POST /api/attack/simulate { scenario }'),
  })
  .meta({ id: 'ScenarioFile' });
