import { readFileSync } from 'node:fs';
import type { Tag } from '../../model/index.js';
import { checkModel, memoryModelFiles } from '../../model/index.js';
import { BASE_MODEL_TEXT, baseModel } from '../../../test/helpers/models.js';

/** Tags added to the base test model so every Modbus data type is on the wire, negative values included. */
const EXTRA_TAGS = `
    - id: raw-total
      kind: sensor
      quantity: volume
      unit: m3
      range: { min: -200000, max: 200000 }
      asset: plc-1
      bindings:
        - { protocol: modbus, table: input, address: 2, dataType: int32, scale: 0.1 }
    - id: raw-temperature
      kind: sensor
      quantity: temperature
      unit: degC
      range: { min: -40, max: 60 }
      asset: plc-1
      bindings:
        - { protocol: modbus, table: input, address: 4, dataType: float32 }
    - id: raw-offset
      kind: sensor
      quantity: level
      unit: m
      range: { min: -3, max: 3 }
      asset: plc-1
      bindings:
        - { protocol: modbus, table: input, address: 6, dataType: int16, scale: 0.01 }
    - id: raw-count
      kind: sensor
      quantity: count
      unit: "1"
      range: { min: 0, max: 4000000000 }
      asset: plc-1
      bindings:
        - { protocol: modbus, table: input, address: 7, dataType: uint32 }
    - id: level-setpoint
      kind: setpoint
      quantity: level
      unit: m
      range: { min: -5, max: 5 }
      asset: plc-1
      writableBy: [hmi-1]
      bindings:
        - { protocol: modbus, table: holding, address: 10, dataType: int32, scale: 0.001 }
    - id: flow-setpoint
      kind: setpoint
      quantity: flow
      unit: m3/h
      range: { min: 0, max: 500 }
      asset: plc-1
      writableBy: [hmi-1]
      bindings:
        - { protocol: modbus, table: holding, address: 12, dataType: float32 }
`;

/** Sample periods in tests: fast enough to see several polls in a second. */
export const TEST_PERIOD_S = 0.1;

const fast = (tags: readonly Tag[]) => tags.map((t) => ({ ...t, samplePeriod: TEST_PERIOD_S }));

/** The base test model plus EXTRA_TAGS, with fast sample periods. */
export async function modbusTestTags(): Promise<Tag[]> {
  const text = BASE_MODEL_TEXT.replace('\n  controllers:', `${EXTRA_TAGS}\n  controllers:`);
  if (text === BASE_MODEL_TEXT) throw new Error('base model layout changed: cannot add test tags');
  return fast((await baseModel(text)).model.process.tags);
}

/** The water-treatment example's tags, with fast sample periods. */
export async function waterTreatmentTags(): Promise<Tag[]> {
  const text = readFileSync(new URL('../../../examples/water-treatment/model.yaml', import.meta.url), 'utf8');
  const r = await checkModel('model.yaml', memoryModelFiles({ 'model.yaml': text }));
  if (!r.loaded) throw new Error(`water-treatment example invalid: ${JSON.stringify(r.problems)}`);
  return fast(r.loaded.model.process.tags);
}
