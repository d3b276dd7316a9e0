import type { Account, Asset, Trust } from '../model/index.js';
import { exploitFacts, type ExploitFacts } from '../risk/cvss-score.js';
import type { Facts } from './build.js';
import { listensOn, protocolsOf } from './build-network.js';
import { CONTROLLERS, ENGINEERING, INTERACTIVE, LOGIN, type StepCost } from './defaults.js';
import { Kind } from './graph.js';
import { changeCost, stepOf, ZERO_DAY_CVSS } from './options.js';

const ADMIN = new Set(['engineer', 'admin']);
const privOf = (a: Account | undefined): 'user' | 'admin' => (a && ADMIN.has(a.privilege) ? 'admin' : 'user');

/** Step time and chance for exploiting a vulnerability: known exploitation and CVSS exploitability shorten it. */
export function exploitStep(facts: ExploitFacts, exploited: boolean, base: StepCost): StepCost {
  const e = Math.max(0.05, facts.exploitability);
  const hours = base.hours / e;
  const p = Math.min(0.99, base.p * (exploited ? 1 : e));
  return { hours, p };
}

/**
 * Exploits (preconditions from the CVSS vector: attack vector, privileges
 * required, user interaction; the privilege gained from its impact),
 * credential theft and reuse, and trust relations, across domains.
 */
export function addAccessRules(f: Facts): void {
  const { ix } = f;
  for (const a of ix.model.assets) {
    for (const v of a.vulnerabilities) if (v.cvss) addExploit(f, a, v.cve, v.cvss, v.exploited, false);
  }
  for (const z of ix.options.zeroDays ?? []) {
    const a = ix.assets.get(z.asset);
    if (a) addExploit(f, a, z.id ?? `ZERO-DAY-${a.id}`, z.cvss ?? ZERO_DAY_CVSS, true, true);
  }
  for (const acc of ix.model.accounts) addAccount(f, acc);
  for (const t of ix.model.trust) addTrust(f, t);
}

function addExploit(f: Facts, a: Asset, cve: string, cvss: string, exploited: boolean, zeroDay: boolean): void {
  const { g, ix } = f;
  const facts = exploitFacts(cvss);
  if (facts.attackVector === 'physical') return; // needs hands on the device: out of this graph
  const base = stepOf(ix.options, zeroDay ? 'zeroDay' : exploited ? 'exploitKnown' : 'exploitUnknown');
  let { hours, p } = exploitStep(facts, exploited || zeroDay, base);
  const pre: number[] = [];
  const controller = CONTROLLERS.has(a.kind);
  const prim = f.primitive(`vulnerable(${a.id}, ${cve})`, a.id, 'asset', zeroDay ? undefined : { kind: 'patch', target: `${a.id}:${cve}`, cost: changeCost(ix.options, controller ? 'patch-controller' : 'patch') }, a.domain);
  pre.push(prim);
  if (facts.attackVector === 'network') pre.push(f.reachAny(a.id));
  else if (facts.attackVector === 'adjacent') pre.push(f.netPos(a.zone));
  else pre.push(f.exec(a.id, 'user'));
  if (facts.privilegesRequired !== 'none' && facts.attackVector !== 'local') {
    const accounts = ix.accountsOn.get(a.id) ?? [];
    if (accounts.length === 0) return; // nobody can log in to it, so neither can the attacker
    const login = g.node(Kind.Fact, { label: `hasAccountOn(${a.id})`, subject: a.id, subjectKind: 'asset', domain: a.domain });
    for (const acc of accounts) g.rule({ label: `accountOn(${acc.id}, ${a.id})`, subject: a.id, subjectKind: 'asset', domain: a.domain }, 0, 1, [f.cred(acc.id)], login, true);
    pre.push(login);
  }
  if (facts.userInteraction) {
    if (!INTERACTIVE.has(a.kind)) return; // nobody there to click
    const ui = stepOf(ix.options, 'userInteraction');
    hours += ui.hours;
    p *= ui.p;
  }
  if (facts.gains !== 'none') {
    const technique = facts.attackVector === 'local' ? 'T0890' : ix.internetFacing.has(a.zone) ? 'T0819' : 'T0866';
    const to = controller && facts.gains === 'admin' ? f.control(a.id) : f.exec(a.id, facts.gains);
    g.rule({ label: `exploit(${a.id}, ${cve})`, subject: a.id, subjectKind: 'asset', domain: a.domain, technique }, hours, p, pre, to, true);
    if (controller && facts.gains === 'admin') g.rule({ label: `owns(${a.id}, ${cve})`, subject: a.id, subjectKind: 'asset', domain: a.domain }, 0, 1, [to], f.exec(a.id, 'admin'), true);
  }
  if (facts.availability) {
    const down = g.node(Kind.Fact, { label: `down(${a.id})`, subject: a.id, subjectKind: 'asset', domain: a.domain });
    g.rule({ label: `crash(${a.id}, ${cve})`, subject: a.id, subjectKind: 'asset', domain: a.domain, technique: 'T0814' }, hours / 2, Math.min(0.99, p * 1.2), pre, down, true);
  }
}

function addAccount(f: Facts, acc: Account): void {
  const { g, ix } = f;
  const cred = f.cred(acc.id);
  const priv = privOf(acc);
  const meta = { subject: acc.id, subjectKind: 'account', domain: acc.domain };
  // Credentials lie on every host they are valid on: an admin there dumps them; a shared password is on the whiteboard.
  for (const host of acc.validOn) {
    if (!ix.assets.has(host)) continue;
    const dump = stepOf(ix.options, 'credentialDump');
    g.rule({ label: `dumpCredentials(${host}, ${acc.id})`, ...meta }, dump.hours, dump.p, [f.exec(host, 'admin')], cred);
    if (acc.kind === 'shared') {
      const shared = f.primitive(`sharedAccount(${acc.id})`, acc.id, 'account', { kind: 'unshare-account', target: acc.id, cost: changeCost(ix.options, 'unshare-account') }, acc.domain);
      const s = stepOf(ix.options, 'sharedCredential');
      g.rule({ label: `readSharedCredential(${host}, ${acc.id})`, ...meta, technique: 'T0859' }, s.hours, s.p, [f.exec(host, 'user'), shared], cred);
    }
  }
  if (acc.kind === 'default') {
    const d = stepOf(ix.options, 'defaultCredential');
    const prim = f.primitive(`defaultCredential(${acc.id})`, acc.id, 'account', { kind: 'change-default-credentials', target: acc.id, cost: changeCost(ix.options, 'change-default-credentials') }, acc.domain);
    g.rule({ label: `knownDefault(${acc.id})`, ...meta, technique: 'T0812' }, d.hours, d.p, [prim], cred);
  }
  if (acc.mfa) return; // MFA stops reuse of a stolen password (bypassing MFA is out of this graph)
  const noMfa = f.primitive(`noMfa(${acc.id})`, acc.id, 'account', { kind: 'add-mfa', target: acc.id, cost: changeCost(ix.options, 'add-mfa') }, acc.domain);
  const logon = stepOf(ix.options, 'logon');
  for (const host of acc.validOn) {
    const a = ix.assets.get(host);
    if (!a) continue;
    const controller = CONTROLLERS.has(a.kind);
    for (const p of protocolsOf(a)) {
      if (controller && ENGINEERING.has(p) && priv === 'admin') {
        const dl = stepOf(ix.options, 'programDownload');
        g.rule({ label: `programDownload(${acc.id}, ${host}, ${p})`, subject: host, subjectKind: 'asset', domain: a.domain, technique: 'T0843' }, dl.hours, dl.p, [cred, noMfa, f.reach(host, p)], f.control(host));
      } else if (LOGIN.has(p)) {
        g.rule({ label: `logon(${acc.id}, ${host}, ${p})`, subject: host, subjectKind: 'asset', domain: a.domain, technique: acc.kind === 'default' ? 'T0812' : p === 'https' || p === 'http' ? 'T0859' : 'T0886' }, logon.hours, logon.p, [cred, noMfa, f.reach(host, p)], f.exec(host, priv));
      }
    }
  }
}

const TRUST_TECHNIQUE: Record<Trust['kind'], string> = {
  'vendor-remote-access': 'T0822',
  vpn: 'T0822',
  'jump-host': 'T0886',
  sso: 'T0859',
  'shared-account': 'T0859',
  'api-token': 'T0859',
  'domain-trust': 'T0859',
  'data-feed': 'T0866',
};

function addTrust(f: Facts, t: Trust): void {
  const { g, ix } = f;
  const acc = t.account ? ix.accounts.get(t.account) : undefined;
  if (t.mfa || acc?.mfa) return; // see addAccount: MFA stops the reuse
  const source = t.from.asset ? f.exec(t.from.asset, 'user') : f.domain(t.from.domain);
  const prim = f.primitive(`trust(${t.id})`, t.id, 'trust', { kind: 'remove-trust', target: t.id, cost: changeCost(ix.options, 'remove-trust') }, t.from.domain);
  const noMfa = f.primitive(`noMfa(trust ${t.id})`, t.id, 'trust', { kind: 'add-mfa', target: `trust:${t.id}`, cost: changeCost(ix.options, 'add-mfa') }, t.from.domain);
  const step = stepOf(ix.options, t.kind === 'data-feed' ? 'dataFeed' : 'trust');
  const priv = t.kind === 'data-feed' ? 'user' : privOf(acc);
  for (const to of t.to) {
    const a = ix.assets.get(to);
    if (!a) continue;
    if (t.protocol && !listensOn(a, t.protocol) && t.kind !== 'data-feed') continue;
    const pre = t.kind === 'data-feed' ? [source, prim] : [source, prim, noMfa];
    g.rule({ label: `useTrust(${t.id}, ${to})`, subject: to, subjectKind: 'asset', domain: a.domain, technique: TRUST_TECHNIQUE[t.kind] }, step.hours, step.p, pre, f.exec(to, priv));
  }
}
