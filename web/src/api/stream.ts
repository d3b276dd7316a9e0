import type { StreamMessage, TwinEvent } from './types';

export type StreamStatus = 'live' | 'reconnecting';

export interface EventStreamOptions {
  /** Seq of the newest event already shown; the stream starts strictly after it. */
  after: number;
  /** Called with new events in seq order, each seq at most once, batched per `flushMs`. */
  onEvents: (events: TwinEvent[]) => void;
  onStatus: (status: StreamStatus) => void;
  /** Called when a socket opens again after a close (not on the first open). */
  onReconnect?: () => void;
  flushMs?: number;
}

const MIN_BACKOFF_MS = 1_000;
const MAX_BACKOFF_MS = 10_000;

/**
 * A WebSocket on /api/stream that reconnects forever: after a close it waits
 * 1 s, 2 s, 4 s, 8 s, then 10 s between attempts (reset once a socket opens)
 * and resumes with ?after=<last seq delivered>, so the server replays what
 * was committed while disconnected and nothing is missed.
 *
 * Messages are parsed defensively: anything not shaped like an event with an
 * integer seq is dropped, and seqs at or below the last delivered one
 * (replays after a reconnect) are skipped.
 */
export class EventStream {
  private socket: WebSocket | null = null;
  private lastSeq: number;
  private backoff = MIN_BACKOFF_MS;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private flushTimer: ReturnType<typeof setTimeout> | null = null;
  private pending: TwinEvent[] = [];
  private closed = false;
  private opened = false;

  constructor(private readonly options: EventStreamOptions) {
    this.lastSeq = options.after;
    this.connect();
  }

  /** Seq of the newest event delivered or queued for delivery. */
  get lastDelivered(): number {
    return this.lastSeq;
  }

  /** Stops for good: closes the socket and cancels any pending retry. */
  close(): void {
    this.closed = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.socket?.close(1000, 'console closed');
    this.socket = null;
  }

  private connect(): void {
    const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
    const socket = new WebSocket(`${scheme}://${location.host}/api/stream?after=${this.lastSeq}`);
    this.socket = socket;
    socket.onopen = () => {
      this.backoff = MIN_BACKOFF_MS;
      this.options.onStatus('live');
      if (this.opened) this.options.onReconnect?.();
      this.opened = true;
    };
    socket.onmessage = (msg) => this.receive(msg.data);
    socket.onclose = () => {
      if (this.socket !== socket) return;
      this.socket = null;
      if (this.closed) return;
      this.options.onStatus('reconnecting');
      this.retryTimer = setTimeout(() => this.connect(), this.backoff);
      this.backoff = Math.min(this.backoff * 2, MAX_BACKOFF_MS);
    };
    // An error is always followed by a close, which schedules the retry.
    socket.onerror = () => undefined;
  }

  private receive(raw: unknown): void {
    if (typeof raw !== 'string') return;
    let msg: Partial<StreamMessage>;
    try {
      msg = JSON.parse(raw) as Partial<StreamMessage>;
    } catch {
      return;
    }
    const e = msg?.event;
    if (msg?.kind !== 'event' || !e || !Number.isInteger(e.seq) || typeof e.type !== 'string') return;
    if (e.seq <= this.lastSeq) return;
    this.lastSeq = e.seq;
    this.pending.push({ ...e, data: e.data && typeof e.data === 'object' ? e.data : {} });
    this.flushTimer ??= setTimeout(() => this.flush(), this.options.flushMs ?? 100);
  }

  private flush(): void {
    this.flushTimer = null;
    const batch = this.pending;
    this.pending = [];
    if (batch.length > 0 && !this.closed) this.options.onEvents(batch);
  }
}
