import { assessRisk, RiskError } from '../../risk/index.js';
import type { App } from '../app-types.js';
import type { ApiContext } from '../context.js';
import { ApiError } from '../errors.js';
import { RiskMonitor } from '../risk-monitor.js';
import { RiskBody, RiskReport, RiskState } from './risk-views.js';

/**
 * Risk per owner (src/risk): the latest background assessment with the
 * posture history (GET), or a fresh assessment with the caller's horizon,
 * runs, seed and entries (POST, CPU work on the request, like attack paths).
 * Both include the flows seen outside the conduits so far.
 */
export function riskRoutes(app: App, ctx: ApiContext): void {
  const monitor = ctx.risk === false ? undefined : new RiskMonitor(ctx.node, ctx.risk);
  if (monitor) {
    app.addHook('onReady', async () => monitor.start());
    app.addHook('onClose', async () => monitor.stop());
  }

  app.get('/api/risk', {
    schema: {
      summary: 'Risk per owner: the latest background assessment and the posture of each domain after each change of the model or the observed flows',
      tags: ['risk'],
      response: { 200: RiskState },
    },
    handler: async () => {
      monitor?.checkModel();
      return {
        latest: monitor?.history.latest ?? null,
        history: [...(monitor?.history.snapshots ?? [])],
        pending: monitor?.pending ?? false,
        observedFlows: monitor?.observedFlows.length ?? 0,
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
        if (err instanceof RiskError) {
          const field = `body.${err.field}`;
          throw new ApiError('bad-request', 400, `${field}: ${err.message.slice(err.field.length + 2)}`, [{ field, message: err.message.slice(err.field.length + 2) }]);
        }
        throw err;
      }
    },
  });
}
