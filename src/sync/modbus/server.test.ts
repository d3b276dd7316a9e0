import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Socket } from 'node:net';
import { ModbusTCPClient } from 'jsmodbus';
import type { CommandObservation } from '../../twin/observations.js';
import { decodeRegisters, encodeRegisters } from './codec.js';
import { FakePlantIO } from '../../../test/helpers/fake-plant-io.js';
import { ModbusDeviceServer, startModbusServers } from './server.js';
import { modbusTestTags, waterTreatmentTags } from './test-model.js';

/** A jsmodbus client connected to 127.0.0.1:port. */
async function connect(port: number, unitId = 1) {
  const socket = new Socket();
  const client = new ModbusTCPClient(socket, unitId, 1000);
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject).connect({ host: '127.0.0.1', port }));
  return { socket, client };
}

const exceptionCode = async (p: Promise<unknown>) => {
  const err = (await p.then(() => undefined, (e: unknown) => e)) as { err?: string; response?: { body?: { code?: number } } } | undefined;
  assert.equal(err?.err, 'ModbusException');
  return err.response?.body?.code;
};

describe('Modbus device server (jsmodbus client as the peer)', () => {
  let plant: FakePlantIO;
  let server: ModbusDeviceServer;
  const seen: CommandObservation[] = [];
  let peer: Awaited<ReturnType<typeof connect>>;

  before(async () => {
    plant = new FakePlantIO(await modbusTestTags(), { 'raw-level': 2, 'raw-total': -12345.6, 'raw-temperature': -3.25, 'raw-offset': -1.5, 'raw-count': 3_000_000_000, 'level-setpoint': 1.25 });
    server = new ModbusDeviceServer({ plant, asset: 'plc-1', onCommand: (o) => seen.push(o) });
    await server.start();
    peer = await connect(server.port);
  });
  after(async () => {
    peer.socket.destroy();
    await server.stop();
    assert.equal(plant.listenerCount, 0, 'stop unsubscribes from samples');
  });

  it('serves current values in the right tables and follows samples', async () => {
    const input = await peer.client.readInputRegisters(0, 9);
    const words = [...input.response.body.valuesAsArray];
    assert.equal(words[0], 2);
    assert.equal(decodeRegisters(words.slice(2, 4), 'int32', 0.1).value, -12345.6);
    assert.equal(decodeRegisters(words.slice(4, 6), 'float32').value, -3.25);
    assert.equal(decodeRegisters(words.slice(6, 7), 'int16', 0.01).value, -1.5);
    assert.equal(decodeRegisters(words.slice(7, 9), 'uint32').value, 3_000_000_000);
    plant.set({ 'raw-level': 4, 'pump-run': 1 });
    assert.equal((await peer.client.readInputRegisters(0, 1)).response.body.valuesAsArray[0], 4);
    assert.equal((await peer.client.readCoils(0, 1)).response.body.valuesAsArray[0], 1);
    const read = seen.find((o) => o.functionCode === 4 && o.address === 'input:0-8');
    assert.ok(read, 'a multi-tag read is reported with its span');
    assert.equal(read.from, '127.0.0.1');
  });

  it('turns writes into PlantIO.write from the client address and reports them', async () => {
    seen.length = 0;
    await peer.client.writeSingleCoil(0, false);
    assert.deepEqual(plant.writes.at(-1), { tag: 'pump-run', value: 0, origin: { protocol: 'modbus-tcp', host: '127.0.0.1' } });
    assert.deepEqual(seen.map(({ time: _t, ...o }) => o), [
      { kind: 'command', protocol: 'modbus-tcp', operation: 'write', functionCode: 5, from: '127.0.0.1', to: 'plc-1', source: 'modbus-server:plc-1', tag: 'pump-run', address: 'coil:0', value: 0 },
    ]);
    await peer.client.writeMultipleRegisters(10, encodeRegisters(-2.5, 'int32', 0.001).words);
    assert.deepEqual(plant.writes.at(-1)?.value, -2.5);
    assert.equal(seen.at(-1)?.functionCode, 16);
    assert.equal(seen.at(-1)?.tag, 'level-setpoint');
    await peer.client.writeMultipleRegisters(12, encodeRegisters(312.7, 'float32').words);
    assert.equal(plant.value('flow-setpoint'), 312.7);
    // FC6 on one word of a 32-bit value lays it over the other word.
    await peer.client.writeSingleRegister(13, 0);
    assert.equal(plant.value('flow-setpoint'), decodeRegisters([encodeRegisters(312.7, 'float32').words[0]!, 0], 'float32').value);
    await peer.client.writeMultipleCoils(0, [true]);
    assert.equal(plant.value('pump-run'), 1);
    assert.equal(seen.at(-1)?.functionCode, 15);
  });

  it('refuses writes to input registers, unbound and read-only addresses with 0x02, and still reports them', async () => {
    seen.length = 0;
    const before = plant.writes.length;
    assert.equal(await exceptionCode(peer.client.writeSingleRegister(0, 99)), 0x02, 'holding 0 is unbound; input 0 cannot be written');
    assert.deepEqual(seen.map((o) => [o.operation, o.functionCode, o.address, o.tag, o.value, o.from]), [['write', 6, 'holding:0', undefined, 99, '127.0.0.1']]);
    assert.equal(await exceptionCode(peer.client.writeSingleRegister(500, 1)), 0x02, 'past the table');
    assert.equal(await exceptionCode(peer.client.writeMultipleRegisters(12, encodeRegisters(9999, 'float32').words)), 0x03, 'the plant refuses out of range');
    assert.equal(await exceptionCode(peer.client.readHoldingRegisters(0, 100)), 0x02);
    assert.equal(plant.writes.length, before);
    assert.equal(seen.length, 4);
  });

  it('answers an unknown function code with 0x01, reports it, and keeps the connection usable', async () => {
    seen.length = 0;
    // Raw bytes: jsmodbus's own parser cannot even read an exception to FC 90.
    const raw = new Socket();
    await new Promise<void>((resolve) => raw.connect({ host: '127.0.0.1', port: server.port }, resolve));
    const ask = (frame: number[]) => new Promise<number[]>((resolve) => raw.once('data', (b: Buffer) => resolve([...b])).write(Buffer.from(frame)));
    assert.deepEqual(await ask([0, 9, 0, 0, 0, 4, 1, 90, 0, 2]), [0, 9, 0, 0, 0, 3, 1, 0xda, 0x01]); // Schneider UMAS
    assert.deepEqual(seen.map((o) => [o.operation, o.functionCode, o.from]), [['other', 90, '127.0.0.1']]);
    assert.deepEqual(await ask([0, 10, 0, 0, 0, 6, 1, 4, 0, 0, 0, 1]), [0, 10, 0, 0, 0, 5, 1, 4, 2, 0, 4], 'the same connection still answers');
    const closed = new Promise((resolve) => raw.once('close', resolve));
    raw.write('not modbus at all');
    await closed;
    assert.equal(seen.at(-1)?.operation, 'other');
    assert.ok((server.counters().malformed ?? 0) >= 1);
  });
});

describe('startModbusServers', () => {
  it('starts one server per asset with Modbus tags, on the given ports', async () => {
    const plant = new FakePlantIO(await waterTreatmentTags());
    const servers = await startModbusServers({ plant, basePort: 0 });
    try {
      assert.deepEqual(servers.map((s) => s.asset), ['plc-distribution']);
      assert.ok(servers[0]!.port > 0);
      const peer = await connect(servers[0]!.port);
      const r = await peer.client.readHoldingRegisters(0, 2);
      assert.deepEqual([...r.response.body.valuesAsArray], [880, 500]); // 88 % x0.1, 5 bar x0.01
      peer.socket.destroy();
    } finally {
      await Promise.all(servers.map((s) => s.stop()));
    }
  });
});
