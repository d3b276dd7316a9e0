import WebSocket from 'ws';
import type { AlertView, IncidentView } from '../../api/alert-index.js';
import type { StoredEvent } from '../../twin/index.js';
import { getJson } from '../api-client.js';
import { EXIT, type Output } from '../output.js';
import { table, type TextTable } from '../text-table.js';
import { waitForSignal } from '../signals.js';

export interface AlertsOptions {
  api: string;
  asset?: string;
  tag?: string;
  severity?: string;
  technique?: string;
  incident?: string;
  since?: string;
  limit: string;
  follow?: boolean;
  json?: boolean;
}

/** "2026-03-01 10:00:01Z": to the second, so rows line up. */
const when = (iso: string) => iso.replace('T', ' ').replace(/\.\d+Z$/, 'Z');
const list = (xs: readonly string[]) => (xs.length ? xs.join(',') : '-');

const ALERT_HEAD = ['time', 'severity', 'alert', 'assets', 'techniques', 'message'];
const alertRow = (a: AlertView) => [when(a.time), a.severity, a.id, list(a.assets), list(a.techniques.map((t) => t.id)), a.message];

/** The alerts as a table; `--follow` prints new rows with its widths. */
function printAlerts(items: readonly AlertView[], io: Output): TextTable {
  return table(io, ALERT_HEAD, items.map(alertRow), '', [20, 8, 12, 16, 12]);
}

/** An alert.raised event as the API's alert view. */
function alertOf(e: StoredEvent): AlertView | undefined {
  if (e.type !== 'alert.raised') return undefined;
  return { ...e.data, seq: e.seq, time: e.time };
}

function matches(a: AlertView, o: AlertsOptions): boolean {
  const severities = o.severity?.split(',').map((s) => s.trim());
  return (
    (!o.asset || a.assets.includes(o.asset)) &&
    (!o.tag || a.tags.includes(o.tag)) &&
    (!severities || severities.includes(a.severity)) &&
    (!o.technique || a.techniques.some((t) => t.id === o.technique || t.id.startsWith(`${o.technique}.`))) &&
    (!o.incident || a.incident === o.incident)
  );
}

/**
 * `twinward alerts`: a running node's newest alerts as a table, oldest
 * first; `--follow` then prints new ones as detection raises them.
 */
export async function alertsCommand(opts: AlertsOptions, io: Output): Promise<number> {
  const q = new URLSearchParams({ limit: opts.limit });
  for (const k of ['asset', 'tag', 'severity', 'technique', 'incident', 'since'] as const) if (opts[k]) q.set(k, opts[k]);
  // The log position before the read: the stream resumes there, so no alert falls between the two.
  const committed = opts.follow ? (await getJson<{ store: { committed: number } }>(opts.api, '/api/node')).store.committed : 0;
  const { items } = await getJson<{ items: AlertView[] }>(opts.api, `/api/alerts?${q}`);
  const shown = [...items].reverse();
  let shownTable: TextTable | undefined;
  if (opts.json) shown.forEach((a) => io.out(JSON.stringify(a)));
  else if (shown.length > 0 || opts.follow) shownTable = printAlerts(shown, io);
  else io.out('no alerts');
  if (!opts.follow) return EXIT.ok;

  let last = Math.max(committed, ...shown.map((a) => a.seq));
  const ws = new WebSocket(new URL(`/api/stream?type=alert.raised&after=${committed}`, opts.api.replace(/^http/, 'ws')));
  ws.on('message', (m) => {
    const msg = JSON.parse(String(m)) as { kind: string; event: StoredEvent };
    const a = msg.kind === 'event' ? alertOf(msg.event) : undefined;
    if (!a || a.seq <= last) return;
    last = a.seq;
    if (!matches(a, opts)) return;
    io.out(opts.json ? JSON.stringify(a) : shownTable!.line(alertRow(a)));
  });
  const closed = new Promise<number>((resolve) => {
    ws.on('close', (code, reason) => {
      io.err(`twinward: stream closed (${code}${reason.length ? `: ${reason}` : ''})`);
      resolve(EXIT.failure);
    });
    ws.on('error', (err) => io.err(`twinward: stream error: ${err.message}`));
  });
  const code = await Promise.race([closed, waitForSignal().then(() => EXIT.ok)]);
  ws.removeAllListeners('close');
  ws.close();
  return code;
}

const INCIDENT_HEAD = ['incident', 'severity', 'alerts', 'first', 'last', 'assets', 'techniques', 'title'];

/** `twinward incidents`: a running node's incidents, the most recently active first. */
export async function incidentsCommand(opts: { api: string; json?: boolean }, io: Output): Promise<number> {
  const { items, total } = await getJson<{ items: IncidentView[]; total: number }>(opts.api, '/api/incidents?limit=1000');
  if (opts.json) {
    io.out(JSON.stringify(items, null, 2));
    return EXIT.ok;
  }
  if (items.length === 0) {
    io.out('no incidents');
    return EXIT.ok;
  }
  const rows = items.map((i) => [i.id, i.severity, String(i.alerts), when(i.firstTime), when(i.lastTime), list(i.assets), list(i.techniques.map((t) => t.id)), i.title]);
  table(io, INCIDENT_HEAD, rows);
  if (total > items.length) io.out(`(${items.length} of ${total} shown)`);
  return EXIT.ok;
}

/** `twinward incident <id>`: one incident, what it adds up to, and its alerts oldest first. */
export async function incidentCommand(id: string, opts: { api: string; json?: boolean }, io: Output): Promise<number> {
  const inc = await getJson<IncidentView & { items: AlertView[] }>(opts.api, `/api/incidents/${encodeURIComponent(id)}`);
  if (opts.json) {
    io.out(JSON.stringify(inc, null, 2));
    return EXIT.ok;
  }
  const field = (k: string, v: string) => io.out(`${k.padEnd(11)}${v}`);
  field('incident', inc.id);
  field('title', inc.title);
  field('severity', `${inc.severity} (highest of ${inc.alerts} alert${inc.alerts === 1 ? '' : 's'})`);
  field('assets', list(inc.assets));
  field('techniques', inc.techniques.length ? inc.techniques.map((t) => `${t.id} ${t.name}`).join(', ') : '-');
  field('first', when(inc.firstTime));
  field('last', when(inc.lastTime));
  io.out('');
  printAlerts([...inc.items].reverse(), io);
  if (inc.alerts > inc.items.length) io.out(`(newest ${inc.items.length} of ${inc.alerts}; twinward alerts --incident ${inc.id} -n 1000 lists more)`);
  return EXIT.ok;
}
