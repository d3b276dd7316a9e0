import { z } from 'zod';
import { Flow, Id, locate, parseSource, Port, Protocol, Trust, Vulnerability } from '../model/index.js';
import type { Segment } from '../model/index.js';
import { ChangesError, type ChangeOrigin } from './changes-error.js';

/**
 * What-if change sets: hypothetical changes to a twin model (patch a CVE,
 * close a conduit flow, add MFA, a newly published CVE...), applied to a fork
 * of the model by `applyChanges` and compared by `whatIf`. Files are YAML or
 * JSON:
 *
 *   whatif: 1
 *   name: Harden vendor access
 *   changes:
 *     - addMfa: { account: aquaflow-support }
 *     - removeTrust: aquaflow-remote-access
 *     - { kind: close-flow, target: dmz-ot#2 }   # a HardeningPlan change, as `twinward paths --json` prints it
 *
 * Each item is one change: a mapping with one key naming it. The checks here
 * are those a change set allows on its own; references to the model (does
 * plc-intake have CVE-2099-1?) are checked when the changes are applied.
 */

const Cve = Vulnerability.shape.cve;
const Cvss = Vulnerability.shape.cvss.unwrap();

/** The changes a set may hold, by the key that names each. */
export const CHANGE_KINDS = {
  /** Remove one vulnerability from an asset (the fix is installed). */
  patch: z.strictObject({ asset: Id, cve: Cve }),
  /** Close one flow of a conduit (1-based `flow`, or every flow of a `protocol`), or the whole conduit when neither is given. */
  closeFlow: z
    .strictObject({ conduit: Id, flow: z.number().int().min(1).optional().describe('1-based index of the flow, as <conduit>#<n> names it'), protocol: Protocol.optional() })
    .refine((c) => c.flow === undefined || c.protocol === undefined, { message: 'give flow or protocol, not both', path: ['protocol'] }),
  /** Restrict one flow to a port. */
  narrowFlow: z.strictObject({ conduit: Id, flow: z.number().int().min(1), port: Port }),
  /** Remove a trust relation. */
  removeTrust: Id,
  /** Require MFA on an account, or on a trust relation. */
  addMfa: z
    .strictObject({ account: Id.optional(), trust: Id.optional() })
    .refine((c) => (c.account === undefined) !== (c.trust === undefined), { message: 'give account or trust (one of them)' }),
  /** A default account's password is changed: it is no longer the one in the manual. */
  changeDefaultCredentials: Id,
  /** A shared account is replaced by personal accounts. */
  unshareAccount: Id,
  /** A vulnerability on an asset, e.g. a newly published CVE. */
  addVulnerability: Vulnerability.extend({ asset: Id, cvss: Cvss }),
  /** A flow added to a conduit (with `zones`, the conduit is created when the model lacks it). */
  addConduitFlow: Flow.extend({ conduit: Id, zones: z.tuple([Id, Id]).optional().describe('The zones a new conduit joins') }),
  /** A new trust relation (the model's trust schema). */
  addTrust: Trust,
  /** Remove an asset; lists that name it (accounts' validOn, trust targets, conduits' via, services' runsOn, tags' writableBy) drop it. */
  removeAsset: Id,
  /** Block a flow seen on the network that no conduit declares (AttackOptions.observedFlows). */
  closeObservedFlow: z.strictObject({ from: Id, to: Id, protocol: z.string().min(1), port: Port.optional() }),
} as const;

export type ChangeKind = keyof typeof CHANGE_KINDS;
/** One change: a single key naming it. */
export type Change = { [K in ChangeKind]: { [P in K]: z.infer<(typeof CHANGE_KINDS)[K]> } }[ChangeKind];

/** The hardening plan's own form (`HardeningPlan.changes[i]`), so `twinward paths --json` advice can be fed back. */
export const PlannedChange = z.strictObject({
  kind: z.enum(['patch', 'close-flow', 'remove-trust', 'add-mfa', 'change-default-credentials', 'unshare-account']),
  target: z.string().min(1),
  cost: z.number().optional(),
  removes: z.string().optional(),
});

export const ChangeSetHead = z.strictObject({
  whatif: z.literal(1, { message: 'expected the change set version: whatif: 1' }),
  name: z.string().min(1, { message: 'expected a non-empty name' }),
  description: z.string().optional(),
  changes: z.array(z.unknown()).min(1, { message: 'a change set needs at least one change' }),
});

export interface ChangeSet {
  whatif: 1;
  name: string;
  description?: string;
  changes: Change[];
}

/** Where each change of a parsed set was written, for errors found later (when applied). */
const origins = new WeakMap<ChangeSet, (i: number) => { origin: ChangeOrigin; base: Segment[] }>();

/** Where change `i` of a set came from; a set not made by the parsers here is named `change set`. */
export function changeOrigin(set: ChangeSet, i: number): { origin: ChangeOrigin; base: Segment[] } {
  return origins.get(set)?.(i) ?? { origin: { name: 'change set' }, base: ['changes', i] };
}

/**
 * Checks a change set (already read from YAML/JSON, or an API body). Throws
 * ChangesError (AttackError 'invalid-changes') naming the origin, the field
 * (`changes[2].patch.cve`) and what is wrong.
 */
export function parseChangeSet(value: unknown, origin: ChangeOrigin = { name: 'change set' }): ChangeSet {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new ChangesError(origin, [], 'expected a mapping with whatif: 1, name and changes');
  const head = ChangeSetHead.safeParse(value, { reportInput: true });
  if (!head.success) throw ChangesError.fromIssues(origin, [], head.error.issues);
  const changes = head.data.changes.map((c, i) => parseChange(c, origin, ['changes', i]));
  const set: ChangeSet = { whatif: 1, name: head.data.name, ...(head.data.description ? { description: head.data.description } : {}), changes };
  origins.set(set, (i) => ({ origin, base: ['changes', i] }));
  return set;
}

/**
 * Reads a change set's text (YAML or JSON); errors carry the file, line and
 * column. With `field`, `name` is a request field (`body.changeSet`) and
 * errors name the field path, then the line.
 */
export function readChangeSet(text: string, name: string, options: { field?: boolean } = {}): ChangeSet {
  const { source, problems } = parseSource(name, text);
  const syntax = problems[0];
  if (syntax) throw new ChangesError({ name, field: options.field, position: () => syntax }, [], `not YAML or JSON: ${syntax.message}`);
  return parseChangeSet(source.data, { name, field: options.field, position: (path, key) => locate(source, path, key) });
}

/** A bare list of changes (an API body's `changes`) as a set named `name`. */
export function parseChangeList(value: unknown, origin: ChangeOrigin, name: string): ChangeSet {
  if (!Array.isArray(value)) throw new ChangesError(origin, [], 'expected a list of changes');
  const changes = value.map((c, i) => parseChange(c, origin, [i]));
  const set: ChangeSet = { whatif: 1, name, changes };
  origins.set(set, (i) => ({ origin, base: [i] }));
  return set;
}

/** One set holding the changes of `a`, then those of `b`; errors still name where each was written. */
export function joinChangeSets(a: ChangeSet, b: ChangeSet): ChangeSet {
  const set: ChangeSet = { ...a, changes: [...a.changes, ...b.changes] };
  origins.set(set, (i) => (i < a.changes.length ? changeOrigin(a, i) : changeOrigin(b, i - a.changes.length)));
  return set;
}

/** One item of `changes`: `{ <kind>: ... }`, or a hardening plan's `{ kind, target }`. */
export function parseChange(value: unknown, origin: ChangeOrigin, at: Segment[]): Change {
  const kinds = Object.keys(CHANGE_KINDS).join(', ');
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new ChangesError(origin, at, `expected a change: a mapping with one of ${kinds}, or a hardening plan's { kind, target }`);
  const keys = Object.keys(value);
  if ('kind' in value || 'target' in value) {
    const r = PlannedChange.safeParse(value, { reportInput: true });
    if (!r.success) throw ChangesError.fromIssues(origin, at, r.error.issues);
    const c = fromPlan(r.data, origin, at);
    planned.add(c);
    return c;
  }
  if (keys.length !== 1) {
    throw new ChangesError(origin, at, keys.length === 0 ? `empty change; expected one of ${kinds}` : `one change per item, found ${keys.join(' and ')}; write them as separate items`);
  }
  const kind = keys[0]!;
  const schema = (CHANGE_KINDS as Record<string, z.ZodType>)[kind];
  if (!schema) throw new ChangesError(origin, [...at, kind], `unknown change "${kind}"; expected one of ${kinds}, or a hardening plan's { kind, target }`, true);
  const r = schema.safeParse((value as Record<string, unknown>)[kind], { reportInput: true });
  if (!r.success) throw ChangesError.fromIssues(origin, [...at, kind], r.error.issues);
  return { [kind]: r.data } as Change;
}

const planned = new WeakSet<Change>();

/** True for a change written in the hardening plan's form: errors about it name its `target`. */
export function isPlanned(c: Change): boolean {
  return planned.has(c);
}

/** A hardening plan's change in the keyed form; `target` is parsed as harden() writes it. */
function fromPlan(p: z.infer<typeof PlannedChange>, origin: ChangeOrigin, at: Segment[]): Change {
  const bad = (expected: string): never => {
    throw new ChangesError(origin, [...at, 'target'], `a ${p.kind} target is ${expected}, got "${p.target}"`);
  };
  const id = (s: string) => (Id.safeParse(s).success ? s : bad('an id'));
  switch (p.kind) {
    case 'patch': {
      const m = /^(.+):(CVE-\d{4}-\d{4,})$/.exec(p.target);
      return m ? { patch: { asset: id(m[1]!), cve: m[2]! } } : bad('<asset>:<CVE id>');
    }
    case 'close-flow': {
      const flow = /^(.+)#(\d+)$/.exec(p.target);
      if (flow && Number(flow[2]) >= 1) return { closeFlow: { conduit: id(flow[1]!), flow: Number(flow[2]) } };
      // harden() names an observed flow `<from> -> <to>, <protocol>[/<port>]`.
      const seen = /^(\S+) -> (\S+), ([a-z0-9-]+)(?:\/(\d+))?$/.exec(p.target);
      if (seen) return { closeObservedFlow: { from: id(seen[1]!), to: id(seen[2]!), protocol: seen[3]!, ...(seen[4] ? { port: Number(seen[4]) } : {}) } };
      return bad('<conduit>#<n> or an observed flow "<from> -> <to>, <protocol>/<port>"');
    }
    case 'remove-trust':
      return { removeTrust: id(p.target) };
    case 'add-mfa':
      return p.target.startsWith('trust:') ? { addMfa: { trust: id(p.target.slice('trust:'.length)) } } : { addMfa: { account: id(p.target) } };
    case 'change-default-credentials':
      return { changeDefaultCredentials: id(p.target) };
    case 'unshare-account':
      return { unshareAccount: id(p.target) };
  }
}

/** The change's kind (its key). */
export function kindOf(c: Change): ChangeKind {
  return Object.keys(c)[0] as ChangeKind;
}
