import { Socket } from 'node:net';
import { ModbusTCPClient } from 'jsmodbus';
import type { Tag } from '../src/model/index.js';
import { ModbusConnector } from '../src/sync/modbus/connector.js';
import { FakePlantIO } from '../test/helpers/fake-plant-io.js';
import { RecordingSink } from '../test/helpers/recording-sink.js';
import { ModbusDeviceServer } from '../src/sync/modbus/server.js';

export interface ModbusPollRate {
  /** Requests a bare jsmodbus client completes per second, one at a time, on the same server. */
  rawRequestsPerSecond: number;
  /** Polls per second the connector completes with every tag due every millisecond (one connection). */
  connectorPollsPerSecond: number;
  /** Readings per second the connector delivers to the sink at that rate. */
  connectorReadingsPerSecond: number;
}

/**
 * Loopback Modbus TCP throughput: a bare jsmodbus client reading the same
 * registers back to back (the baseline), then ModbusConnector with every
 * tag's sample period at 1 ms so polling is limited only by round trips,
 * decoding and the sink. `tags` should belong to `asset`.
 */
export async function modbusPollRate(tags: readonly Tag[], asset: string, durationMs = 2000): Promise<ModbusPollRate> {
  const fast = tags.map((t) => ({ ...t, samplePeriod: 0.001 }));
  const server = new ModbusDeviceServer({ plant: new FakePlantIO(fast), asset });
  await server.start();
  try {
    const socket = new Socket();
    const client = new ModbusTCPClient(socket, 1, 1000);
    await new Promise<void>((resolve) => socket.connect({ host: '127.0.0.1', port: server.port }, resolve));
    let raw = 0;
    const rawEnd = performance.now() + durationMs;
    while (performance.now() < rawEnd) {
      await client.readInputRegisters(0, 1);
      raw++;
    }
    socket.destroy();

    const sink = new RecordingSink();
    const connector = new ModbusConnector({ tags: fast, targets: [{ asset, host: '127.0.0.1', port: server.port }], sink });
    await connector.start();
    const t0 = performance.now();
    const c0 = connector.counters();
    await new Promise((r) => setTimeout(r, durationMs));
    const c1 = connector.counters();
    const elapsed = performance.now() - t0;
    await connector.stop();
    return {
      rawRequestsPerSecond: (raw * 1000) / durationMs,
      connectorPollsPerSecond: (((c1.polls ?? 0) - (c0.polls ?? 0) - ((c1.overruns ?? 0) - (c0.overruns ?? 0))) * 1000) / elapsed,
      connectorReadingsPerSecond: (((c1.readings ?? 0) - (c0.readings ?? 0)) * 1000) / elapsed,
    };
  } finally {
    await server.stop();
  }
}
