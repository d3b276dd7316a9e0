import { parseCvssVector } from '../../risk/index.js';
import { checkRef, type CheckContext } from './context.js';

/** Owners, zones, conduits, assets: references and IEC 62443 consistency. */
export function checkStructure(ctx: CheckContext): void {
  const { items } = ctx;
  if (ctx.nodeDomain !== undefined) checkRef(ctx, 'domains', ctx.nodeDomain, ['node', 'domain']);

  for (const { v: d, path } of items.domains) {
    for (const other of Object.keys(d.trust)) {
      if (other === d.id) ctx.report([...path, 'trust', other], `a domain cannot rate its trust in itself`, true);
      else if (!ctx.ids.domains.has(other)) checkRef(ctx, 'domains', other, [...path, 'trust', other]);
    }
  }
  for (const { v: z, path } of items.zones) checkRef(ctx, 'domains', z.domain, [...path, 'domain']);

  const pairs = new Map<string, string>();
  for (const { v: c, path } of items.conduits) {
    const [a, b] = c.zones;
    const okA = checkRef(ctx, 'zones', a, [...path, 'zones', 0]);
    const okB = checkRef(ctx, 'zones', b, [...path, 'zones', 1]);
    if (a === b) ctx.report([...path, 'zones'], `a conduit joins two different zones; both ends are "${a}"`);
    else if (okA && okB) {
      const key = [a, b].sort().join('|');
      const prev = pairs.get(key);
      if (prev) ctx.report([...path, 'zones'], `zones "${a}" and "${b}" are already joined by conduit "${prev}"; put all their flows in one conduit`);
      else pairs.set(key, c.id);
    }
    c.via.forEach((asset, i) => checkRef(ctx, 'assets', asset, [...path, 'via', i]));
    c.flows.forEach((f, i) => {
      if (!c.zones.includes(f.initiator)) {
        ctx.report([...path, 'flows', i, 'initiator'], `initiator "${f.initiator}" is not one of the conduit's zones; expected ${a} or ${b}`);
      }
    });
  }

  const ips = new Map<string, string>();
  for (const { v: a, path } of items.assets) {
    checkRef(ctx, 'domains', a.domain, [...path, 'domain']);
    checkRef(ctx, 'zones', a.zone, [...path, 'zone']);
    a.addresses.forEach((addr, i) => {
      if (!addr.ip) return;
      const prev = ips.get(addr.ip);
      if (prev) ctx.report([...path, 'addresses', i, 'ip'], `address ${addr.ip} is already used by asset "${prev}"`);
      else ips.set(addr.ip, a.id);
    });
    a.vulnerabilities.forEach((vuln, i) => {
      if (!vuln.cvss) return;
      try {
        parseCvssVector(vuln.cvss);
      } catch (err) {
        ctx.report([...path, 'vulnerabilities', i, 'cvss'], `invalid CVSS vector: ${(err as Error).message}`);
      }
    });
  }
}
