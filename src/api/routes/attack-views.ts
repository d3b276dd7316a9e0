import { z } from 'zod';
import { csvList } from '../schemas.js';

/** Response and request shapes of /api/attack (src/attack's PathsReport and asset view), for validation and the OpenAPI document. */

/** An entry point or goal as requests name them (internet, phishing:<asset>, unit:<id>...); shared by the attack, what-if and risk bodies. */
export const Id = z.string().min(1).max(300);

export const PathsBody = z
  .strictObject({
    entries: z.array(Id).max(200).optional().describe('Entry points: internet, phishing:<asset>, domain:<id>, supply-chain:<domain>, insider:<account>, asset:<id>; default the internet, office phishing and every other owner'),
    goals: z.array(Id).max(1000).optional().describe('Goals: unit:<id>, asset:<id>, service:<id>, data:<class>, data:<asset>:<class>; default every process unit, critical services and personal data'),
    k: z.number().int().min(1).max(50).optional().describe('Paths per goal, most likely and cheapest (default 3)'),
    harden: z.boolean().optional().describe('Also compute the least-cost hardening plan (default true)'),
  })
  .meta({ id: 'PathsRequest' });

export const AttackStep = z
  .object({
    step: z.string().describe('The rule in predicate form, e.g. exploit(vpn-gateway, CVE-2018-13379)'),
    technique: z.string().optional().describe('ATT&CK for ICS technique id'),
    from: z.string().optional().describe('Where the attacker stood: an asset, zone:<id>, or an entry point'),
    to: z.string().describe('What the step acts on: an asset, unit, service or account'),
    domain: z.string().optional(),
    hours: z.number(),
    probability: z.number(),
  })
  .meta({ id: 'AttackStep' });

export const AttackPath = z
  .object({
    goal: z.string(),
    entry: z.string(),
    steps: z.array(AttackStep),
    hours: z.number().describe('Sum of step hours'),
    probability: z.number().describe('Product of step probabilities'),
    assets: z.array(z.string()).describe('Assets the attacker takes, in order'),
    domains: z.array(z.string()).describe('Owners whose assets the path crosses, in order'),
  })
  .meta({ id: 'AttackPath' });

const GoalResult = z.object({
  goal: z.string(),
  facts: z.array(z.string()),
  reachable: z.boolean(),
  mostLikely: z.array(AttackPath),
  cheapest: z.array(AttackPath),
});

const ChokePoint = z.object({ fact: z.string(), subject: z.string().optional(), domain: z.string().optional(), cuts: z.array(z.string()) });

export const HardeningPlan = z.object({
  changes: z.array(z.object({ kind: z.string(), target: z.string(), cost: z.number(), removes: z.string() })),
  cost: z.number(),
  optimal: z.boolean().describe('True when proven least-cost; false when the greedy bound was used'),
  uncuttable: z.array(z.string()),
  rounds: z.number().int(),
});

export const PathsReport = z
  .object({
    model: z.string(),
    entries: z.array(z.string()),
    graph: z.object({ nodes: z.number().int(), edges: z.number().int(), facts: z.number().int(), rules: z.number().int(), primitives: z.number().int() }),
    goals: z.array(GoalResult),
    reachableFacts: z.array(z.string()),
    chokePoints: z.array(ChokePoint),
    hardening: HardeningPlan.optional(),
    techniques: z.record(z.string(), z.string()).describe('Names of the ATT&CK for ICS techniques the paths use, by id'),
  })
  .meta({ id: 'PathsReport' });

export const AttackGraphJson = z
  .object({
    nodes: z.array(
      z.object({
        id: z.number().int(),
        kind: z.enum(['fact', 'rule', 'primitive', 'entry']),
        label: z.string(),
        subject: z.string().optional(),
        subjectKind: z.string().optional(),
        domain: z.string().optional(),
        technique: z.string().optional(),
        change: z.object({ kind: z.string(), target: z.string(), cost: z.number() }).optional().describe('For a model fact: the hardening change that removes it'),
        hours: z.number().optional().describe('For a rule: attacker effort'),
        probability: z.number().optional().describe('For a rule: chance the step succeeds'),
        holds: z.boolean().optional().describe('Reached from the entries'),
      }),
    ),
    edges: z.array(z.tuple([z.number().int(), z.number().int()])).describe('[from, to] node ids: precondition -> rule -> conclusion'),
  })
  .meta({ id: 'AttackGraph' });

export const AssetEdge = z
  .object({ from: z.string(), to: z.string(), steps: z.array(z.object({ step: z.string(), technique: z.string().optional() })) })
  .meta({ id: 'AttackAssetEdge', description: 'An asset-level step: from where the attacker stands (asset, zone:<id>, entry) to what a rule acts on' });

const entriesList = csvList(z.array(Id).max(200))
  .optional()
  .describe('Comma-separated entry points (default: the internet, office phishing, every other owner)');

export const GraphQuery = z.strictObject({
  format: z.enum(['json', 'dot']).default('json'),
  reachableOnly: z.enum(['true', 'false']).default('false').describe('Only what the attacker reaches from the entries'),
  entries: entriesList,
});

export const AssetsQuery = z.strictObject({
  reachableOnly: z.enum(['true', 'false']).default('false').describe('Only the steps the attacker can take from the entries'),
  entries: entriesList,
});
