import type {} from '@fastify/websocket';
import type { WebSocket } from 'ws';
import { z } from 'zod';
import type { StoredEvent } from '../../twin/index.js';
import type { App } from '../app-types.js';
import type { ApiContext } from '../context.js';
import { Seq } from '../schemas.js';
import { EventFilter } from './events.js';

/** A client this far behind is cut off; it resumes with ?after=<last seq seen>. */
const MAX_BUFFERED = 8 * 1024 * 1024;
const BACKLOG_PAGE = 1000;

/**
 * WebSocket stream of committed events, in log order. With `after`, the
 * stream first replays the log from there, so a client that reconnects with
 * the last seq it saw misses nothing.
 */
export function streamRoutes(app: App, ctx: ApiContext): void {
  app.get('/api/stream', {
    websocket: true,
    schema: {
      summary: 'WebSocket: new events as they are committed',
      description: 'Each message is a JSON object {"kind":"event","event":Event}. Resume with ?after=<seq>.',
      tags: ['state'],
      querystring: EventFilter.extend({ after: Seq.optional() }),
    },
  }, (socket: WebSocket, req) => {
    const q = req.query as z.infer<typeof EventFilter> & { after?: number };
    const types = q.type ? new Set<string>(q.type) : undefined;
    const match = (e: StoredEvent) => (!types || types.has(e.type)) && (!q.subject || e.subject === q.subject);
    let sent = q.after ?? ctx.node.committed;
    let replaying = q.after !== undefined;
    const queued: StoredEvent[] = [];

    const send = (events: readonly StoredEvent[]) => {
      for (const e of events) {
        if (e.seq <= sent) continue;
        sent = e.seq;
        if (!match(e)) continue;
        if (socket.bufferedAmount > MAX_BUFFERED) {
          socket.close(1013, `client too slow; reconnect with ?after=${e.seq - 1}`);
          return;
        }
        socket.send(JSON.stringify({ kind: 'event', event: e }));
      }
    };
    const unsubscribe = ctx.node.subscribe((events) => (replaying ? queued.push(...events) : send(events)));
    socket.on('close', unsubscribe);
    socket.on('error', unsubscribe);
    socket.on('message', () => undefined);

    if (replaying) {
      void (async () => {
        try {
          for (;;) {
            const page = await ctx.node.store.read({ after: sent, limit: BACKLOG_PAGE, order: 'asc' });
            send(page);
            if (page.length < BACKLOG_PAGE || socket.readyState !== socket.OPEN) break;
          }
          replaying = false;
          send(queued.splice(0));
        } catch (err) {
          req.log.error({ err }, 'stream backlog failed');
          socket.close(1011, 'could not read the event log');
        }
      })();
    }
  });
}
