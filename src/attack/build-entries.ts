import type { Facts } from './build.js';
import { protocolsOf } from './build-network.js';
import { INTERACTIVE, INTERNET_FACING } from './defaults.js';
import { Kind } from './graph.js';
import { stepOf } from './options.js';

/**
 * Entry points, each an Entry node a query switches on by its label:
 * - `internet`: a network position in every external zone and a connection
 *   to every cloud asset's web services;
 * - `phishing:<asset>`: a user opens a lure on an interactive asset (T0865);
 * - `domain:<id>`: the attacker controls another owner outright (its hosts
 *   and whatever its trust relations reach);
 * - `supply-chain:<domain>`: a supplier's update channel ships the attacker's
 *   code to every asset whose vendor is that supplier (T0862);
 * - `insider:<account>`: someone holding the account, on the network where it is valid (T0859);
 * - `asset:<id>`: a foothold with admin rights, for what-ifs.
 */
export function addEntries(f: Facts): void {
  const { g, ix } = f;
  const { model } = ix;
  const entry = (label: string, domain?: string) => g.node(Kind.Entry, { label, subjectKind: 'entry', subject: label, domain });

  const internet = entry('internet');
  for (const z of model.zones) {
    if (z.kind === 'external') g.rule({ label: `fromInternet(${z.id})`, subject: z.id, subjectKind: 'zone', domain: z.domain }, 0, 1, [internet], f.netPos(z.id));
    if (z.kind === 'cloud') {
      for (const a of ix.zoneAssets.get(z.id) ?? []) {
        for (const p of protocolsOf(a).filter((x) => INTERNET_FACING.has(x))) {
          g.rule({ label: `fromInternet(${a.id}, ${p})`, subject: a.id, subjectKind: 'asset', domain: a.domain, technique: 'T0883' }, 0, 1, [internet], f.reach(a.id, p));
        }
      }
    }
  }

  const phish = stepOf(ix.options, 'phishing');
  for (const a of model.assets) {
    if (!INTERACTIVE.has(a.kind)) continue;
    const e = entry(`phishing:${a.id}`, a.domain);
    g.rule({ label: `phish(${a.id})`, subject: a.id, subjectKind: 'asset', domain: a.domain, technique: 'T0865' }, phish.hours, phish.p, [e], f.exec(a.id, 'user'));
  }

  const supply = stepOf(ix.options, 'supplyChain');
  for (const d of model.domains) {
    const e = entry(`domain:${d.id}`, d.id);
    const owned = f.domain(d.id);
    g.rule({ label: `compromiseDomain(${d.id})`, subject: d.id, subjectKind: 'domain', domain: d.id }, 0, 1, [e], owned);
    for (const a of ix.domainAssets.get(d.id) ?? []) g.rule({ label: `ownHost(${d.id}, ${a.id})`, subject: a.id, subjectKind: 'asset', domain: d.id }, 0, 1, [owned], f.exec(a.id, 'admin'));
    // The supplier's products: assets whose vendor names the supplier (by id or name).
    const names = [d.id, d.name].map((s) => s.toLowerCase());
    const products = model.assets.filter((a) => a.domain !== d.id && a.vendor && names.some((n) => a.vendor!.toLowerCase().includes(n) || n.includes(a.vendor!.toLowerCase())));
    if (products.length === 0 && d.kind !== 'vendor' && d.kind !== 'integrator') continue;
    const sc = entry(`supply-chain:${d.id}`, d.id);
    g.rule({ label: `supplierCompromised(${d.id})`, subject: d.id, subjectKind: 'domain', domain: d.id }, 0, 1, [sc], owned);
    for (const a of products) {
      g.rule({ label: `trojanizedUpdate(${d.id}, ${a.id})`, subject: a.id, subjectKind: 'asset', domain: a.domain, technique: 'T0862' }, supply.hours, supply.p, [sc], f.exec(a.id, 'admin'));
    }
  }

  for (const acc of model.accounts) {
    const e = entry(`insider:${acc.id}`, acc.domain);
    g.rule({ label: `insider(${acc.id})`, subject: acc.id, subjectKind: 'account', domain: acc.domain, technique: 'T0859' }, 0, 1, [e], f.cred(acc.id));
    for (const zone of new Set(acc.validOn.map((h) => ix.assets.get(h)?.zone).filter((z): z is string => z !== undefined))) {
      g.rule({ label: `insiderSeat(${acc.id}, ${zone})`, subject: zone, subjectKind: 'zone', domain: acc.domain }, 0, 1, [e], f.netPos(zone));
    }
  }

  for (const a of model.assets) {
    const e = entry(`asset:${a.id}`, a.domain);
    g.rule({ label: `foothold(${a.id})`, subject: a.id, subjectKind: 'asset', domain: a.domain }, 0, 1, [e], f.exec(a.id, 'admin'));
  }
}
