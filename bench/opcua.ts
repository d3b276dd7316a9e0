import type { Tag } from '../src/model/index.js';
import type { Reading } from '../src/twin/index.js';
import type { ConnectorState, Sink } from '../src/sync/types.js';
import { FakePlantIO } from '../test/helpers/fake-plant-io.js';
import { OpcUaConnector } from '../src/sync/opcua/connector.js';
import { OpcUaPlantServer } from '../src/sync/opcua/server.js';

export interface OpcUaSubscriptionRate {
  tags: number;
  samplingIntervalMs: number;
  /** Readings per second the connector delivered. */
  readingsPerSecond: number;
  /** What the sampling interval allows: tags × 1000 / samplingIntervalMs. */
  ceilingPerSecond: number;
  /** Sample time (source timestamp) to sink, milliseconds. */
  latencyP50Ms: number;
  latencyP95Ms: number;
}

/**
 * Loopback OPC UA subscription throughput: every OPC UA-bound tag sampled
 * at `samplingIntervalMs`, the plant changing all of them every 5 ms, for
 * `durationMs`. PKI folders go under `dataDir`.
 */
export async function opcuaSubscriptionRate(tags: readonly Tag[], dataDir: string, samplingIntervalMs = 50, durationMs = 3000): Promise<OpcUaSubscriptionRate> {
  const bound = tags.filter((t) => t.bindings.some((b) => b.protocol === 'opcua')).map((t) => ({ ...t, samplePeriod: samplingIntervalMs / 1000 }));
  const plant = new FakePlantIO(bound);
  const server = new OpcUaPlantServer({ plant, dataDir });
  await server.start();
  const latencies: number[] = [];
  let counting = false;
  let count = 0;
  const sink: Sink = {
    async readings(batch: readonly Reading[]) {
      if (!counting) return;
      const now = Date.now();
      for (const r of batch) {
        count++;
        if (r.time !== undefined) latencies.push(now - new Date(r.time).getTime());
      }
    },
    async observe() {},
    unknownSource() {},
    deviceStatus() {},
    connectorStatus(_c: string, _s: ConnectorState) {},
  };
  const connector = new OpcUaConnector({ endpointUrl: server.endpointUrl, tags: bound, sink, dataDir, publishingIntervalMs: samplingIntervalMs });
  let step = 0;
  const ticker = setInterval(() => {
    step++;
    plant.set(Object.fromEntries(bound.map((t) => [t.id, t.range.min + ((step % 100) / 100) * (t.range.max - t.range.min)])));
  }, 5);
  try {
    await connector.start();
    await new Promise((r) => setTimeout(r, 500));
    counting = true;
    const t0 = performance.now();
    await new Promise((r) => setTimeout(r, durationMs));
    counting = false;
    const elapsed = performance.now() - t0;
    latencies.sort((a, b) => a - b);
    const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? Number.NaN;
    return {
      tags: bound.length,
      samplingIntervalMs,
      readingsPerSecond: (count * 1000) / elapsed,
      ceilingPerSecond: (bound.length * 1000) / samplingIntervalMs,
      latencyP50Ms: pct(0.5),
      latencyP95Ms: pct(0.95),
    };
  } finally {
    clearInterval(ticker);
    await connector.stop();
    await server.stop();
  }
}
