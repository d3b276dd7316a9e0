import type { Account, Conduit, Trust, TwinModel } from '../model/index.js';
import { parseCvssVector } from '../risk/cvss-vector.js';
import { changeOrigin, isPlanned, kindOf, type Change, type ChangeKind, type ChangeSet } from './changes.js';
import type { Segment } from '../model/index.js';
import { ChangesError } from './changes-error.js';
import type { ObservedFlow } from './options.js';

/** A change as applied to the fork: what it did, and whose it is. */
export interface AppliedChange {
  /** Index in the change set. */
  index: number;
  kind: ChangeKind;
  /** `patch plc-intake CVE-2022-1161`, `close-flow net-dmz#1`... */
  summary: string;
  /** The owner (domain) that would make the change. */
  owner?: string;
  /** What changed in the model. */
  effect: string;
  change: Change;
}

export interface Applied {
  /** The changed copy; not yet re-validated (see forkModel). */
  model: TwinModel;
  applied: AppliedChange[];
  observedFlows: ObservedFlow[];
}

const list = (xs: readonly string[]) => (xs.length ? xs.join(', ') : 'none');

/**
 * Applies `set.changes[0..upTo)` to a deep copy of `model`, in order; the
 * model passed in is never touched. Flow numbers (`<conduit>#<n>`) always
 * mean the flow's place in the model as given, so a set closing #2 and #3
 * closes those two whatever the order. Throws ChangesError naming the
 * change and field when a change refers to something the model lacks or
 * cannot be made (a CVE the asset does not have, MFA already on).
 */
export function applyChanges(model: TwinModel, set: ChangeSet, observed: readonly ObservedFlow[] = [], upTo = set.changes.length): Applied {
  const m = structuredClone(model);
  const closed = new Map<Conduit, Set<number>>();
  const applied: AppliedChange[] = [];
  let observedFlows = [...observed];
  set.changes.slice(0, upTo).forEach((change, index) => {
    const { origin, base } = changeOrigin(set, index);
    const kind = kindOf(change);
    const fail = (field: Segment[], reason: string): never => {
      throw new ChangesError(origin, isPlanned(change) ? [...base, 'target'] : [...base, kind, ...field], reason);
    };
    const done = (summary: string, owner: string | undefined, effect: string) => applied.push({ index, kind, summary, owner, effect, change });
    const asset = (id: string, field: Segment[]) => m.assets.find((a) => a.id === id) ?? fail(field, `no asset "${id}" in the model`);
    const account = (id: string, field: Segment[]): Account => m.accounts.find((a) => a.id === id) ?? fail(field, `no account "${id}" in the model (accounts: ${list(m.accounts.map((a) => a.id))})`);
    const trust = (id: string, field: Segment[]): Trust => m.trust.find((t) => t.id === id) ?? fail(field, `no trust relation "${id}" in the model (trust: ${list(m.trust.map((t) => t.id))})`);
    const conduit = (id: string, field: Segment[]) => m.conduits.find((c) => c.id === id) ?? fail(field, `no conduit "${id}" in the model`);
    const zoneDomain = (zone: string) => m.zones.find((z) => z.id === zone)?.domain;

    if ('patch' in change) {
      const { asset: id, cve } = change.patch;
      const a = asset(id, ['asset']);
      const at = a.vulnerabilities.findIndex((v) => v.cve === cve);
      if (at < 0) fail(['cve'], `${id} has no vulnerability ${cve} (it has: ${list(a.vulnerabilities.map((v) => v.cve))})`);
      a.vulnerabilities.splice(at, 1);
      done(`patch ${id} ${cve}`, a.domain, `removes ${cve} from ${id}`);
    } else if ('closeFlow' in change) {
      const { conduit: id, flow, protocol } = change.closeFlow;
      const c = conduit(id, ['conduit']);
      const shut = closed.get(c) ?? new Set<number>();
      closed.set(c, shut);
      const open = c.flows.map((_, i) => i).filter((i) => !shut.has(i));
      let which: number[];
      if (flow !== undefined) {
        if (flow > c.flows.length) fail(['flow'], `conduit ${id} has ${c.flows.length} flow${c.flows.length === 1 ? '' : 's'} (#1-#${c.flows.length})`);
        if (shut.has(flow - 1)) fail(['flow'], `${id}#${flow} is already closed by an earlier change`);
        which = [flow - 1];
      } else if (protocol !== undefined) {
        which = open.filter((i) => c.flows[i]!.protocol === protocol);
        if (which.length === 0) fail(['protocol'], `conduit ${id} has no open ${protocol} flow (it has: ${list([...new Set(open.map((i) => c.flows[i]!.protocol))])})`);
      } else {
        if (open.length === 0) fail(['conduit'], `every flow of ${id} is already closed by an earlier change`);
        which = open;
      }
      for (const i of which) shut.add(i);
      const names = which.map((i) => `${id}#${i + 1} (${c.flows[i]!.protocol}${c.flows[i]!.port ? `/${c.flows[i]!.port}` : ''})`);
      const gone = shut.size === c.flows.length;
      const target = flow !== undefined ? `${id}#${flow}` : protocol !== undefined ? `${id} ${protocol}` : id;
      done(`close-flow ${target}`, zoneDomain(c.flows[which[0]!]!.initiator), `closes ${names.join(', ')}${gone ? `; no flow left, so conduit ${id} is removed` : ''}`);
    } else if ('narrowFlow' in change) {
      const { conduit: id, flow, port } = change.narrowFlow;
      const c = conduit(id, ['conduit']);
      const f = c.flows[flow - 1] ?? fail(['flow'], `conduit ${id} has ${c.flows.length} flow${c.flows.length === 1 ? '' : 's'} (#1-#${c.flows.length})`);
      const was = f.port;
      f.port = port;
      // The graph reaches assets by protocol (defaults.ts LISTENS), so a port alone moves no path.
      done(`narrow-flow ${id}#${flow} to port ${port}`, zoneDomain(f.initiator), `${f.protocol} port ${was ?? 'any'} -> ${port} (paths are found by protocol: a port alone changes none)`);
    } else if ('removeTrust' in change) {
      const t = trust(change.removeTrust, []);
      m.trust = m.trust.filter((x) => x !== t);
      done(`remove-trust ${t.id}`, t.from.domain, `removes ${t.kind} ${t.id} (${t.from.asset ?? t.from.domain} -> ${t.to.join(', ')})`);
    } else if ('addMfa' in change) {
      if (change.addMfa.account !== undefined) {
        const a = account(change.addMfa.account, ['account']);
        if (a.mfa) fail(['account'], `account ${a.id} already has MFA`);
        a.mfa = true;
        done(`add-mfa ${a.id}`, a.domain, `MFA on account ${a.id} (valid on ${a.validOn.join(', ')})`);
      } else {
        const t = trust(change.addMfa.trust!, ['trust']);
        if (t.mfa) fail(['trust'], `trust relation ${t.id} already requires MFA`);
        t.mfa = true;
        done(`add-mfa trust:${t.id}`, t.from.domain, `MFA on trust relation ${t.id}`);
      }
    } else if ('changeDefaultCredentials' in change) {
      const a = account(change.changeDefaultCredentials, []);
      if (a.kind !== 'default') fail([], `account ${a.id} is a ${a.kind} account, not a default one`);
      a.kind = 'local';
      done(`change-default-credentials ${a.id}`, a.domain, `${a.id} no longer has its default password (kind: local)`);
    } else if ('unshareAccount' in change) {
      const a = account(change.unshareAccount, []);
      if (a.kind !== 'shared') fail([], `account ${a.id} is a ${a.kind} account, not a shared one`);
      a.kind = 'local';
      const using = m.trust.filter((t) => t.account === a.id).map((t) => t.id);
      done(`unshare-account ${a.id}`, a.domain, `${a.id} becomes personal (kind: local)${using.length ? `; trust relations naming it stay (${using.join(', ')}): remove them with removeTrust` : ''}`);
    } else if ('addVulnerability' in change) {
      const { asset: id, ...v } = change.addVulnerability;
      const a = asset(id, ['asset']);
      if (a.vulnerabilities.some((x) => x.cve === v.cve)) fail(['cve'], `${id} already has ${v.cve}`);
      try {
        parseCvssVector(v.cvss);
      } catch (err) {
        fail(['cvss'], `invalid CVSS vector: ${(err as Error).message}`);
      }
      a.vulnerabilities.push(v);
      done(`add-vulnerability ${id} ${v.cve}`, a.domain, `${id} gets ${v.cve}${v.exploited ? ' (known exploited)' : ''}`);
    } else if ('addConduitFlow' in change) {
      const { conduit: id, zones, ...flow } = change.addConduitFlow;
      let c = m.conduits.find((x) => x.id === id);
      if (c && zones && !(zones.includes(c.zones[0]) && zones.includes(c.zones[1]))) fail(['zones'], `conduit ${id} joins ${c.zones.join(' and ')}, not ${zones.join(' and ')}`);
      if (!c) {
        if (!zones) fail(['conduit'], `no conduit "${id}" in the model; give zones: [a, b] to create it`);
        zones!.forEach((z, i) => zoneDomain(z) ?? fail(['zones', i], `no zone "${z}" in the model`));
        c = { id, zones: zones!, via: [], flows: [] };
        m.conduits.push(c);
      }
      if (!c.zones.includes(flow.initiator)) fail(['initiator'], `the initiator must be one of the zones conduit ${id} joins (${c.zones.join(', ')})`);
      c.flows.push(flow);
      done(`add-flow ${id}#${c.flows.length}`, zoneDomain(flow.initiator), `allows ${flow.protocol}${flow.port ? `/${flow.port}` : ''} from ${flow.initiator}${c.flows.length === 1 ? ` (new conduit ${c.zones.join(' <-> ')})` : ''}`);
    } else if ('addTrust' in change) {
      const t = change.addTrust;
      if (m.trust.some((x) => x.id === t.id)) fail(['id'], `a trust relation "${t.id}" already exists`);
      if (!m.domains.some((d) => d.id === t.from.domain)) fail(['from', 'domain'], `no domain "${t.from.domain}" in the model`);
      if (t.from.asset) asset(t.from.asset, ['from', 'asset']);
      t.to.forEach((x, i) => asset(x, ['to', i]));
      if (t.account) account(t.account, ['account']);
      m.trust.push(structuredClone(t));
      done(`add-trust ${t.id}`, t.from.domain, `${t.kind} from ${t.from.asset ?? t.from.domain} to ${t.to.join(', ')}${t.mfa ? ' (MFA)' : ''}`);
    } else if ('removeAsset' in change) {
      const a = asset(change.removeAsset, []);
      removeAsset(m, a.id);
      done(`remove-asset ${a.id}`, a.domain, `removes ${a.kind} ${a.id} and drops it from accounts, trust targets, conduits, services and tag writers`);
    } else if ('closeObservedFlow' in change) {
      const o = change.closeObservedFlow;
      const same = (x: ObservedFlow) => x.from === o.from && x.to === o.to && x.protocol === o.protocol && (o.port === undefined || x.port === o.port);
      if (!observedFlows.some(same)) fail([], `no observed flow ${o.from} -> ${o.to}, ${o.protocol}${o.port ? `/${o.port}` : ''} among the flows given to the analysis`);
      observedFlows = observedFlows.filter((x) => !same(x));
      done(`close-flow ${o.from} -> ${o.to}, ${o.protocol}${o.port ? `/${o.port}` : ''}`, m.assets.find((a) => a.id === o.from)?.domain, 'blocks a flow seen on the network that no conduit declares');
    }
  });
  for (const [c, shut] of closed) c.flows = c.flows.filter((_, i) => !shut.has(i));
  m.conduits = m.conduits.filter((c) => c.flows.length > 0);
  return { model: m, applied, observedFlows };
}

/** Removes an asset and every list entry naming it; single references (tags, controllers, units) are left for validation to report. */
function removeAsset(m: TwinModel, id: string): void {
  const drop = (xs: string[]) => xs.filter((x) => x !== id);
  m.assets = m.assets.filter((a) => a.id !== id);
  for (const a of m.accounts) a.validOn = drop(a.validOn);
  for (const t of m.trust) t.to = drop(t.to);
  for (const c of m.conduits) c.via = drop(c.via);
  for (const s of m.services) s.runsOn = drop(s.runsOn);
  for (const t of m.process.tags) t.writableBy = drop(t.writableBy);
}
