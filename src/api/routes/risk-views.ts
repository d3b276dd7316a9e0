import { z } from 'zod';
import { Criticality } from '../../model/index.js';
import { RISK_CHANGES } from '../../risk/index.js';
import { MAX_API_RUNS, Seed } from '../schemas.js';
import { Id } from './attack-views.js';

/** Request and response shapes of /api/risk (src/risk's RiskReport and posture history), for validation and the OpenAPI document. */

export const RiskBody = z
  .strictObject({
    horizonHours: z.number().positive().max(24 * 365 * 10).optional().describe('Outages and compromises count within this many hours (default 720)'),
    runs: z.number().int().min(1).max(MAX_API_RUNS).optional().describe(`Monte Carlo runs (default 2000; at most ${MAX_API_RUNS.toLocaleString('en')} over the API, \`twinward risk --runs\` has no cap)`),
    seed: Seed.optional().describe('Seed of the runs (default 1); the same seed gives the same report'),
    entries: z.array(Id).max(200).optional().describe('Entry points: internet, phishing:<asset>, domain:<id>, supply-chain:<domain>, insider:<account>, asset:<id>; default the internet and phishing in every domain'),
  })
  .meta({ id: 'RiskRequest' });

const LossModel = z.object({
  outage: z.object({ low: z.number(), medium: z.number(), high: z.number(), critical: z.number() }).describe('Loss units per outage of a service, by criticality'),
  foothold: z.number().describe('Share of the criticality weight any compromise of an asset costs'),
  data: z.record(z.string(), z.number()).describe('Per data class held on a compromised asset: share of its criticality weight lost to theft'),
});

export const RiskReport = z
  .object({
    model: z.string(),
    horizonHours: z.number(),
    runs: z.number().int(),
    seed: z.number().int(),
    entries: z.array(z.string()),
    assets: z.array(
      z.object({
        asset: z.string(),
        domain: z.string(),
        kind: z.string(),
        criticality: Criticality,
        probability: z.number().describe('Chance of compromise (the attacker runs code on it) within the horizon'),
        p50Hours: z.number().optional(),
        expectedLoss: z.number(),
      }),
    ),
    services: z.array(
      z.object({
        service: z.string(),
        domain: z.string().describe('The owner, in whose domain the loss counts'),
        criticality: Criticality,
        probability: z.number().describe('Chance of an outage within the horizon: own hosts taken or crashed, or a required dependency down, across owners'),
        throughDependency: z.number().describe('Share (0..1) of that probability from runs where only a dependency failed it'),
        p50Hours: z.number().optional(),
        expectedLoss: z.number(),
      }),
    ),
    domains: z.array(
      z.object({
        domain: z.string(),
        expectedLoss: z.number(),
        maximumLoss: z.number(),
        posture: z.number().describe('0-100, 100 = nothing at risk'),
        topRisks: z.array(z.string()),
      }),
    ),
    totalExpectedLoss: z.number(),
    loss: LossModel,
    method: z.string(),
  })
  .meta({ id: 'RiskReport' });

export const PostureSnapshot = z
  .object({
    time: z.string(),
    reason: z.enum(RISK_CHANGES).describe('model-loaded: the node started with its model; flows-observed: flows outside the conduits widened what an attacker reaches'),
    detail: z.string(),
    totalExpectedLoss: z.number(),
    domains: z.array(z.object({ domain: z.string(), posture: z.number(), expectedLoss: z.number() })),
  })
  .meta({ id: 'PostureSnapshot' });

export const RiskState = z
  .object({
    latest: RiskReport.nullable().describe('The latest background assessment; null until the first one ends'),
    history: z.array(PostureSnapshot).describe('Posture when the model was loaded and after each change of the observed flows, oldest first'),
    pending: z.boolean().describe('A change waits for its assessment'),
    observedFlows: z.number().int().describe('Flows seen outside the conduits, included in the assessments'),
  })
  .meta({ id: 'RiskState' });
