import type { Clock } from '../common/clock.js';
import { systemClock } from '../common/clock.js';
import { silentLogger, type Logger } from '../common/logger.js';
import { LedgerError } from '../ledger/errors.js';
import { privacyPolicy } from '../ledger/privacy.js';
import type { LoadedModel } from '../model/index.js';
import type { EventStore, Snapshot } from '../store/types.js';
import { makeEvent, type NewEvent, type StoredEvent } from './events.js';
import type { Observation } from './observations.js';
import { Twin, type Reading } from './runtime.js';

export interface TwinNodeOptions {
  model: LoadedModel;
  store: EventStore;
  /** Version string recorded in node.started. */
  version: string;
  clock?: Clock;
  logger?: Logger;
  /** Take a snapshot every this many events (bounds replay time after a crash). */
  snapshotEvery?: number;
  /** Most events written in one transaction. */
  maxBatch?: number;
  /** Called while replaying the log at start: (applied, total). */
  onReplay?: (applied: number, total: number) => void;
}

interface Batch {
  events: StoredEvent[];
  snapshot?: Snapshot;
  /** Private records this batch erases (it holds the record.erased event). */
  erase?: number[];
  waiters: { resolve: () => void; reject: (e: unknown) => void }[];
}

export type Listener = (events: readonly StoredEvent[]) => void;

/**
 * A running twin: the runtime bound to its event store. Inputs are decided
 * and applied in arrival order, then written in group-committed batches; a
 * caller's promise resolves only once its events are durable, and listeners
 * (the API stream, later detection and the ledger) see events only after
 * they are committed, in log order. If the store fails, the node stops
 * accepting input: its in-memory state may be ahead of the log, and only a
 * restart (replay) makes them agree again.
 */
export class TwinNode {
  readonly twin: Twin;
  readonly store: EventStore;
  readonly clock: Clock;
  #log: Logger;
  #version: string;
  #snapshotEvery: number;
  #maxBatch: number;
  #queue: Batch[] = [];
  #writing = false;
  #failed: unknown;
  #closed = false;
  #listeners = new Set<Listener>();
  #committed = 0;
  #idle: (() => void)[] = [];
  #erasing: Promise<void> = Promise.resolve();

  private constructor(twin: Twin, options: TwinNodeOptions) {
    this.twin = twin;
    this.store = options.store;
    this.clock = options.clock ?? systemClock;
    this.#log = options.logger ?? silentLogger;
    this.#version = options.version;
    this.#snapshotEvery = options.snapshotEvery ?? 10_000;
    this.#maxBatch = options.maxBatch ?? 5_000;
    this.#committed = twin.seq;
  }

  /** Rebuilds the state from the latest snapshot plus the events after it, then records the start. */
  static async open(options: TwinNodeOptions): Promise<TwinNode> {
    const { store, model } = options;
    // Which events are private records is the model's to say, before anything is written.
    store.setPrivacy(privacyPolicy(model.model));
    const snapshot = await store.latestSnapshot();
    const twin = new Twin(model, snapshot?.state);
    const last = await store.lastSeq();
    const total = last - twin.seq;
    let applied = 0;
    while (twin.seq < last) {
      const page = await store.read({ after: twin.seq, limit: 10_000, order: 'asc' });
      if (page.length === 0) break;
      for (const e of page) twin.apply(e);
      applied += page.length;
      options.onReplay?.(applied, total);
    }
    const node = new TwinNode(twin, options);
    node.#log.info({ seq: twin.seq, replayed: applied, snapshot: snapshot?.seq ?? null }, 'twin state rebuilt from the store');
    await node.submit(twin.decideStart(model.model.node.domain, options.version, node.clock.now()));
    return node;
  }

  get seq(): number {
    return this.twin.seq;
  }

  /** Highest seq known durable. */
  get committed(): number {
    return this.#committed;
  }

  subscribe(listener: Listener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Judges readings and records what they cause; resolves when durable. */
  ingest(readings: readonly Reading[]): Promise<StoredEvent[]> {
    const now = this.clock.now();
    const decided: NewEvent[] = [];
    for (const r of readings) decided.push(...this.twin.decideReading(r, now, decided));
    return this.submit(decided);
  }

  /** Judges flows and commands seen in the field and records them with the drift they show; resolves when durable. */
  observe(observations: readonly Observation[]): Promise<StoredEvent[]> {
    const now = this.clock.now();
    const decided: NewEvent[] = [];
    for (const o of observations) decided.push(...this.twin.decideObservation(o, now, decided));
    return this.submit(decided);
  }

  /** Appends events to the log; resolves with them, numbered, once durable. */
  submit(events: readonly NewEvent[]): Promise<StoredEvent[]> {
    return this.#submit(events);
  }

  #submit(events: readonly NewEvent[], erase?: number[]): Promise<StoredEvent[]> {
    if (this.#closed) return Promise.reject(new Error('twin node is closed'));
    if (this.#failed) return Promise.reject(this.#failed);
    if (events.length === 0) return Promise.resolve([]);
    const stored: StoredEvent[] = [];
    const batches = new Set<Batch>();
    for (const e of events) {
      const s = { ...e, seq: this.twin.seq + 1 } as StoredEvent;
      this.twin.apply(s);
      stored.push(s);
      const batch = erase ? this.#newBatch() : this.#openBatch();
      if (erase) batch.erase = erase;
      batch.events.push(s);
      batches.add(batch);
      if (s.seq % this.#snapshotEvery === 0) batch.snapshot = { seq: s.seq, takenAt: this.clock.now().toISOString(), state: this.twin.snapshot() };
    }
    const done = [...batches].map((b) => new Promise<void>((resolve, reject) => b.waiters.push({ resolve, reject })));
    void this.#pump();
    return Promise.all(done).then(() => stored);
  }

  /**
   * Erases private records (a right-to-erasure or retention request): their
   * data and salts are deleted and a `record.erased` event logs it, in one
   * transaction; their ledger leaves stay, so every proof still verifies.
   * Refuses seqs that are not private records held by this node.
   */
  async erase(seqs: readonly number[], reason: string, requestedBy: string | null = null): Promise<StoredEvent> {
    const wanted = [...new Set(seqs)].sort((a, b) => a - b);
    if (wanted.length === 0) throw new LedgerError('bad-request', 'name at least one record to erase');
    if (reason.trim() === '') throw new LedgerError('bad-request', 'say why the records are erased (the reason is logged)');
    // One erasure at a time, so two requests for one record cannot both pass the checks.
    const previous = this.#erasing;
    let done!: () => void;
    this.#erasing = new Promise<void>((r) => (done = r));
    await previous;
    try {
      await this.flush();
      const outside = wanted.find((seq) => !(Number.isSafeInteger(seq) && seq >= 1 && seq <= this.#committed));
      if (outside !== undefined) throw new LedgerError('no-entry', `no event ${outside}: the log holds events 1..${this.#committed}`);
      const entries = new Map((await this.store.entriesAt(wanted)).map((e) => [e.seq, e]));
      const doomed: StoredEvent[] = [];
      for (const seq of wanted) {
        const e = entries.get(seq);
        if (!e?.commitment) throw new LedgerError('not-private', `event ${seq} (${e?.type ?? 'missing'}) is not a private record; only private records can be erased`);
        if (!e.private) throw new LedgerError('not-private', `event ${seq} was already erased`);
        doomed.push({ seq: e.seq, time: e.time, type: e.type, subject: e.subject, data: e.private.data } as StoredEvent);
      }
      const [event] = await this.#submit([makeEvent('record.erased', this.clock.now(), null, { seqs: wanted, reason: reason.trim(), requestedBy })], wanted);
      this.twin.forget(doomed);
      return event!;
    } finally {
      done();
    }
  }

  /** Resolves when everything submitted so far is durable. */
  async flush(): Promise<void> {
    if (this.#queue.length === 0 && !this.#writing) return;
    await new Promise<void>((resolve) => this.#idle.push(resolve));
    if (this.#failed) throw this.#failed;
  }

  /** Flushes, writes a final snapshot and closes the store. */
  async close(): Promise<void> {
    if (this.#closed) return;
    await this.flush().catch(() => undefined);
    this.#closed = true;
    if (!this.#failed && this.twin.seq > 0) {
      const last = await this.store.latestSnapshot().catch(() => undefined);
      if (!last || last.seq < this.twin.seq) {
        // Re-writing the last event is not possible, so the closing snapshot rides on no events.
        await this.store.append([], { seq: this.twin.seq, takenAt: this.clock.now().toISOString(), state: this.twin.snapshot() }).catch((err) => {
          this.#log.warn({ err }, 'could not write the closing snapshot');
        });
      }
    }
    await this.store.close();
  }

  #openBatch(): Batch {
    const last = this.#queue[this.#queue.length - 1];
    // The batch being written is not last in the queue once shifted, so it is never reopened.
    if (last && !last.snapshot && !last.erase && last.events.length < this.#maxBatch) return last;
    return this.#newBatch();
  }

  #newBatch(): Batch {
    const batch: Batch = { events: [], waiters: [] };
    this.#queue.push(batch);
    return batch;
  }

  async #pump(): Promise<void> {
    if (this.#writing) return;
    this.#writing = true;
    try {
      while (this.#queue.length > 0 && !this.#failed) {
        const batch = this.#queue.shift()!;
        try {
          await this.store.append(batch.events, batch.snapshot, batch.erase ? { erase: batch.erase } : {});
        } catch (err) {
          this.#failed = err;
          this.#log.error({ err }, 'event store failed; the node stops accepting input');
          batch.waiters.forEach((w) => w.reject(err));
          for (const b of this.#queue.splice(0)) b.waiters.forEach((w) => w.reject(err));
          break;
        }
        this.#committed = batch.events[batch.events.length - 1]?.seq ?? this.#committed;
        batch.waiters.forEach((w) => w.resolve());
        for (const l of this.#listeners) {
          try {
            l(batch.events);
          } catch (err) {
            this.#log.error({ err }, 'event listener failed');
          }
        }
      }
    } finally {
      this.#writing = false;
      if (this.#queue.length === 0 || this.#failed) this.#idle.splice(0).forEach((r) => r());
    }
  }
}
