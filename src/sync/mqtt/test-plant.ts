import { Tag, type Tag as TagT } from '../../model/index.js';

/** A unique prefix per test run, so runs against a shared broker do not see each other. */
export const runId = (label: string) => `${label}-${process.pid}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 7)}`;

/**
 * Tags of a small plant under `prefix`: two JSON tags, two Sparkplug B
 * metrics on device `pumps` of edge node `plc-<prefix>` in group `g-<prefix>`,
 * and one node-level metric; assets `plc` and `monitor`.
 */
export function testTags(prefix: string): TagT[] {
  const group = `g-${prefix}`;
  const edge = `plc-${prefix}`;
  const tag = (id: string, kind: 'sensor' | 'actuator' | 'setpoint', asset: string, binding: Record<string, unknown>) =>
    Tag.parse({ id, kind, quantity: 'q', unit: 'u', range: { min: -1e9, max: 1e9 }, nominal: 1, asset, bindings: [{ protocol: 'mqtt', ...binding }] });
  return [
    tag('level', 'sensor', 'monitor', { topic: `${prefix}/tank/level` }),
    tag('flow-sp', 'setpoint', 'monitor', { topic: `${prefix}/tank/flow-sp` }),
    tag('pump-speed', 'sensor', 'plc', { topic: `spBv1.0/${group}/DDATA/${edge}/pumps`, encoding: 'sparkplug-b', metric: 'Pump1/Speed' }),
    tag('pump-run', 'actuator', 'plc', { topic: `spBv1.0/${group}/DDATA/${edge}/pumps`, encoding: 'sparkplug-b', metric: 'Pump1/RunCmd' }),
    tag('plc-temp', 'sensor', 'plc', { topic: `spBv1.0/${group}/NDATA/${edge}`, encoding: 'sparkplug-b', metric: 'Cabinet/Temp' }),
  ];
}
