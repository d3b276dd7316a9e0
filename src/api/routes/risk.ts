import { assessRisk, RiskError } from '../../risk/index.js';
import type { App } from '../app-types.js';
import type { ApiContext } from '../context.js';
import { ApiError, badRequest } from '../errors.js';
import { RiskMonitor } from '../risk-monitor.js';
import { RiskBody, RiskReport, RiskState } from './risk-views.js';

/**
 * Risk per owner (src/risk): the latest background assessment with the
 * posture history (GET; 503 when the node runs no background assessment),
 * or a fresh assessment with the caller's horizon, runs, seed and entries
 * (POST, CPU work on the request, like attack paths). Both include the flows
 * seen outside the conduits so far.
 */
export function riskRoutes(app: App, ctx: ApiContext): void {
  // The app's logger and the node's clock unless the caller set others: the background work logs where the node does.
  const monitor = ctx.risk === false ? undefined : new RiskMonitor(ctx.node, { logger: app.log, clock: ctx.node.clock, ...ctx.risk });
  if (monitor) {
    app.addHook('onReady', async () => monitor.start());
    app.addHook('onClose', async () => monitor.stop());
  }

  app.get('/api/risk', {
    schema: {
      summary: 'Risk per owner: the latest background assessment and the posture of each domain after each change of the observed flows; 503 when the node runs no background assessment',
      tags: ['risk'],
      response: { 200: RiskState },
    },
    handler: async () => {
      if (!monitor) throw new ApiError('unavailable', 503, 'this node runs no background risk assessment; POST /api/risk computes one');
      return {
        latest: monitor.history.latest ?? null,
        history: [...monitor.history.snapshots],
        pending: monitor.pending,
        observedFlows: monitor.observedFlows.length,
      };
    },
  });

  app.post('/api/risk', {
    schema: {
      summary: 'A fresh risk assessment of the model in force: per asset, service and owner, expected loss and posture',
      tags: ['risk'],
      body: RiskBody,
      response: { 200: RiskReport },
    },
    handler: async (req) => {
      try {
        return assessRisk(ctx.node.twin.model.model, { ...req.body, observedFlows: monitor?.observedFlows ?? [] });
      } catch (err) {
        // Entries the model lacks (the body schema bounds the rest): the error names `entries[i]`, under body here.
        if (err instanceof RiskError) throw badRequest(`body.${err.field}`, err.message.slice(err.field.length + 2));
        throw err;
      }
    },
  });
}
