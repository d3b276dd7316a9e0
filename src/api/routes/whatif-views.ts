import { z } from 'zod';
import { MAX_API_RUNS, Seed } from '../schemas.js';
import { Crossing } from './attack-simulate-views.js';
import { AttackPath, HardeningPlan, Id } from './attack-views.js';

/** Request and response shapes of POST /api/attack/whatif (src/attack WhatIfReport), for validation and the OpenAPI document. */

/** Simulated seconds after each takeover over the API. */
export const MAX_WHATIF_IMPACT_SECONDS = 3600;

export const WhatIfBody = z
  .strictObject({
    changeSet: z
      .union([z.string().min(1).max(256 * 1024), z.record(z.string(), z.unknown())])
      .optional()
      .describe('A change set (whatif: 1, name, changes: [...]) as an object, or its YAML/JSON text'),
    changes: z.array(z.unknown()).max(500).optional().describe('Changes to apply (after those of changeSet, if any): { patch: {...} }, { closeFlow: {...} }... or a hardening plan\'s { kind, target }'),
    name: z.string().min(1).max(200).optional().describe('Name of the what-if when only `changes` is given'),
    entries: z.array(Id).max(200).optional().describe('Entry points; default the internet, office phishing and every other owner'),
    goals: z.array(Id).max(1000).optional().describe('Goals; default every process unit, critical services and personal data'),
    k: z.number().int().min(1).max(20).optional().describe('Paths per goal compared, most likely and cheapest (default 3)'),
    impact: z.boolean().optional().describe('Simulate the process outcome of taking each controller whose takeover odds move (seconds each)'),
    impactSeconds: z.number().positive().max(MAX_WHATIF_IMPACT_SECONDS).optional().describe('Simulated seconds after each takeover (default 3600)'),
    risk: z.boolean().optional().describe('Expected loss and posture per owner before and after (Monte Carlo)'),
    runs: z.number().int().min(1).max(MAX_API_RUNS).optional().describe(`Risk runs per side (default 2000; at most ${MAX_API_RUNS.toLocaleString('en')} over the API, \`twinward whatif --risk --runs\` has no cap)`),
    seed: Seed.optional().describe('Seed of the risk runs and impact simulations (default 1)'),
  })
  .meta({ id: 'WhatIfRequest' });

const GoalState = z.object({ reachable: z.boolean(), probability: z.number().optional(), hours: z.number().optional(), cheapestHours: z.number().optional(), path: z.string().optional() });
const PathChange = z.object({ path: AttackPath, steps: z.array(z.string()).describe('Steps that fire on one side only') });
const Pair = z.object({ before: z.number(), after: z.number() });
const ImpactSummary = z.object({ summary: z.string(), firstUnsafe: Crossing.optional(), crossings: z.number().int() });

export const WhatIfReport = z
  .object({
    model: z.string(),
    name: z.string(),
    description: z.string().optional(),
    entries: z.array(z.string()),
    changes: z.array(
      z.object({
        index: z.number().int(),
        kind: z.string(),
        summary: z.string(),
        owner: z.string().optional().describe('The domain that would make the change'),
        effect: z.string(),
        change: z.record(z.string(), z.unknown()),
      }),
    ),
    summary: z.object({ goals: z.number().int(), before: z.number().int(), after: z.number().int() }),
    goals: z.array(
      z.object({
        goal: z.string(),
        owners: z.array(z.string()),
        before: GoalState,
        after: GoalState,
        change: z.string().describe('cut, opened, more likely, less likely, faster, slower, other paths, same, not in the changed model'),
        gone: z.array(PathChange),
        appeared: z.array(PathChange),
      }),
    ),
    owners: z.array(
      z.object({
        domain: z.string(),
        name: z.string().optional(),
        goals: z.object({ total: z.number().int(), before: z.number().int(), after: z.number().int() }),
        exposed: z.object({ before: z.number().int(), after: z.number().int() }),
        changes: z.number().int(),
        risk: z.object({ expectedLoss: Pair, posture: Pair }).optional(),
      }),
    ),
    hardening: z.object({ before: HardeningPlan.optional(), after: HardeningPlan.optional() }),
    controllers: z.array(z.object({ asset: z.string(), domain: z.string().optional(), before: z.number(), after: z.number(), impact: ImpactSummary.optional(), impactAfter: ImpactSummary.optional() })),
    risk: z
      .object({
        runs: z.number().int(),
        seed: z.number().int(),
        horizonHours: z.number(),
        entries: z.array(z.string()),
        totalExpectedLoss: Pair,
        services: z.array(z.object({ service: z.string(), domain: z.string(), probability: Pair, expectedLoss: Pair, throughDependency: z.number() })),
        method: z.string(),
      })
      .optional(),
    notes: z.array(z.string()),
    timings: z.object({ fork: z.number(), before: z.number(), after: z.number(), impact: z.number().optional(), risk: z.number().optional(), total: z.number() }),
  })
  .meta({ id: 'WhatIfReport' });
