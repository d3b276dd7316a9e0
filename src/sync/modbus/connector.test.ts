import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type AddressInfo } from 'node:net';
import type { Tag } from '../../model/index.js';
import { ModbusConnector } from './connector.js';
import { FakePlantIO } from '../../../test/helpers/fake-plant-io.js';
import { RecordingSink, waitFor } from '../../../test/helpers/recording-sink.js';
import { ModbusDeviceServer } from './server.js';
import { modbusTestTags, waterTreatmentTags } from './test-model.js';

const fastRetry = { timeoutMs: 300, backoffBaseMs: 50, backoffMaxMs: 200, failuresBeforeOffline: 3 };

async function rig(tags: Tag[], asset: string, initial: Record<string, number> = {}, connectorTags = tags) {
  const plant = new FakePlantIO(tags, initial);
  const server = new ModbusDeviceServer({ plant, asset });
  await server.start();
  const sink = new RecordingSink();
  const connector = new ModbusConnector({ tags: connectorTags, targets: [{ asset, host: '127.0.0.1', port: server.port }], sink, ...fastRetry });
  return { plant, server, sink, connector };
}

describe('ModbusConnector against the device server', () => {
  it('delivers every data type with its scaling, and follows the plant', async () => {
    const initial = { 'raw-level': 3, 'pump-run': 1, 'raw-total': -98765.4, 'raw-temperature': -12.75, 'raw-offset': -0.42, 'raw-count': 4_000_000_000, 'level-setpoint': -4.321, 'flow-setpoint': 123.4 };
    const { plant, server, sink, connector } = await rig(await modbusTestTags(), 'plc-1', initial);
    try {
      await connector.start();
      await waitFor(() => Object.keys(initial).every((t) => sink.last(t)), 3000, 'a reading of every tag');
      for (const [tag, value] of Object.entries(initial)) {
        const r = sink.last(tag)!;
        assert.equal(r.value, value, tag);
        assert.equal(r.quality, 'good');
      }
      assert.equal(sink.last('raw-temperature')?.source, 'modbus:plc-1:input:4');
      assert.deepEqual(sink.statuses.map((s) => [s.connector, s.state]), [['modbus:plc-1', 'starting'], ['modbus:plc-1', 'connected']]);
      assert.deepEqual(sink.devices.map((d) => [d.asset, d.online]), [['plc-1', true]]);
      plant.set({ 'raw-level': 5, 'raw-temperature': 21.5 });
      await waitFor(() => sink.last('raw-level')?.value === 5 && sink.last('raw-temperature')?.value === 21.5, 2000, 'new values');
      plant.set({ 'raw-temperature': Number.NaN });
      await waitFor(() => sink.last('raw-temperature')?.quality === 'bad', 2000, 'a NaN float as bad quality');
      const c = connector.counters();
      assert.equal(c.pollFailures, 0);
      assert.ok((c.polls ?? 0) > 0 && (c.readings ?? 0) > 0);
    } finally {
      await connector.stop();
      await server.stop();
    }
    assert.equal(sink.statuses.at(-1)?.state, 'stopped');
  });

  it('reads the water-treatment distribution PLC (int16, uint16, float32, bits)', async () => {
    const tags = await waterTreatmentTags();
    const { server, sink, connector } = await rig(tags, 'plc-distribution', { 'distribution-flow': 396.25, 'distribution-discharge-pressure': 5.12 });
    try {
      await connector.start();
      const bound = tags.filter((t) => t.asset === 'plc-distribution' && t.bindings.some((b) => b.protocol === 'modbus'));
      await waitFor(() => bound.every((t) => sink.last(t.id)), 3000, 'every Modbus tag of plc-distribution');
      assert.equal(sink.last('distribution-flow')?.value, 396.25);
      assert.equal(sink.last('distribution-discharge-pressure')?.value, 5.12);
      assert.equal(sink.last('storage-tank-level')?.value, 5.5);
      assert.equal(sink.last('distribution-pump-speed')?.value, 88);
      assert.equal(sink.last('network-demand-flow')?.value, 380);
      assert.equal(sink.last('distribution-pump-1-running')?.value, 1);
      assert.equal(sink.last('distribution-vfd-fault')?.value, 0);
    } finally {
      await connector.stop();
      await server.stop();
    }
  });

  it('reports a lost device, reconnects when it is back, and reports it online again', async () => {
    const tags = await modbusTestTags();
    const { plant, server, sink, connector } = await rig(tags, 'plc-1', { 'raw-level': 2 });
    let again: ModbusDeviceServer | undefined;
    try {
      await connector.start();
      await waitFor(() => sink.last('raw-level'), 2000, 'a first reading');
      await server.stop();
      await waitFor(() => sink.devices.some((d) => !d.online), 3000, 'deviceStatus(false)');
      assert.ok(sink.statuses.some((s) => s.state === 'reconnecting'));
      const offline = sink.devices.find((d) => !d.online)!;
      assert.match(offline.reason, /3 Modbus polls failed in a row/);
      plant.set({ 'raw-level': 4 });
      again = new ModbusDeviceServer({ plant, asset: 'plc-1', port: server.port });
      await again.start();
      await waitFor(() => sink.last('raw-level')?.value === 4, 3000, 'readings after the restart');
      assert.deepEqual(sink.devices.map((d) => d.online), [true, false, true]);
      assert.equal(sink.statuses.at(-1)?.state, 'connected');
      assert.ok((connector.counters().reconnects ?? 0) >= 1);
    } finally {
      await connector.stop();
      await again?.stop();
    }
  });

  it('reports Modbus exceptions as unknown sources once and keeps polling the rest', async () => {
    const tags = await modbusTestTags();
    const ghost: Tag = { ...tags[0]!, id: 'ghost', bindings: [{ protocol: 'modbus', unitId: 1, table: 'input', address: 300, dataType: 'uint16', scale: 1 }] };
    const { server, sink, connector } = await rig(tags, 'plc-1', { 'raw-level': 1 }, [...tags, ghost]);
    try {
      await connector.start();
      await waitFor(() => (connector.counters().exceptions ?? 0) >= 3, 3000, 'repeated exceptions');
      assert.deepEqual(sink.unknown.map((u) => u.source), ['modbus:plc-1:input:300']);
      assert.match(sink.unknown[0]!.detail, /exception 0x02 \(illegal data address\)/);
      assert.equal(sink.last('raw-level')?.value, 1);
      assert.equal(sink.last('ghost'), undefined);
      assert.ok(!sink.devices.some((d) => !d.online), 'a device that answers exceptions is online');
    } finally {
      await connector.stop();
      await server.stop();
    }
  });

  it('survives a peer that answers garbage', async () => {
    const garbage = createServer((s) => s.on('data', () => s.write(Buffer.from([0xde, 0xad, 0xbe, 0xef, 0, 1, 0xff]))).on('error', () => {}));
    await new Promise<void>((r) => garbage.listen(0, '127.0.0.1', r));
    const sink = new RecordingSink();
    const connector = new ModbusConnector({ tags: await modbusTestTags(), targets: [{ asset: 'plc-1', host: '127.0.0.1', port: (garbage.address() as AddressInfo).port }], sink, ...fastRetry, timeoutMs: 100 });
    try {
      await connector.start();
      await waitFor(() => sink.devices.some((d) => !d.online), 3000, 'deviceStatus(false)');
      assert.equal(sink.readingsSeen.length, 0);
      assert.ok((connector.counters().pollFailures ?? 0) >= 3);
    } finally {
      await connector.stop();
      garbage.close();
    }
  });

  it('starts against a device that is down and connects once it is up', async () => {
    const tags = await modbusTestTags();
    const probe = createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
    const port = (probe.address() as AddressInfo).port;
    await new Promise((r) => probe.close(r));
    const sink = new RecordingSink();
    const connector = new ModbusConnector({ tags, targets: [{ asset: 'plc-1', host: '127.0.0.1', port }], sink, ...fastRetry });
    const server = new ModbusDeviceServer({ plant: new FakePlantIO(tags, { 'raw-level': 3 }), asset: 'plc-1', port });
    try {
      await connector.start();
      assert.equal(sink.statuses.at(-1)?.state, 'reconnecting');
      await server.start();
      await waitFor(() => sink.last('raw-level'), 3000, 'a reading once the device is up');
    } finally {
      await connector.stop();
      await server.stop();
    }
  });
});
