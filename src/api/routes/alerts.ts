import { z } from 'zod';
import { AlertIndex, SEVERITIES } from '../alert-index.js';
import type { App } from '../app-types.js';
import type { ApiContext } from '../context.js';
import { ApiError, notFound } from '../errors.js';
import { csvOf, IdParams, IsoTime, Seq } from '../schemas.js';

const Severity = z.enum(SEVERITIES);
const TechniqueRef = z.object({ id: z.string(), name: z.string() }).meta({ id: 'TechniqueRef', description: 'An ATT&CK technique: https://attack.mitre.org/techniques/<id>/' });

export const AlertView = z
  .object({
    id: z.string(),
    seq: z.number().int().describe('Seq of the alert.raised event'),
    time: z.string(),
    severity: Severity,
    score: z.number(),
    message: z.string(),
    detectors: z.array(z.string()),
    assets: z.array(z.string()),
    tags: z.array(z.string()),
    techniques: z.array(TechniqueRef),
    evidence: z.record(z.string(), z.unknown()).describe('What the detector saw: observed and expected values, the window, the causing events'),
    cause: z.number().int().describe('Seq of the event that caused the alert'),
    incident: z.string(),
  })
  .meta({ id: 'Alert', description: 'What detection concluded, from one alert.raised event' });

export const IncidentView = z
  .object({
    id: z.string(),
    title: z.string(),
    seq: z.number().int().describe('Seq of the incident.opened event'),
    firstAlert: z.string(),
    lastAlert: z.string(),
    alerts: z.number().int().describe('How many alerts the incident groups'),
    severity: Severity.describe('The highest severity among its alerts'),
    assets: z.array(z.string()),
    techniques: z.array(TechniqueRef),
    firstTime: z.string(),
    lastTime: z.string(),
    lastSeq: z.number().int().describe('Seq of its newest alert'),
  })
  .meta({ id: 'Incident', description: 'Related alerts, grouped by shared assets and time' });

const AssetOrTag = z.string().min(1).max(64);
const Technique = z.string().regex(/^T\d{4}(\.\d{3})?$/, 'expected an ATT&CK technique id like T0855 or T1078.001');

const AlertQuery = z
  .strictObject({
    asset: AssetOrTag.optional().describe('Only alerts involving this asset'),
    tag: AssetOrTag.optional().describe('Only alerts about this tag'),
    severity: csvOf(SEVERITIES).optional().describe(`Comma-separated severities: ${SEVERITIES.join(', ')}`),
    technique: Technique.optional().describe('Only alerts indicating this ATT&CK technique (or one of its sub-techniques)'),
    incident: z.string().min(1).max(64).optional().describe('Only alerts of this incident'),
    since: IsoTime.optional().describe('Alerts at or after this time'),
    until: IsoTime.optional().describe('Alerts before this time'),
    after: Seq.optional().describe('Only alerts with seq greater than this (oldest first)'),
    before: Seq.optional().describe('Only alerts with seq less than this (newest first)'),
    limit: z.coerce.number().int().min(1).max(1000).default(100),
  })
  .superRefine((q, c) => {
    if (q.after !== undefined && q.before !== undefined) c.addIssue({ code: 'custom', path: ['before'], message: 'use either after or before, not both' });
    if (q.since && q.until && Date.parse(q.since) >= Date.parse(q.until)) c.addIssue({ code: 'custom', path: ['until'], message: 'until must be later than since' });
  });

const IncidentQuery = z.strictObject({
  asset: AssetOrTag.optional().describe('Only incidents involving this asset'),
  severity: csvOf(SEVERITIES).optional().describe('Comma-separated highest severities'),
  since: IsoTime.optional().describe('Only incidents with an alert at or after this time'),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});

/** Alerts shown with one incident; the rest page through /api/alerts?incident=<id>. */
const INCIDENT_ALERTS = 200;

/**
 * Alerts and incidents, read from the event log through an in-memory index
 * (see AlertIndex). They also arrive live on /api/stream as `alert.raised`
 * and `incident.opened` events.
 */
export function alertRoutes(app: App, ctx: ApiContext): void {
  const index = new AlertIndex(ctx.node);
  const ready = async () => {
    try {
      await index.ready();
    } catch (err) {
      app.log.error({ err }, 'could not load alerts from the event log');
      throw new ApiError('unavailable', 503, 'the alerts could not be read from the event log; try again');
    }
  };
  app.addHook('onReady', async () => {
    // Warm the index at start; a failure here is retried by the first request.
    await index.ready().catch((err: unknown) => app.log.warn({ err }, 'alert index not loaded yet'));
  });
  app.addHook('onClose', async () => index.close());

  app.get('/api/alerts', {
    schema: {
      summary: 'Alerts, newest first, filtered and paged',
      description: 'Page backward with `before` (the `next.before` of the previous page) or forward with `after`.',
      tags: ['detection'],
      querystring: AlertQuery,
      response: {
        200: z.object({
          items: z.array(AlertView),
          next: z.object({ after: z.number().int().optional(), before: z.number().int().optional() }).nullable(),
        }),
      },
    },
    handler: async (req) => {
      await ready();
      const { limit, after, before, ...filter } = req.query;
      const items = index.alerts(filter, { limit, ...(after !== undefined ? { after } : {}), ...(before !== undefined ? { before } : {}) });
      const last = items[items.length - 1];
      const next = items.length < limit || !last ? null : after !== undefined ? { after: last.seq } : { before: last.seq };
      return { items, next };
    },
  });

  app.get('/api/alerts/:id', {
    schema: { summary: 'One alert', tags: ['detection'], params: IdParams, response: { 200: AlertView } },
    handler: async (req) => {
      await ready();
      const a = index.alert(req.params.id);
      if (!a) throw notFound('alert', req.params.id);
      return a;
    },
  });

  app.get('/api/incidents', {
    schema: {
      summary: 'Incidents with their alert count, highest severity, assets, techniques and first/last time; the most recently active first',
      tags: ['detection'],
      querystring: IncidentQuery,
      response: { 200: z.object({ items: z.array(IncidentView), total: z.number().int().describe('Matching incidents, before the limit') }) },
    },
    handler: async (req) => {
      await ready();
      const { limit, ...filter } = req.query;
      const all = index.incidents(filter);
      return { items: all.slice(0, limit), total: all.length };
    },
  });

  app.get('/api/incidents/:id', {
    schema: {
      summary: 'One incident with its alerts',
      description: `Its newest ${INCIDENT_ALERTS} alerts, newest first; \`alerts\` counts them all (page the rest with /api/alerts?incident=<id>).`,
      tags: ['detection'],
      params: IdParams,
      response: { 200: IncidentView.extend({ items: z.array(AlertView) }).meta({ id: 'IncidentDetail' }) },
    },
    handler: async (req) => {
      await ready();
      const inc = index.incident(req.params.id, INCIDENT_ALERTS);
      if (!inc) throw notFound('incident', req.params.id);
      return inc;
    },
  });
}
