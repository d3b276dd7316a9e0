import type { Account, Asset, TwinModel } from '../model/index.js';
import { addAccessRules } from './build-access.js';
import { addEntries } from './build-entries.js';
import { addImpactRules } from './build-impact.js';
import { addNetworkRules } from './build-network.js';
import { AttackGraph, GraphBuilder, Kind } from './graph.js';
import type { AttackOptions } from './options.js';

/** The model as the rules read it: lookups built once. */
export interface ModelIndex {
  model: TwinModel;
  assets: Map<string, Asset>;
  accounts: Map<string, Account>;
  /** Asset id -> the accounts valid on it. */
  accountsOn: Map<string, Account[]>;
  /** Domain id -> its assets. */
  domainAssets: Map<string, Asset[]>;
  /** Zone id -> its assets. */
  zoneAssets: Map<string, Asset[]>;
  /** Zone id -> owner domain. */
  zoneDomain: Map<string, string>;
  /** Zones that face the internet: kind external, or joined by a conduit to one. */
  internetFacing: Set<string>;
  options: AttackOptions;
}

function indexModel(model: TwinModel, options: AttackOptions): ModelIndex {
  const zoneAssets = new Map<string, Asset[]>(model.zones.map((z) => [z.id, []]));
  for (const a of model.assets) zoneAssets.get(a.zone)?.push(a);
  const external = new Set(model.zones.filter((z) => z.kind === 'external' || z.kind === 'cloud').map((z) => z.id));
  const internetFacing = new Set(external);
  for (const c of model.conduits) {
    const [a, b] = c.zones;
    if (external.has(a)) internetFacing.add(b);
    if (external.has(b)) internetFacing.add(a);
  }
  const push = <T>(m: Map<string, T[]>, k: string, v: T) => {
    const list = m.get(k);
    if (list) list.push(v);
    else m.set(k, [v]);
  };
  const accountsOn = new Map<string, Account[]>();
  for (const acc of model.accounts) for (const h of acc.validOn) push(accountsOn, h, acc);
  const domainAssets = new Map<string, Asset[]>();
  for (const a of model.assets) push(domainAssets, a.domain, a);
  return {
    model,
    assets: new Map(model.assets.map((a) => [a.id, a])),
    accounts: new Map(model.accounts.map((a) => [a.id, a])),
    accountsOn,
    domainAssets,
    zoneAssets,
    zoneDomain: new Map(model.zones.map((z) => [z.id, z.domain])),
    internetFacing,
    options,
  };
}

/** Shared node constructors, so every rule file names facts the same way. */
export class Facts {
  // The facts looked up most (several times per rule) are kept by model id: building a label and hashing it per
  // lookup was most of generation's time. The rarer ones (reachAny, control, cred, domain) go by label.
  readonly #exec = [new Map<string, number>(), new Map<string, number>()];
  readonly #reach = new Map<string, Map<string, number>>();
  readonly #netPos = new Map<string, number>();

  constructor(readonly g: GraphBuilder, readonly ix: ModelIndex) {}

  #asset(label: string, id: string): number {
    const a = this.ix.assets.get(id);
    return this.g.node(Kind.Fact, { label, subject: id, subjectKind: 'asset', domain: a?.domain });
  }

  /** The attacker runs code on the asset with `user` or `admin` rights. */
  exec(asset: string, priv: 'user' | 'admin'): number {
    const cache = this.#exec[priv === 'admin' ? 1 : 0]!;
    const known = cache.get(asset);
    if (known !== undefined) return known;
    const id = this.#asset(`execCode(${asset}, ${priv})`, asset);
    cache.set(asset, id);
    if (priv === 'admin') this.g.rule({ label: `implies(${asset}, admin, user)`, subject: asset, subjectKind: 'asset' }, 0, 1, [id], this.exec(asset, 'user'));
    return id;
  }

  /** The attacker can send packets from inside the zone. */
  netPos(zone: string): number {
    let id = this.#netPos.get(zone);
    if (id === undefined) {
      id = this.g.node(Kind.Fact, { label: `netPosition(${zone})`, subject: zone, subjectKind: 'zone', domain: this.ix.zoneDomain.get(zone) });
      this.#netPos.set(zone, id);
    }
    return id;
  }

  /** The attacker can open a connection to the asset on the protocol. */
  reach(asset: string, protocol: string): number {
    let byProto = this.#reach.get(asset);
    if (!byProto) this.#reach.set(asset, (byProto = new Map()));
    const known = byProto.get(protocol);
    if (known !== undefined) return known;
    const id = this.#asset(`netAccess(${asset}, ${protocol})`, asset);
    byProto.set(protocol, id);
    this.g.rule({ label: `service(${asset}, ${protocol})`, subject: asset, subjectKind: 'asset' }, 0, 1, [id], this.reachAny(asset));
    return id;
  }

  /** The attacker can reach some service of the asset (a vulnerability's service is not modelled). */
  reachAny(asset: string): number {
    return this.#asset(`netAccess(${asset}, any)`, asset);
  }

  /** The attacker holds the account's credentials. */
  cred(account: string): number {
    const a = this.ix.accounts.get(account);
    return this.g.node(Kind.Fact, { label: `hasCredential(${account})`, subject: account, subjectKind: 'account', domain: a?.domain });
  }

  /** The attacker can command the controller (write its outputs, download logic). */
  control(asset: string): number {
    return this.#asset(`controls(${asset})`, asset);
  }

  /** The attacker controls the whole domain (a compromised supplier). */
  domain(id: string): number {
    return this.g.node(Kind.Fact, { label: `controlsDomain(${id})`, subject: id, subjectKind: 'domain', domain: id });
  }

  primitive(label: string, subject: string, subjectKind: string, change: { kind: string; target: string; cost: number } | undefined, domain?: string): number {
    return this.g.node(Kind.Primitive, { label, subject, subjectKind, change, domain });
  }
}

/**
 * The logical attack graph of a model: every entry point the model allows
 * (internet, phishing, each other domain, each supplier, insiders), network
 * reachability through conduits, exploits, credential theft and reuse,
 * trust relations across domains, and OT steps down to the process units,
 * services and data. Goals are the facts `manipulates(unit)`,
 * `controls(asset)`, `disrupts(service)`, `steals(asset, class)` and
 * `execCode(asset, admin)`.
 */
export function buildAttackGraph(model: TwinModel, options: AttackOptions = {}): AttackGraph {
  const ix = indexModel(model, options);
  const g = new GraphBuilder();
  const f = new Facts(g, ix);
  addEntries(f);
  addNetworkRules(f);
  addAccessRules(f);
  addImpactRules(f);
  return g.build();
}
