import { Socket } from 'node:net';
import { ModbusTCPClient } from 'jsmodbus';
import type { Reading } from '../../twin/index.js';
import { backoff, type ConnectorState, type Sink } from '../types.js';
import { decodeRegisters, isBitTable, type CodecOptions } from './codec.js';
import { exceptionName } from './function-codes.js';
import type { PollGroup } from './poll-plan.js';

/** Counters a link adds to; the connector sums them. */
export type LinkCounters = Record<
  'polls' | 'readings' | 'pollFailures' | 'timeouts' | 'exceptions' | 'malformed' | 'overruns' | 'connects' | 'reconnects' | 'disconnects' | 'deviceOffline' | 'deviceOnline' | 'sinkErrors' | 'unknown',
  number
>;

export interface LinkOptions {
  /** Status name: `modbus:<asset>`. */
  name: string;
  asset: string;
  host: string;
  port: number;
  unitId: number;
  groups: readonly PollGroup[];
  sink: Sink;
  counters: LinkCounters;
  timeoutMs: number;
  failuresBeforeOffline: number;
  backoffBaseMs: number;
  backoffMaxMs: number;
  codec: CodecOptions;
}

type ReadResult = { response: { body: { valuesAsArray: ArrayLike<number | boolean> } } };

/**
 * One TCP connection to one device unit, polling its groups. Field
 * failures never throw: a poll that fails, times out or gets a malformed
 * answer counts; after `failuresBeforeOffline` in a row the device is
 * reported offline (and, if connected, the connection is dropped so the
 * next one starts in step: Modbus TCP has no way to resynchronise a stream
 * after a lost answer), and online again on the next good poll.
 */
export class ModbusLink {
  readonly #o: LinkOptions;
  readonly #timers: NodeJS.Timeout[] = [];
  readonly #inFlight = new Set<PollGroup>();
  readonly #exceptionSeen = new Map<PollGroup, number>();
  #socket: Socket | undefined;
  #client: ModbusTCPClient | undefined;
  #connected = false;
  #stopping = false;
  #attempt = 0;
  #reconnectTimer: NodeJS.Timeout | undefined;
  #state: ConnectorState | undefined;
  #online: boolean | undefined;
  #failures = 0;
  #lastError = '';

  constructor(options: LinkOptions) {
    this.#o = options;
  }

  /** Starts polling; resolves once the first connection attempt has succeeded or failed. */
  async start(): Promise<void> {
    this.#stopping = false;
    this.#status('starting');
    for (const g of this.#o.groups) {
      const t = setInterval(() => void this.#poll(g), g.periodMs);
      this.#timers.push(t);
    }
    await new Promise<void>((resolve) => this.#connect(resolve));
  }

  async stop(): Promise<void> {
    this.#stopping = true;
    for (const t of this.#timers) clearInterval(t);
    this.#timers.length = 0;
    if (this.#reconnectTimer) clearTimeout(this.#reconnectTimer);
    this.#reconnectTimer = undefined;
    const socket = this.#socket;
    if (socket && !socket.destroyed) await new Promise<void>((resolve) => socket.once('close', () => resolve()).destroy());
    this.#socket = undefined;
    this.#client = undefined;
    this.#connected = false;
    this.#status('stopped');
  }

  #connect(settled?: () => void): void {
    if (this.#stopping) return settled?.();
    const socket = new Socket();
    this.#socket = socket;
    this.#client = new ModbusTCPClient(socket, this.#o.unitId, this.#o.timeoutMs);
    const connectTimer = setTimeout(() => {
      this.#lastError = `connect timed out after ${this.#o.timeoutMs} ms`;
      socket.destroy();
    }, this.#o.timeoutMs);
    socket.on('error', (err) => (this.#lastError = err.message));
    socket.once('connect', () => {
      clearTimeout(connectTimer);
      this.#connected = true;
      this.#attempt = 0;
      this.#o.counters.connects++;
      this.#status('connected', `${this.#o.host}:${this.#o.port}`);
      settled?.();
      for (const g of this.#o.groups) void this.#poll(g);
    });
    socket.once('close', () => {
      clearTimeout(connectTimer);
      const wasConnected = this.#connected;
      this.#connected = false;
      if (this.#socket === socket) {
        this.#socket = undefined;
        this.#client = undefined;
      }
      if (wasConnected) this.#o.counters.disconnects++;
      settled?.();
      if (this.#stopping) return;
      this.#status('reconnecting', this.#lastError || 'connection closed');
      const delay = backoff(this.#attempt++, this.#o.backoffBaseMs, this.#o.backoffMaxMs);
      this.#reconnectTimer = setTimeout(() => {
        this.#reconnectTimer = undefined;
        this.#o.counters.reconnects++;
        this.#connect();
      }, delay);
    });
    socket.connect({ host: this.#o.host, port: this.#o.port });
  }

  async #poll(g: PollGroup): Promise<void> {
    if (this.#stopping) return;
    if (this.#inFlight.has(g)) {
      this.#o.counters.overruns++;
      return;
    }
    this.#o.counters.polls++;
    const client = this.#client;
    if (!client || !this.#connected) return this.#failed(`not connected${this.#lastError ? `: ${this.#lastError}` : ''}`, false);
    this.#inFlight.add(g);
    try {
      const result = (await this.#request(client, g)) as ReadResult;
      await this.#deliver(g, result.response.body.valuesAsArray);
    } catch (err) {
      this.#onError(g, err);
    } finally {
      this.#inFlight.delete(g);
    }
  }

  #request(client: ModbusTCPClient, g: PollGroup): Promise<unknown> {
    switch (g.table) {
      case 'coil':
        return client.readCoils(g.start, g.quantity);
      case 'discrete':
        return client.readDiscreteInputs(g.start, g.quantity);
      case 'holding':
        return client.readHoldingRegisters(g.start, g.quantity);
      case 'input':
        return client.readInputRegisters(g.start, g.quantity);
    }
  }

  /** Decodes an answer into readings; a short or odd answer is malformed, not a crash. */
  async #deliver(g: PollGroup, values: ArrayLike<number | boolean> | undefined): Promise<void> {
    const bits = isBitTable(g.table);
    if (!values || values.length < g.quantity || (!bits && values.length !== g.quantity)) {
      this.#o.counters.malformed++;
      return this.#failed(`malformed answer to ${g.table} ${g.start}+${g.quantity}: ${values?.length ?? 'no'} values`, true);
    }
    const time = new Date();
    const readings: Reading[] = g.tags.map(({ tag, binding, width }) => {
      const at = binding.address - g.start;
      const source = `modbus:${this.#o.asset}:${binding.table}:${binding.address}`;
      if (bits) return { tag: tag.id, value: values[at] ? 1 : 0, time, quality: 'good', source };
      const words = Array.from({ length: width }, (_, i) => Number(values[at + i]));
      const { value, quality } = decodeRegisters(words, binding.dataType, binding.scale, this.#o.codec);
      return { tag: tag.id, value, time, quality, source };
    });
    this.#exceptionSeen.delete(g);
    this.#succeeded();
    this.#o.counters.readings += readings.length;
    await this.#o.sink.readings(readings).catch(() => this.#o.counters.sinkErrors++);
  }

  #onError(g: PollGroup, err: unknown): void {
    const e = err as { err?: string; message?: string; response?: { body?: { code?: number } } };
    if (e?.err === 'ModbusException') {
      // The device answered: it is alive, but this request is wrong for it.
      const code = e.response?.body?.code ?? 0;
      this.#o.counters.exceptions++;
      this.#succeeded();
      if (this.#exceptionSeen.get(g) !== code) {
        this.#exceptionSeen.set(g, code);
        this.#o.counters.unknown++;
        this.#o.sink.unknownSource(
          `modbus:${this.#o.asset}:${g.table}:${g.start}`,
          `unit ${this.#o.unitId} answered ${g.table} ${g.start}..${g.start + g.quantity - 1} with exception 0x${code.toString(16).padStart(2, '0')} (${exceptionName(code)})`,
        );
      }
      return;
    }
    if (e?.err === 'Timeout') this.#o.counters.timeouts++;
    this.#failed(`${e?.err ?? 'error'}: ${e?.message ?? String(err)}`, true);
  }

  #succeeded(): void {
    this.#failures = 0;
    if (this.#online !== true) {
      this.#online = true;
      this.#o.counters.deviceOnline++;
      this.#o.sink.deviceStatus(this.#o.asset, true, `Modbus poll answered by ${this.#o.host}:${this.#o.port}`);
    }
  }

  #failed(reason: string, connected: boolean): void {
    this.#o.counters.pollFailures++;
    this.#failures++;
    if (this.#failures < this.#o.failuresBeforeOffline) return;
    if (this.#online !== false) {
      this.#online = false;
      this.#o.counters.deviceOffline++;
      this.#o.sink.deviceStatus(this.#o.asset, false, `${this.#failures} Modbus polls failed in a row; last: ${reason}`);
    }
    if (connected && this.#socket) {
      this.#lastError = reason;
      this.#socket.destroy();
    }
  }

  #status(state: ConnectorState, detail?: string): void {
    if (state === this.#state) return;
    this.#state = state;
    this.#o.sink.connectorStatus(this.#o.name, state, detail);
  }
}
