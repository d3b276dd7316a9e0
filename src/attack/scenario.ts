import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { describeIssues, formatPath } from '../model/index.js';
import { AttackError } from './errors.js';

const Technique = z.string().regex(/^T0\d{3}$/, { message: 'expected an ATT&CK for ICS technique id like T0855' });
const Chance = z.number().min(0).max(1);

const Common = {
  attack: z.literal(1, { message: 'expected the attack scenario version: attack: 1' }),
  name: z.string().min(1),
  description: z.string().optional(),
  seed: z.number().int().min(0).default(1),
  runs: z.number().int().min(1).max(1_000_000).default(1000),
  horizonHours: z.number().positive().default(720),
  entries: z.array(z.string().min(1)).default([]).describe('Entry points (see docs/attack.md); default: the internet, office phishing, other owners'),
  goals: z.array(z.string().min(1)).default([]).describe('Goals; default: every process unit, critical services, personal data'),
  /** Chance the defenders notice a step, by technique (default for others under `default`). */
  detection: z.record(z.union([Technique, z.literal('default')]), Chance).default({}),
  responseHours: z.number().positive().default(24),
  /** Run the process simulator on the controllers the attacker takes (most often taken first). */
  impact: z
    .strictObject({
      horizonSeconds: z.number().positive().max(86_400).default(3600),
      controllers: z.number().int().min(1).max(3).default(1).describe('How many of the most often taken controllers to simulate, one at a time'),
    })
    .optional(),
};

/**
 * An APT campaign: the tactics it goes through, each with the techniques it
 * may use and the chance each is noticed. The stages set detection chances
 * by technique; the attack graph, not the stage order, decides which steps
 * come first (the order is documentation).
 */
const Apt = z.strictObject({
  ...Common,
  kind: z.literal('apt'),
  stages: z.array(z.strictObject({ tactic: z.string().min(1), techniques: z.array(Technique).min(1), detection: Chance.optional() })).min(1),
});

/** Ransomware: spread over reachable hosts, encryption after a dwell time, the outage of services and their dependents. */
const Ransomware = z.strictObject({
  ...Common,
  kind: z.literal('ransomware'),
  dwellHours: z.number().min(0).default(4).describe('Hours from a host falling to its encryption'),
});

/** A supplier's update channel or integrator access. */
const SupplyChain = z.strictObject({
  ...Common,
  kind: z.literal('supply-chain'),
  supplier: z.string().min(1).describe('The supplier domain id'),
  via: z.enum(['update-channel', 'integrator-access']).default('update-channel'),
});

/** A hypothetical unknown vulnerability on one component, or a sweep over every component. */
const ZeroDay = z.strictObject({
  ...Common,
  kind: z.literal('zero-day'),
  asset: z.string().min(1).optional(),
  sweep: z.boolean().default(false),
  cvss: z.string().optional(),
});

export const AttackScenario = z.discriminatedUnion('kind', [Apt, Ransomware, SupplyChain, ZeroDay]).superRefine((s, ctx) => {
  if (s.kind === 'zero-day' && !s.sweep && !s.asset) ctx.addIssue({ code: 'custom', path: ['asset'], message: 'a zero-day scenario names an asset, or sets sweep: true' });
  // Ransomware runs on the spread graph (src/attack/ransomware.ts): what it would ignore is refused, not dropped silently.
  if (s.kind === 'ransomware') {
    if (s.goals.length) ctx.addIssue({ code: 'custom', path: ['goals'], message: 'ransomware has no goals: its outcome is the hosts encrypted and the services that go down' });
    for (const t of Object.keys(s.detection)) if (t !== 'default') ctx.addIssue({ code: 'custom', path: ['detection', t], message: 'ransomware takes one detection chance per infected host, under "default"' });
    if (s.impact) ctx.addIssue({ code: 'custom', path: ['impact'], message: 'ransomware encrypts, it does not command controllers: no physical impact to simulate' });
  }
});
export type AttackScenario = z.infer<typeof AttackScenario>;

/** Parses a scenario file's text (YAML or JSON); throws AttackError('invalid-scenario') naming the file, the field and what is wrong. */
export function parseAttackScenario(text: string, file = 'scenario'): AttackScenario {
  let doc: unknown;
  try {
    doc = parseYaml(text);
  } catch (err) {
    throw new AttackError('invalid-scenario', `${file}: not YAML or JSON: ${(err as Error).message}`);
  }
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) throw new AttackError('invalid-scenario', `${file}: expected a mapping with attack: 1, name and kind (apt, ransomware, supply-chain or zero-day)`);
  const r = AttackScenario.safeParse(doc);
  if (!r.success) {
    const first = describeIssues(r.error.issues)[0]!;
    throw new AttackError('invalid-scenario', `${file}: ${first.path.length ? formatPath(first.path) : '(top)'}: ${first.message}`);
  }
  return r.data;
}
