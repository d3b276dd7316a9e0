import { AttackError, ChangesError, joinChangeSets, parseChangeList, parseChangeSet, readChangeSet, whatIf, type ChangeSet } from '../../attack/index.js';
import type { App } from '../app-types.js';
import type { ApiContext } from '../context.js';
import { ApiError, badRequest as bad } from '../errors.js';
import { WhatIfBody, WhatIfReport } from './whatif-views.js';

/** The change set of a request: `changeSet` (object or YAML/JSON text), then `changes`; errors name body fields. */
function changeSetOf(body: { changeSet?: string | Record<string, unknown>; changes?: unknown[]; name?: string }): ChangeSet {
  if (body.changeSet === undefined && body.changes === undefined) throw bad('body.changeSet', 'give changeSet (a change set object or its YAML/JSON text), changes (a list of changes), or both');
  const origin = { name: 'body.changeSet', field: true };
  const fromSet = body.changeSet === undefined ? undefined : typeof body.changeSet === 'string' ? readChangeSet(body.changeSet, origin.name, { field: true }) : parseChangeSet(body.changeSet, origin);
  const extra = body.changes === undefined || (fromSet && body.changes.length === 0) ? undefined : parseChangeList(body.changes, { name: 'body.changes', field: true }, body.name ?? 'what-if');
  if (extra && extra.changes.length === 0) throw bad('body.changes', 'a what-if needs at least one change');
  return fromSet && extra ? joinChangeSets(fromSet, extra) : (fromSet ?? extra)!;
}

/**
 * What-if on the node's model (POST /api/attack/whatif): the change set is
 * applied to a fork of the model (the model in force is never touched),
 * both are analysed, and the difference per goal and per owner comes back.
 * CPU work on the request; risk runs and takeover simulations are capped.
 */
export function whatIfRoutes(app: App, ctx: ApiContext): void {
  app.post('/api/attack/whatif', {
    schema: {
      summary: 'What-if: apply a change set (patch, close a flow, add MFA, a new CVE, a hardening plan\'s changes...) to a fork of the model and compare attack paths, per goal and per owner, before and after',
      tags: ['attack'],
      body: WhatIfBody,
      response: { 200: WhatIfReport },
    },
    handler: async (req) => {
      const { changeSet: _s, changes: _c, name: _n, ...options } = req.body;
      try {
        const set = changeSetOf(req.body);
        return await whatIf(ctx.node.twin.model.model, set, options);
      } catch (err) {
        if (err instanceof ChangesError) throw new ApiError('bad-request', 400, err.message, [{ field: err.field, message: err.reason }]);
        // Entries and goals: the library names `entries[i]`/`goals[i]`; the request has them under body.
        if (err instanceof AttackError && err.code === 'invalid-request') {
          const m = /^((?:entries|goals)\[\d+\]) (.*)$/s.exec(err.message);
          if (m) throw new ApiError('bad-request', 400, `body.${m[1]} ${m[2]}`, [{ field: `body.${m[1]}`, message: m[2]! }]);
        }
        throw err;
      }
    },
  });
}
