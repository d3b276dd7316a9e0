import WebSocket from 'ws';
import type { StoredEvent } from '../../twin/index.js';
import { getJson } from '../api-client.js';
import { EXIT, type Output } from '../output.js';
import { waitForSignal } from '../signals.js';

export interface EventsOptions {
  api: string;
  type?: string;
  subject?: string;
  limit: string;
  follow?: boolean;
  json?: boolean;
}

/** One line per event: seq, time, type, subject and what changed. */
export function formatEvent(e: StoredEvent): string {
  const d = e.data as Record<string, unknown>;
  const what =
    e.erased ? 'private record, erased (its ledger leaf remains)'
    : e.type === 'record.erased' ? `erased ${(d.seqs as number[]).join(', ')}: ${d.reason}${d.requestedBy ? ` (requested by ${d.requestedBy})` : ''}`
    : e.type === 'tag.reading' ? `${d.value} (${d.quality}) from ${d.source}`
    : e.type === 'asset.status' ? `${d.previous} -> ${d.status} (${d.reason})`
    : e.type === 'model.loaded' ? `${d.name} ${String(d.hash).slice(0, 12)}`
    : e.type === 'reading.rejected' ? `${d.reason}: ${JSON.stringify(d.value)} from ${d.source}`
    : e.type === 'node.started' ? `domain ${d.domain}, model ${String(d.modelHash).slice(0, 12)}, version ${d.version}`
    : JSON.stringify(d);
  return `${String(e.seq).padStart(8)}  ${e.time}  ${e.type.padEnd(16)} ${(e.subject ?? '-').padEnd(24)} ${what}`;
}

/** `twinward events`: the newest events of a running node, oldest first; `--follow` streams new ones. */
export async function eventsCommand(opts: EventsOptions, io: Output): Promise<number> {
  const q = new URLSearchParams({ limit: opts.limit });
  if (opts.type) q.set('type', opts.type);
  if (opts.subject) q.set('subject', opts.subject);
  const page = await getJson<{ items: StoredEvent[] }>(opts.api, `/api/events?${q}`);
  const print = (e: StoredEvent) => io.out(opts.json ? JSON.stringify(e) : formatEvent(e));
  const items = [...page.items].reverse();
  items.forEach(print);
  if (!opts.follow) return EXIT.ok;

  const after = items[items.length - 1]?.seq;
  const sq = new URLSearchParams();
  if (after !== undefined) sq.set('after', String(after));
  if (opts.type) sq.set('type', opts.type);
  if (opts.subject) sq.set('subject', opts.subject);
  const ws = new WebSocket(new URL(`/api/stream?${sq}`, opts.api.replace(/^http/, 'ws')));
  ws.on('message', (m) => {
    const msg = JSON.parse(String(m)) as { kind: string; event: StoredEvent };
    if (msg.kind === 'event') print(msg.event);
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
