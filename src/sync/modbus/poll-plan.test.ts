import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { checkModel, memoryModelFiles } from '../../model/index.js';
import { modbusBindings } from './address-map.js';
import { planPolls } from './poll-plan.js';

const WATER = readFileSync(new URL('../../../examples/water-treatment/model.yaml', import.meta.url), 'utf8');

describe('Modbus poll plan', () => {
  it('groups contiguous addresses of one table and period, never splitting a 32-bit value', async () => {
    const r = await checkModel('model.yaml', memoryModelFiles({ 'model.yaml': WATER }));
    assert.ok(r.loaded);
    const groups = planPolls(modbusBindings(r.loaded.model.process.tags, 'plc-distribution'));
    const shape = groups.map((g) => `${g.table}:${g.start}+${g.quantity}@${g.periodMs}`);
    // Every request is within the spec limits and covers its tags.
    for (const g of groups) {
      assert.ok(g.quantity <= (g.table === 'coil' || g.table === 'discrete' ? 2000 : 125));
      for (const t of g.tags) assert.ok(t.binding.address >= g.start && t.binding.address + t.width <= g.start + g.quantity, shape.join());
    }
    assert.equal(groups.reduce((n, g) => n + g.tags.length, 0), modbusBindings(r.loaded.model.process.tags, 'plc-distribution').length);
    const gapped = planPolls(modbusBindings(r.loaded.model.process.tags, 'plc-distribution'), { maxGap: 1 });
    assert.ok(gapped.length <= groups.length);
  });

  it('caps registers per request at 125', () => {
    const tag = (i: number) => ({
      tag: { id: `t${i}`, samplePeriod: 1 } as never,
      binding: { protocol: 'modbus' as const, unitId: 1, table: 'holding' as const, address: i * 2, dataType: 'float32' as const, scale: 1 },
      width: 2 as const,
    });
    const groups = planPolls(Array.from({ length: 100 }, (_, i) => tag(i)));
    assert.deepEqual(groups.map((g) => [g.start, g.quantity]), [[0, 124], [124, 76]]);
  });
});
