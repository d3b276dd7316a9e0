import { checkRef, type CheckContext } from './context.js';

/** The service chain: references, and no service that (transitively) depends on itself. */
export function checkServices(ctx: CheckContext): void {
  const { items } = ctx;
  const edges = new Map<string, string[]>();
  for (const { v: s, path } of items.services) {
    checkRef(ctx, 'domains', s.domain, [...path, 'domain']);
    s.runsOn.forEach((a, i) => checkRef(ctx, 'assets', a, [...path, 'runsOn', i]));
    s.dependsOn.forEach((d, i) => {
      if (d.service === s.id) ctx.report([...path, 'dependsOn', i, 'service'], `service "${s.id}" cannot depend on itself`);
      else if (checkRef(ctx, 'services', d.service, [...path, 'dependsOn', i, 'service']) && d.required) {
        edges.set(s.id, [...(edges.get(s.id) ?? []), d.service]);
      }
    });
  }
  // A required-dependency cycle means no service in it can ever start; report it once, at its first member.
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const byId = new Map(items.services.map((s) => [s.v.id, s]));
  const visit = (id: string): void => {
    state.set(id, 'open');
    stack.push(id);
    for (const next of edges.get(id) ?? []) {
      if (state.get(next) === 'open') {
        const cycle = [...stack.slice(stack.indexOf(next)), next];
        const at = byId.get(next);
        if (at) ctx.report([...at.path, 'dependsOn'], `dependency cycle: ${cycle.join(' -> ')}`);
      } else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(id, 'done');
  };
  for (const { v: s } of items.services) if (!state.has(s.id)) visit(s.id);

  for (const { v: a, path } of items.accounts) {
    checkRef(ctx, 'domains', a.domain, [...path, 'domain']);
    a.validOn.forEach((asset, i) => checkRef(ctx, 'assets', asset, [...path, 'validOn', i]));
  }
  for (const { v: t, path } of items.trust) {
    checkRef(ctx, 'domains', t.from.domain, [...path, 'from', 'domain']);
    if (t.from.asset) checkRef(ctx, 'assets', t.from.asset, [...path, 'from', 'asset']);
    t.to.forEach((a, i) => checkRef(ctx, 'assets', a, [...path, 'to', i]));
    if (t.account) checkRef(ctx, 'accounts', t.account, [...path, 'account']);
  }
}
