import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildMqttBindings } from './bindings.js';
import { decodeSparkplug } from './sparkplug-codec.js';
import { SparkplugEdgeNode } from './sparkplug-edge.js';
import { testTags } from './test-plant.js';

describe('SparkplugEdgeNode', () => {
  const binding = () => buildMqttBindings(testTags('p')).edgeNodes.get('g-p/plc-p')!;

  it('births: NBIRTH seq 0 with bdSeq and Rebirth, DBIRTH with every metric (null when no value yet)', () => {
    const n = new SparkplugEdgeNode(binding());
    const [nb, db] = n.births(5, (tag) => (tag === 'pump-speed' ? 10 : undefined));
    assert.equal(nb!.topic, 'spBv1.0/g-p/NBIRTH/plc-p');
    const nbp = decodeSparkplug(nb!.payload);
    assert.equal(nbp.seq, 0);
    assert.deepEqual(nbp.metrics.map((m) => [m.name, m.value]), [['bdSeq', 0], ['Node Control/Rebirth', false], ['Cabinet/Temp', null]]);
    assert.equal(db!.topic, 'spBv1.0/g-p/DBIRTH/plc-p/pumps');
    assert.deepEqual(decodeSparkplug(db!.payload).metrics.map((m) => [m.name, m.value]), [['Pump1/Speed', 10], ['Pump1/RunCmd', null]]);
  });

  it('seq wraps after 255; bdSeq of the Will follows each new session', () => {
    const n = new SparkplugEdgeNode(binding());
    n.births(0, () => 1); // seq 0, 1
    let last = 0;
    for (let i = 0; i < 300; i++) last = decodeSparkplug(n.data('pumps', [{ name: 'Pump1/Speed', value: i, timestamp: i }]).payload).seq!;
    assert.equal(last, (2 + 299) % 256);
    assert.deepEqual(decodeSparkplug(n.death(1).payload).metrics.map((m) => [m.name, m.value]), [['bdSeq', 0]]);
    n.nextSession();
    assert.equal(decodeSparkplug(n.death(1).payload).metrics[0]!.value, 1);
    assert.equal(decodeSparkplug(n.births(0, () => 1)[0]!.payload).metrics[0]!.value, 1);
    const d = n.data(undefined, [{ name: 'Cabinet/Temp', value: 1, timestamp: 9 }, { name: 'Cabinet/Temp', value: 2, timestamp: 12 }]);
    assert.equal(d.topic, 'spBv1.0/g-p/NDATA/plc-p');
    assert.equal(decodeSparkplug(d.payload).timestamp, 12);
  });
});
