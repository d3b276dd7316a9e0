import { createServer, type Server, type Socket } from 'node:net';
import type { PlantIO } from '../../process/plant-io.js';
import type { CommandObservation } from '../../twin/observations.js';
import { AddressMap, modbusBindings, type BoundTag } from './address-map.js';
import type { WordOrder } from './codec.js';
import { ModbusError } from './errors.js';
import { EXCEPTION, exceptionPdu } from './function-codes.js';
import { handleRequest } from './handle-request.js';
import { encodeFrame, FrameReader } from './mbap.js';
import { RegisterImage } from './register-image.js';
import type { RequestContext } from './request-context.js';

export interface ModbusDeviceServerOptions {
  plant: PlantIO;
  asset: string;
  /** Default 127.0.0.1: the simulator is not meant to face a network. */
  host?: string;
  /** 0 (default) picks a free port; read it from `port` after start. */
  port?: number;
  wordOrder?: WordOrder;
  /** Every request received, as the twin should see it. Must not throw; errors are swallowed. */
  onCommand?: (observation: CommandObservation) => void;
}

/** `::ffff:127.0.0.1` -> `127.0.0.1`: IPv4 peers on a dual-stack socket. */
export function normalizeHost(address: string | undefined): string {
  if (!address) return 'unknown';
  return address.startsWith('::ffff:') && address.includes('.') ? address.slice(7) : address;
}

/**
 * The simulator side of one device: a Modbus TCP server over node:net that
 * serves the PlantIO's current values of the asset's Modbus-bound tags,
 * refreshed at every sample, and forwards writes to PlantIO.write.
 *
 * Framing and PDUs are handled here rather than by jsmodbus's server, which
 * (v5) writes into its buffers before any hook can refuse, cannot answer
 * 0x02 for unbound or read-only addresses, ignores the unit id, and stalls
 * a connection forever on a function code above 0x2B (its parser never
 * consumes the frame): exactly the requests the twin must see.
 */
export class ModbusDeviceServer {
  readonly asset: string;
  readonly #options: ModbusDeviceServerOptions;
  readonly #ctx: RequestContext;
  readonly #byTag = new Map<string, BoundTag[]>();
  readonly #sockets = new Set<Socket>();
  readonly #counters = { connections: 0, requests: 0, exceptions: 0, writes: 0, malformed: 0, clamped: 0, handlerErrors: 0 };
  #server: Server | undefined;
  #unsubscribe: (() => void) | undefined;
  #port = 0;

  constructor(options: ModbusDeviceServerOptions) {
    this.asset = options.asset;
    this.#options = options;
    const bound = modbusBindings(options.plant.tags, options.asset);
    const map = new AddressMap(bound);
    const codec = { wordOrder: options.wordOrder ?? 'big' };
    this.#ctx = { asset: options.asset, map, image: new RegisterImage(map, codec), plant: options.plant, codec, source: `modbus-server:${options.asset}` };
    for (const b of bound) this.#byTag.set(b.tag.id, [...(this.#byTag.get(b.tag.id) ?? []), b]);
  }

  /** The port listened on; 0 before start. */
  get port(): number {
    return this.#port;
  }

  counters(): Record<string, number> {
    return { ...this.#counters };
  }

  async start(): Promise<void> {
    if (this.#server) return;
    for (const [id, list] of this.#byTag) {
      const v = this.#options.plant.value(id);
      if (v !== undefined) for (const b of list) this.#store(b, v);
    }
    this.#unsubscribe = this.#options.plant.onSamples((samples) => {
      for (const s of samples) for (const b of this.#byTag.get(s.tag) ?? []) this.#store(b, s.value);
    });
    const server = createServer((socket) => this.#accept(socket));
    this.#server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', (err) => reject(new ModbusError('listen-failed', `Modbus server for ${this.asset} cannot listen: ${err.message}`, { cause: err })));
      server.listen(this.#options.port ?? 0, this.#options.host ?? '127.0.0.1', () => resolve());
    }).catch((err) => {
      this.#unsubscribe?.();
      this.#server = undefined;
      throw err;
    });
    server.on('error', () => this.#counters.handlerErrors++);
    const address = server.address();
    this.#port = typeof address === 'object' && address ? address.port : 0;
  }

  /** Closes the listener and drops every client connection. */
  async stop(): Promise<void> {
    this.#unsubscribe?.();
    this.#unsubscribe = undefined;
    const server = this.#server;
    this.#server = undefined;
    for (const s of this.#sockets) s.destroy();
    this.#sockets.clear();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  #store(b: BoundTag, value: number): void {
    if (this.#ctx.image.store(b, value) !== 'ok') this.#counters.clamped++;
  }

  #accept(socket: Socket): void {
    this.#counters.connections++;
    this.#sockets.add(socket);
    const from = normalizeHost(socket.remoteAddress);
    const reader = new FrameReader();
    socket.on('error', () => socket.destroy());
    socket.on('close', () => this.#sockets.delete(socket));
    socket.on('data', (chunk: Buffer) => {
      const { frames, error } = reader.push(chunk);
      for (const frame of frames) {
        this.#counters.requests++;
        let answer: Buffer;
        let observations: CommandObservation[];
        try {
          const handled = handleRequest(this.#ctx, from, frame, new Date());
          answer = handled.pdu;
          observations = handled.observations;
          if (handled.exception !== undefined) this.#counters.exceptions++;
          else if (observations.some((o) => o.operation === 'write')) this.#counters.writes++;
        } catch {
          // A bug here must not take the simulator down; the client sees a device failure.
          this.#counters.handlerErrors++;
          answer = exceptionPdu(frame.pdu[0] ?? 0, EXCEPTION.serverDeviceFailure);
          observations = [];
        }
        if (!socket.destroyed) socket.write(encodeFrame(frame.transactionId, frame.unitId, answer));
        this.#report(observations);
      }
      if (error) {
        this.#counters.malformed++;
        this.#report([{ kind: 'command', time: new Date(), protocol: 'modbus-tcp', operation: 'other', from, to: this.asset, value: { malformed: error }, source: this.#ctx.source }]);
        socket.destroy();
      }
    });
  }

  #report(observations: readonly CommandObservation[]): void {
    const onCommand = this.#options.onCommand;
    if (!onCommand) return;
    for (const o of observations) {
      try {
        onCommand(o);
      } catch {
        this.#counters.handlerErrors++;
      }
    }
  }
}

export interface ModbusServersOptions extends Omit<ModbusDeviceServerOptions, 'asset' | 'port'> {
  /** Port per asset id; wins over basePort. */
  ports?: Readonly<Record<string, number>>;
  /** Assets without an entry in `ports` get basePort, basePort+1... in id order; without either, a free port each. */
  basePort?: number;
}

/** One Modbus device server per asset with Modbus-bound tags; stops those already started if one fails. */
export async function startModbusServers(options: ModbusServersOptions): Promise<ModbusDeviceServer[]> {
  const assets = [...new Set(modbusBindings(options.plant.tags).map((b) => b.tag.asset))].sort();
  const servers: ModbusDeviceServer[] = [];
  try {
    for (const [i, asset] of assets.entries()) {
      const port = options.ports?.[asset] ?? (options.basePort !== undefined ? options.basePort + i : 0);
      const server = new ModbusDeviceServer({ ...options, asset, port });
      await server.start();
      servers.push(server);
    }
  } catch (err) {
    await Promise.all(servers.map((s) => s.stop()));
    throw err;
  }
  return servers;
}
