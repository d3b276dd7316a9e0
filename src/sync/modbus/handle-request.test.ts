import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { baseModel } from '../../../test/helpers/models.js';
import { AddressMap, modbusBindings } from './address-map.js';
import { ModbusError } from './errors.js';
import { FakePlantIO } from '../../../test/helpers/fake-plant-io.js';
import { handleRequest } from './handle-request.js';
import { RegisterImage } from './register-image.js';
import type { RequestContext } from './request-context.js';

async function setup() {
  const model = await baseModel();
  const plant = new FakePlantIO(model.model.process.tags, { 'raw-level': 2.5, 'pump-run': 0 });
  const bound = modbusBindings(plant.tags, 'plc-1');
  const map = new AddressMap(bound);
  const image = new RegisterImage(map);
  for (const b of bound) image.store(b, plant.value(b.tag.id)!);
  const ctx: RequestContext = { asset: 'plc-1', map, image, plant, codec: {}, source: 'modbus-server:plc-1' };
  const ask = (pdu: number[], unitId = 1) => handleRequest(ctx, '10.0.2.10', { transactionId: 1, unitId, pdu: Buffer.from(pdu) }, new Date(0));
  return { plant, ask };
}

describe('Modbus request handling', () => {
  it('reads input registers and coils', async () => {
    const { ask } = await setup();
    const r = ask([4, 0, 0, 0, 1]);
    assert.deepEqual([...r.pdu], [4, 2, 0, 3]); // 2.5 m, uint16 scale 1 -> 3
    assert.deepEqual(r.observations, [{ kind: 'command', time: new Date(0), protocol: 'modbus-tcp', operation: 'read', functionCode: 4, from: '10.0.2.10', to: 'plc-1', source: 'modbus-server:plc-1', address: 'input:0', tag: 'raw-level' }]);
    assert.deepEqual([...ask([1, 0, 0, 0, 1]).pdu], [1, 1, 0]);
  });

  it('answers the spec exceptions and reports every request', async () => {
    const { ask, plant } = await setup();
    const past = ask([4, 0, 0, 0, 2]);
    assert.equal(past.exception, 0x02);
    assert.deepEqual([...past.pdu], [0x84, 0x02]);
    assert.equal(ask([3, 0, 0, 0, 0]).exception, 0x03, 'quantity 0');
    assert.equal(ask([3, 0, 0, 0, 126]).exception, 0x03, 'quantity > 125');
    assert.equal(ask([4, 0, 0]).exception, 0x03, 'short PDU');
    const umas = ask([90, 0, 2]);
    assert.deepEqual([...umas.pdu], [0xda, 0x01]);
    assert.equal(umas.observations[0]?.operation, 'other');
    assert.equal(umas.observations[0]?.functionCode, 90);
    const mask = ask([22, 0, 0, 0xff, 0xff, 0, 0]);
    assert.equal(mask.exception, 0x01);
    assert.equal(mask.observations[0]?.operation, 'write');
    assert.equal(ask([3, 0, 0, 0, 1], 9).exception, 0x0b, 'unit 9 is not served');
    assert.equal(ask([4, 0, 0, 0, 1], 255).exception, undefined, 'unit 255 means this device');
    const toInput = ask([6, 0, 0, 0, 7]);
    assert.equal(toInput.exception, 0x02);
    assert.deepEqual(toInput.observations.map((o) => [o.operation, o.address, o.tag, o.value]), [['write', 'holding:0', undefined, 7]]);
    const badCoil = ask([5, 0, 0, 0x12, 0x34]);
    assert.equal(badCoil.exception, 0x03);
    assert.equal(badCoil.observations[0]?.tag, 'pump-run');
    assert.equal(plant.writes.length, 0);
  });

  it('forwards writes to the plant with the writer as origin', async () => {
    const { ask, plant } = await setup();
    const on = ask([5, 0, 0, 0xff, 0]);
    assert.deepEqual([...on.pdu], [5, 0, 0, 0xff, 0]);
    assert.deepEqual(plant.writes, [{ tag: 'pump-run', value: 1, origin: { protocol: 'modbus-tcp', host: '10.0.2.10' } }]);
    assert.deepEqual([...ask([1, 0, 0, 0, 1]).pdu], [1, 1, 1], 'the image follows the write');
    const multi = ask([15, 0, 0, 0, 1, 1, 0]);
    assert.deepEqual([...multi.pdu], [15, 0, 0, 0, 1]);
    assert.equal(plant.value('pump-run'), 0);
    assert.equal(ask([15, 0, 0, 0, 2, 1, 3]).exception, 0x02, 'coil 1 is unbound');
    assert.equal(ask([15, 0, 0, 0, 1, 2, 1, 0]).exception, 0x03, 'byte count mismatch');
  });

  it('refuses a model where two tags share a register', async () => {
    const { plant } = await setup();
    const level = modbusBindings(plant.tags, 'plc-1').find((b) => b.tag.id === 'raw-level')!;
    const clash = { ...level, tag: { ...level.tag, id: 'clash' }, binding: { ...level.binding, dataType: 'float32' as const }, width: 2 as const };
    assert.throws(() => new AddressMap([level, { ...clash, binding: { ...clash.binding, address: 65535 } }]), (e: unknown) => e instanceof ModbusError && e.code === 'overlapping-binding');
    assert.throws(() => new AddressMap([{ ...clash, binding: { ...clash.binding, address: 0 } }, level]), /both use unit 1 input address 0/);
  });
});
