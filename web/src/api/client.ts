import { errorText } from './error-text';
import type { Alert, AlertPage, Asset, Conduit, EventPage, Incident, List, NodeInfo, PathsQuery, PathsReport, RiskQuery, RiskReport, RiskState, Service, Tag, Zone } from './types';

/** Thrown for any non-2xx answer or unreadable body; `status` is 0 when the request never got an answer. */
export class ApiError extends Error {
  constructor(
    readonly path: string,
    readonly status: number,
    message: string,
  ) {
    super(`${path}: ${message}`);
    this.name = 'ApiError';
  }
}

/** GET a JSON resource of the node that served this page. */
export async function getJson<T>(path: string, signal?: AbortSignal): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, { headers: { accept: 'application/json' }, signal });
  } catch (err) {
    throw new ApiError(path, 0, errorText(err));
  }
  if (!res.ok) {
    const body = (await res.json().catch(() => null)) as { message?: string } | null;
    throw new ApiError(path, res.status, body?.message ?? res.statusText);
  }
  return (await res.json()) as T;
}

/** POST to the node (with a JSON body when one is given) and read its JSON answer; throws ApiError as getJson does. */
export async function postJson<T>(path: string, body?: unknown): Promise<T> {
  let res: Response;
  try {
    // No content type without a body: the node refuses an empty JSON body.
    res = await fetch(path, {
      method: 'POST',
      headers: body === undefined ? { accept: 'application/json' } : { accept: 'application/json', 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  } catch (err) {
    throw new ApiError(path, 0, errorText(err));
  }
  if (!res.ok) {
    const b = (await res.json().catch(() => null)) as { message?: string } | null;
    throw new ApiError(path, res.status, b?.message ?? res.statusText);
  }
  return (await res.json()) as T;
}

/** Attack paths of the node's model: POST /api/attack/paths (an empty query takes the node's default entries and goals). */
export function analyzePaths(query: PathsQuery): Promise<PathsReport> {
  return postJson<PathsReport>('/api/attack/paths', query);
}

/** Risk per owner: the node's latest background assessment and posture history (GET /api/risk). */
export function riskState(signal?: AbortSignal): Promise<RiskState> {
  return getJson<RiskState>('/api/risk', signal);
}

/** A fresh risk assessment with the caller's horizon, runs, seed and entries (POST /api/risk). */
export function assessRisk(query: RiskQuery): Promise<RiskReport> {
  return postJson<RiskReport>('/api/risk', query);
}

/** Everything the console shows at first paint, read once; later changes arrive on the stream. */
export interface Snapshot {
  node: NodeInfo;
  zones: Zone[];
  conduits: Conduit[];
  assets: Asset[];
  services: Service[];
  tags: Tag[];
  /** The newest events, newest first. */
  events: EventPage['items'];
  /** The newest drift.detected events, newest first (they are rare among readings, so read apart). */
  drift: EventPage['items'];
  /** The newest observation.command events, newest first. */
  commands: EventPage['items'];
  /** The newest alerts, newest first. */
  alerts: Alert[];
  /** Incidents, the most recently active first. */
  incidents: Incident[];
}

/** Alerts and incidents read at first paint; live ones arrive on the stream as alert.raised / incident.opened. */
export const SNAPSHOT_ALERTS = 200;
export const SNAPSHOT_INCIDENTS = 100;

export async function loadSnapshot(signal?: AbortSignal): Promise<Snapshot> {
  // Events first: the stream resumes after the newest of them, so anything
  // committed while the rest loads is replayed rather than lost.
  const events = await getJson<EventPage>('/api/events?limit=50', signal);
  // Drift and commands read after them may repeat events the stream replays; the state drops repeated seqs.
  const [node, zones, conduits, assets, services, tags, drift, commands, alerts, incidents] = await Promise.all([
    getJson<NodeInfo>('/api/node', signal),
    getJson<List<Zone>>('/api/zones', signal),
    getJson<List<Conduit>>('/api/conduits', signal),
    getJson<List<Asset>>('/api/assets', signal),
    getJson<List<Service>>('/api/services', signal),
    getJson<List<Tag>>('/api/tags', signal),
    getJson<EventPage>('/api/events?type=drift.detected&limit=50', signal),
    getJson<EventPage>('/api/events?type=observation.command&limit=50', signal),
    getJson<AlertPage>(`/api/alerts?limit=${SNAPSHOT_ALERTS}`, signal),
    getJson<List<Incident>>(`/api/incidents?limit=${SNAPSHOT_INCIDENTS}`, signal),
  ]);
  return {
    node,
    zones: zones.items,
    conduits: conduits.items,
    assets: assets.items,
    services: services.items,
    tags: tags.items,
    events: events.items,
    drift: drift.items,
    commands: commands.items,
    alerts: alerts.items,
    incidents: incidents.items,
  };
}
