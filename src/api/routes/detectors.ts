import { z } from 'zod';
import { TrainingError } from '../../training/index.js';
import type { App } from '../app-types.js';
import type { ApiContext } from '../context.js';
import { ApiError } from '../errors.js';

const Fit = z.record(z.string(), z.union([z.number(), z.string()]));
const Version = z.object({ group: z.string(), version: z.number().int(), active: z.boolean(), trainedAt: z.string(), rows: z.number().int(), source: z.string(), members: z.array(z.string()) });
const GroupView = z
  .object({
    id: z.string(),
    description: z.string().nullable(),
    tags: z.array(z.string()),
    period: z.number(),
    detectors: z.array(z.string()),
    vote: z.number().int(),
    running: z.object({ version: z.number().int(), trainedAt: z.string(), rows: z.number().int(), source: z.string(), members: z.array(z.object({ name: z.string(), fit: Fit })) }).nullable(),
    problem: z.string().nullable(),
    versions: z.array(Version),
  })
  .meta({ id: 'DetectionGroup' });
const Switch = z.object({ detector: z.string(), units: z.array(z.string()), tags: z.array(z.string()) });
const GroupParams = z.object({ group: z.string().min(1) });
const TrainBody = z.strictObject({
  since: z.iso.datetime({ offset: true }).optional().describe('Readings from this time (default: the whole log)'),
  until: z.iso.datetime({ offset: true }).optional().describe('Readings before this time'),
  activate: z.boolean().default(false).describe('Run the new version now, replacing the running one'),
});
const ActivateBody = z.strictObject({ version: z.number().int().positive() });

export function detectorRoutes(app: App, ctx: ApiContext): void {
  const service = () => {
    if (!ctx.detection) throw new ApiError('unavailable', 503, 'this node runs no learned detection');
    return ctx.detection;
  };
  const asApi = (err: unknown): never => {
    if (err instanceof TrainingError) {
      if (err.code === 'not-found') throw new ApiError('not-found', 404, err.message);
      if (err.code === 'bad-option' && /no detection group/.test(err.message)) throw new ApiError('not-found', 404, err.message);
      throw new ApiError('bad-request', 400, err.message);
    }
    throw err;
  };

  app.get('/api/detectors', {
    schema: {
      summary: 'Learned detection groups (running version, thresholds, saved versions) and detector switches',
      tags: ['detection'],
      response: { 200: z.object({ groups: z.array(GroupView), off: z.array(Switch) }) },
    },
    handler: async () => ({
      groups: ctx.detection?.status() ?? [],
      off: ctx.node.twin.model.model.detection.off.map((s) => ({ detector: s.detector, units: s.units, tags: s.tags })),
    }),
  });

  app.post('/api/detectors/:group/train', {
    schema: {
      summary: "Train a new version of a group on the node's own readings; it runs only if activate is true or the group runs none",
      tags: ['detection'],
      params: GroupParams,
      body: TrainBody,
      response: { 200: z.object({ group: z.string(), version: z.number().int(), activated: z.boolean(), rows: z.number().int() }) },
    },
    handler: async (req) => {
      try {
        const r = await service().train(req.params.group, req.body);
        return { group: req.params.group, ...r };
      } catch (err) {
        return asApi(err);
      }
    },
  });

  app.post('/api/detectors/:group/activate', {
    schema: {
      summary: 'Run a saved version of a group from the next reading on (and at the next start)',
      tags: ['detection'],
      params: GroupParams,
      body: ActivateBody,
      response: { 200: z.object({ group: z.string(), version: z.number().int() }) },
    },
    handler: async (req) => {
      try {
        await service().activate(req.params.group, req.body.version);
        return { group: req.params.group, version: req.body.version };
      } catch (err) {
        return asApi(err);
      }
    },
  });
}
