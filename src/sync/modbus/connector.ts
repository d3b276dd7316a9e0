import type { Tag } from '../../model/index.js';
import type { Connector, Sink } from '../types.js';
import { modbusBindings } from './address-map.js';
import type { WordOrder } from './codec.js';
import { ModbusError } from './errors.js';
import { ModbusLink, type LinkCounters } from './link.js';
import { planPolls } from './poll-plan.js';

/** A device to poll: the asset whose Modbus-bound tags it serves. */
export interface ModbusTarget {
  asset: string;
  host: string;
  port: number;
  /** Overrides the tags' unit ids, e.g. for a gateway that renumbers units. */
  unitId?: number;
}

export interface ModbusConnectorOptions {
  /** The model's tags; those bound to Modbus on a target's asset are polled. */
  tags: readonly Tag[];
  targets: readonly ModbusTarget[];
  sink: Sink;
  /** Connector name; default `modbus:<asset>` for one target, `modbus` otherwise. */
  name?: string;
  /** Answer and connect timeout per request, default 1000 ms. */
  timeoutMs?: number;
  /** Failed polls in a row before the device is reported offline, default 3. */
  failuresBeforeOffline?: number;
  /** Reconnect backoff (see sync/types backoff), default 500 ms to 30 s. */
  backoffBaseMs?: number;
  backoffMaxMs?: number;
  /** Word order of 32-bit values, default 'big' (see codec.ts). */
  wordOrder?: WordOrder;
  /** Unused addresses a request may span to merge two groups, default 0 (contiguous only). */
  maxGap?: number;
}

const zeroCounters = (): LinkCounters => ({
  polls: 0, readings: 0, pollFailures: 0, timeouts: 0, exceptions: 0, malformed: 0, overruns: 0,
  connects: 0, reconnects: 0, disconnects: 0, deviceOffline: 0, deviceOnline: 0, sinkErrors: 0, unknown: 0,
});

/**
 * Polls Modbus TCP devices: one TCP connection per target and unit id, each
 * bound tag read at its sample period in grouped requests (poll-plan.ts),
 * decoded into readings with source `modbus:<asset>:<table>:<address>`.
 * Connection state goes to sink.connectorStatus under `modbus:<asset>`
 * (`modbus:<asset>/u<unit>` when a device serves several units); device
 * state to sink.deviceStatus after repeated failed polls; Modbus exceptions
 * to sink.unknownSource once per request until it succeeds again.
 */
export class ModbusConnector implements Connector {
  readonly name: string;
  readonly #links: ModbusLink[] = [];
  readonly #counters = zeroCounters();

  constructor(options: ModbusConnectorOptions) {
    const timeoutMs = options.timeoutMs ?? 1000;
    const failuresBeforeOffline = options.failuresBeforeOffline ?? 3;
    if (!(timeoutMs > 0) || !(failuresBeforeOffline >= 1)) throw new ModbusError('bad-option', 'timeoutMs must be > 0 and failuresBeforeOffline >= 1');
    const first = options.targets[0];
    this.name = options.name ?? (options.targets.length === 1 && first ? `modbus:${first.asset}` : 'modbus');
    for (const target of options.targets) {
      const bound = modbusBindings(options.tags, target.asset).map((b) =>
        target.unitId === undefined ? b : { ...b, binding: { ...b.binding, unitId: target.unitId } },
      );
      const groups = planPolls(bound, { maxGap: options.maxGap ?? 0 });
      const units = [...new Set(groups.map((g) => g.unitId))];
      if (units.length === 0) units.push(target.unitId ?? 1);
      for (const unitId of units) {
        this.#links.push(
          new ModbusLink({
            name: units.length > 1 ? `modbus:${target.asset}/u${unitId}` : `modbus:${target.asset}`,
            asset: target.asset,
            host: target.host,
            port: target.port,
            unitId,
            groups: groups.filter((g) => g.unitId === unitId),
            sink: options.sink,
            counters: this.#counters,
            timeoutMs,
            failuresBeforeOffline,
            backoffBaseMs: options.backoffBaseMs ?? 500,
            backoffMaxMs: options.backoffMaxMs ?? 30_000,
            codec: { wordOrder: options.wordOrder ?? 'big' },
          }),
        );
      }
    }
  }

  /** Resolves once every device has had its first connection attempt; polling and reconnecting go on in the background. */
  async start(): Promise<void> {
    await Promise.all(this.#links.map((l) => l.start()));
  }

  async stop(): Promise<void> {
    await Promise.all(this.#links.map((l) => l.stop()));
  }

  counters(): Record<string, number> {
    return { ...this.#counters };
  }
}
