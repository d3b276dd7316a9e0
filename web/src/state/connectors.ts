import type { Connector, TwinEvent } from '../api/types';
import { connectorChangeOf } from './events';

/** How a connector's state reads at a glance. */
export type ConnectorHealth = 'ok' | 'warn' | 'bad';

export function healthOf(state: string): ConnectorHealth {
  if (state === 'connected') return 'ok';
  if (state === 'reconnecting') return 'warn';
  return 'bad';
}

const time = (t: string | null): number => {
  const ms = t === null ? NaN : Date.parse(t);
  return Number.isFinite(ms) ? ms : -Infinity;
};

const byName = (a: Connector, b: Connector) => a.name.localeCompare(b.name);

/**
 * Applies connector.status events: each sets its connector's state, detail
 * and `since`, adding connectors not seen before. An event older than the
 * state already held (an old event in a snapshot page, met after a poll) is
 * ignored, so the order of polls and events does not matter.
 */
export function applyConnectorEvents(list: readonly Connector[], events: readonly TwinEvent[]): Connector[] {
  let out: Connector[] | null = null;
  for (const e of events) {
    const c = connectorChangeOf(e);
    if (!c) continue;
    out ??= list.slice();
    const i = out.findIndex((x) => x.name === c.connector);
    const current = i >= 0 ? out[i] : undefined;
    if (current && time(e.time) < time(current.since)) continue;
    const next: Connector = { name: c.connector, state: c.state, since: e.time, detail: c.detail, counters: current?.counters ?? {} };
    if (i >= 0) out[i] = next;
    else out.push(next);
  }
  return out ? out.sort(byName) : (list as Connector[]);
}

/**
 * Takes a poll of GET /api/connectors: the node's list is authoritative for
 * which connectors exist and their counters, but a state held locally that
 * is newer than the polled one (an event that arrived while the poll was in
 * flight) is kept.
 */
export function applyPoll(list: readonly Connector[], polled: readonly Connector[]): Connector[] {
  return polled
    .map((p) => {
      const local = list.find((x) => x.name === p.name);
      return local && time(local.since) > time(p.since) ? { ...p, state: local.state, since: local.since, detail: local.detail } : p;
    })
    .sort(byName);
}

/**
 * Reads a GET /api/connectors body defensively: malformed items are dropped,
 * counters that are not finite numbers are left out.
 */
export function parseConnectors(body: unknown): Connector[] {
  const items = body && typeof body === 'object' ? (body as { items?: unknown }).items : undefined;
  if (!Array.isArray(items)) return [];
  const out: Connector[] = [];
  for (const raw of items as unknown[]) {
    if (!raw || typeof raw !== 'object') continue;
    const r = raw as Record<string, unknown>;
    if (typeof r.name !== 'string' || typeof r.state !== 'string') continue;
    const counters: Record<string, number> = {};
    if (r.counters && typeof r.counters === 'object') {
      for (const [k, v] of Object.entries(r.counters)) if (typeof v === 'number' && Number.isFinite(v)) counters[k] = v;
    }
    out.push({
      name: r.name,
      state: r.state,
      since: typeof r.since === 'string' ? r.since : null,
      detail: typeof r.detail === 'string' ? r.detail : null,
      counters,
    });
  }
  return out;
}

/**
 * A chip label for a connector name: "kind:host:port" becomes "kind:…:port"
 * (the port tells connectors of one kind apart; the host is in the tooltip);
 * other names are kept.
 */
export function compactName(name: string): string {
  const parts = name.split(':');
  return parts.length >= 3 && name.length > 14 ? `${parts[0]}:…:${parts[parts.length - 1]}` : name;
}
