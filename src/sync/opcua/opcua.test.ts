import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AttributeIds, DataType, MessageSecurityMode, OPCUACertificateManager, OPCUAClient, SecurityPolicy, StatusCodes, type ClientSession } from 'node-opcua';
import type { Tag } from '../../model/index.js';
import type { CommandObservation } from '../../twin/observations.js';
import { FakePlantIO } from '../../../test/helpers/fake-plant-io.js';
import { RecordingSink, waitFor } from '../../../test/helpers/recording-sink.js';
import { waterTreatmentTags } from '../modbus/test-model.js';
import { OpcUaConnector } from './connector.js';
import { freePort } from './free-port.js';
import { OpcUaPlantServer } from './server.js';

/**
 * One server per file (node-opcua takes about a second to start); the
 * tests share it and run in order. Timings are short so reconnection shows
 * within seconds.
 */
describe('OPC UA plant server and connector', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'twinward-opcua-'));
  const seen: CommandObservation[] = [];
  let tags: Tag[];
  let plant: FakePlantIO;
  let server: OpcUaPlantServer;
  let sink: RecordingSink;
  let connector: OpcUaConnector;
  let writer: { client: OPCUAClient; session: ClientSession } | undefined;

  before(async () => {
    tags = (await waterTreatmentTags()).map((t) => (t.bindings.some((b) => b.protocol === 'opcua') ? { ...t, samplePeriod: 0.05 } : t));
    const ghost: Tag = { ...tags.find((t) => t.id === 'clear-well-level')!, id: 'ghost-level', bindings: [{ protocol: 'opcua', nodeId: 'ns=2;s=Treatment.Ghost.Level' }] };
    // Namespace index 4 must be created; namespace 0 cannot be served.
    const base = tags.find((t) => t.id === 'treatment-flow')!;
    tags.push({ ...base, id: 'far-flow', bindings: [{ protocol: 'opcua', nodeId: 'ns=4;i=1001' }] });
    tags.push({ ...base, id: 'standard-flow', bindings: [{ protocol: 'opcua', nodeId: 'i=999999' }] });
    plant = new FakePlantIO(tags, { 'treatment-flow': 412.5, 'far-flow': 7 });
    server = new OpcUaPlantServer({ plant, dataDir, onCommand: (o) => seen.push(o) });
    await server.start();
    sink = new RecordingSink();
    connector = new OpcUaConnector({
      endpointUrl: server.endpointUrl, tags: [...tags, ghost], sink, dataDir,
      initialDelayMs: 100, maxDelayMs: 500, keepAliveIntervalMs: 1000, requestTimeoutMs: 3000,
    });
    await connector.start();
  });

  after(async () => {
    await writer?.session.close().catch(() => {});
    await writer?.client.disconnect();
    await connector.stop();
    await server.stop();
    assert.equal(existsSync(join(dataDir, 'opcua-pki', 'server')), true, 'the PKI is inside dataDir');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('delivers monitored items as readings with source timestamps and quality', async () => {
    await waitFor(() => sink.last('treatment-flow'), 5000, 'a first reading');
    const r = sink.last('treatment-flow')!;
    assert.equal(r.value, 412.5);
    assert.equal(r.quality, 'good');
    assert.equal(r.source, 'opcua:ns=2;s=Treatment.Inlet.Flow');
    assert.deepEqual(sink.statuses.map((s) => s.state), ['starting', 'connected']);
    const t = Date.parse('2030-01-01T00:00:00Z');
    plant.set({ 'treatment-flow': 433.25, 'clear-well-level': 3.7 }, t);
    await waitFor(() => sink.last('treatment-flow')?.value === 433.25 && sink.last('clear-well-level')?.value === 3.7, 3000, 'new values');
    assert.equal(new Date(sink.last('treatment-flow')!.time!).getTime(), t, 'the sample time travels as the source timestamp');
    await waitFor(() => sink.last('far-flow')?.value === 7, 3000, 'a reading from namespace 4');
    assert.deepEqual(server.skipped.map((x) => [x.tag, x.reason]), [['standard-flow', 'namespace 0 is the OPC UA standard namespace']]);
  });

  it('reports a NodeId the server does not have as an unknown source and keeps running', async () => {
    await waitFor(() => sink.unknown.length > 0, 3000, 'unknownSource');
    assert.deepEqual(sink.unknown.map((u) => u.source).sort(), ['opcua:i=999999', 'opcua:ns=2;s=Treatment.Ghost.Level']);
    assert.match(sink.unknown.find((u) => u.source.includes('Ghost'))!.detail, /BadNodeIdUnknown/);
    plant.set({ 'chlorine-residual': 1.4 });
    await waitFor(() => sink.last('chlorine-residual')?.value === 1.4, 3000, 'other tags still flowing');
  });

  it('forwards a write to a setpoint to PlantIO.write and reports every write attempt', async () => {
    const clientCertificateManager = new OPCUACertificateManager({ rootFolder: join(dataDir, 'opcua-pki', 'test-writer'), automaticallyAcceptUnknownCertificate: true });
    const client = OPCUAClient.create({ endpointMustExist: false, securityMode: MessageSecurityMode.None, securityPolicy: SecurityPolicy.None, clientCertificateManager, connectionStrategy: { maxRetry: 1 } });
    await client.connect(server.endpointUrl);
    writer = { client, session: await client.createSession() };
    const write = (nodeId: string, value: number) => writer!.session.write({ nodeId, attributeId: AttributeIds.Value, value: { value: { dataType: DataType.Double, value } } });
    seen.length = 0;
    assert.equal((await write('ns=2;s=Treatment.Inlet.FlowSP', 450)).name, 'Good');
    assert.deepEqual(plant.writes.at(-1), { tag: 'treatment-flow-setpoint', value: 450, origin: { protocol: 'opc-ua', host: '127.0.0.1' } });
    const { time: _t, ...o } = seen[0]!;
    assert.deepEqual(o, { kind: 'command', protocol: 'opc-ua', operation: 'write', from: '127.0.0.1', to: 'plc-treatment', tag: 'treatment-flow-setpoint', address: 'ns=2;s=Treatment.Inlet.FlowSP', value: 450, source: 'opcua-server:plc-treatment' });
    await waitFor(() => sink.last('treatment-flow-setpoint')?.value === 450, 3000, 'the written value read back');
    assert.equal((await write('ns=2;s=Treatment.Inlet.FlowSP', 9000)).name, 'BadOutOfRange');
    assert.equal((await write('ns=2;s=Treatment.Inlet.Flow', 1)).value, StatusCodes.BadNotWritable.value);
    assert.equal(plant.writes.length, 1);
    assert.deepEqual(seen.map((s) => [s.tag, s.value]), [['treatment-flow-setpoint', 450], ['treatment-flow-setpoint', 9000], ['treatment-flow', 1]]);
  });

  it('reconnects after a server restart and readings resume', async () => {
    const before = sink.statuses.length;
    await server.stop();
    await waitFor(() => sink.statuses.slice(before).some((s) => s.state === 'reconnecting'), 5000, 'reconnecting');
    // A connector started while the server is down resolves start() and keeps trying.
    const lateSink = new RecordingSink();
    const late = new OpcUaConnector({ endpointUrl: server.endpointUrl, tags, sink: lateSink, dataDir, name: 'late', initialDelayMs: 100, maxDelayMs: 300 });
    try {
      await late.start();
      assert.deepEqual(lateSink.statuses.map((s) => s.state), ['starting', 'reconnecting']);
      plant.set({ 'treatment-flow': 401 });
      await server.start();
      await waitFor(() => sink.last('treatment-flow')?.value === 401, 15000, 'readings after the restart');
      await waitFor(() => lateSink.last('treatment-flow')?.value === 401, 15000, 'readings on the late connector');
      assert.equal(sink.statuses.at(-1)?.state, 'connected');
      plant.set({ 'treatment-flow': 402 });
      await waitFor(() => sink.last('treatment-flow')?.value === 402, 3000, 'live updates after the restart');
      assert.ok((connector.counters().connectionLost ?? 0) >= 1);
    } finally {
      await late.stop();
    }
    assert.equal(lateSink.statuses.at(-1)?.state, 'stopped');
  });
});

describe('OpcUaConnector without a server', () => {
  it('starts, keeps retrying, and stops promptly', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'twinward-opcua-'));
    const sink = new RecordingSink();
    const connector = new OpcUaConnector({ endpointUrl: `opc.tcp://127.0.0.1:${await freePort()}`, tags: await waterTreatmentTags(), sink, dataDir, initialDelayMs: 50, maxDelayMs: 100 });
    try {
      await connector.start();
      await waitFor(() => (connector.counters().connectAttempts ?? 0) >= 3, 3000, 'several attempts');
      const t = Date.now();
      await connector.stop();
      assert.ok(Date.now() - t < 2000, `stop took ${Date.now() - t} ms`);
      assert.deepEqual([...new Set(sink.statuses.map((s) => s.state))], ['starting', 'reconnecting', 'stopped']);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
