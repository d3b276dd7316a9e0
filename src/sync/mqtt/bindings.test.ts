import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { nodeModelFiles } from '../../cli/model-files.js';
import { checkModel, Tag } from '../../model/index.js';
import { buildMqttBindings, findSparkplugDevice, jsonCommandTags, subscriptionTopics } from './bindings.js';
import { testTags } from './test-plant.js';

describe('MQTT bindings', () => {
  it('indexes JSON topics, Sparkplug devices and node metrics both ways', () => {
    const b = buildMqttBindings(testTags('p'));
    assert.deepEqual([...b.json.keys()], ['p/tank/level', 'p/tank/flow-sp']);
    assert.equal(findSparkplugDevice(b, 'g-p', 'plc-p', 'pumps')?.metrics.get('Pump1/Speed')?.id, 'pump-speed');
    assert.equal(findSparkplugDevice(b, 'g-p', 'plc-p')?.metrics.get('Cabinet/Temp')?.id, 'plc-temp');
    assert.equal(findSparkplugDevice(b, 'g-p', 'plc-p', 'nope'), undefined);
    assert.deepEqual(b.edgeNodes.get('g-p/plc-p')?.assets, ['plc']);
    assert.deepEqual(b.byTag.get('pump-run'), [{ encoding: 'sparkplug-b', group: 'g-p', edgeNode: 'plc-p', device: 'pumps', metric: 'Pump1/RunCmd' }]);
    assert.deepEqual(b.byTag.get('level'), [{ encoding: 'json', topic: 'p/tank/level' }]);
    assert.deepEqual(jsonCommandTags(b, 'p/tank/flow-sp/set')?.map((t) => t.id), ['flow-sp']);
    assert.equal(jsonCommandTags(b, 'p/tank/flow-sp'), undefined);
    assert.deepEqual(subscriptionTopics(b), ['p/tank/level', 'p/tank/flow-sp', 'spBv1.0/g-p/#']);
    assert.deepEqual(b.problems, []);
  });

  it('defaults the metric to the tag id and reports unusable bindings', () => {
    const tag = (id: string, topic: string, extra: Record<string, unknown> = {}) =>
      Tag.parse({ id, kind: 'sensor', quantity: 'q', unit: 'u', range: { min: 0, max: 1 }, asset: 'a', bindings: [{ protocol: 'mqtt', topic, encoding: 'sparkplug-b', ...extra }] });
    const b = buildMqttBindings([
      tag('t1', 'spBv1.0/g/DDATA/e/d'),
      tag('t2', 'plant/not-sparkplug'),
      tag('t3', 'spBv1.0/g/DCMD/e/d'),
      tag('t4', 'spBv1.0/g/DDATA/e/d', { metric: 't1' }),
    ]);
    assert.equal(findSparkplugDevice(b, 'g', 'e', 'd')?.metrics.get('t1')?.id, 't1');
    assert.equal(b.problems.length, 3);
    assert.match(b.problems[0]!, /t2.*not a Sparkplug B data topic/);
    assert.match(b.problems[1]!, /t3/);
    assert.match(b.problems[2]!, /t4: metric t1 .* already bound to tag t1/);
  });

  it('reads the example models without problems', async () => {
    for (const [file, json, nodes] of [
      ['examples/water-treatment/model.yaml', 12, ['water/plc-intake', 'water/plc-distribution']],
      ['examples/hospital-icu/model.yaml', 10, ['icu/mdi-gw']],
    ] as const) {
      const r = await checkModel(file, nodeModelFiles);
      assert.ok(r.loaded, file);
      const b = buildMqttBindings(r.loaded.model.process.tags);
      assert.deepEqual(b.problems, [], file);
      assert.equal(b.json.size, json, file);
      assert.deepEqual([...b.edgeNodes.keys()], nodes, file);
    }
  });
});
