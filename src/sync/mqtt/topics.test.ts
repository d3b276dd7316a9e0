import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseSparkplugTopic, sparkplugTopic } from './topics.js';

describe('Sparkplug B topics (3.0 §4.1)', () => {
  it('parses node, device and STATE topics', () => {
    assert.deepEqual(parseSparkplugTopic('spBv1.0/water/NBIRTH/plc-intake'), { type: 'NBIRTH', group: 'water', edgeNode: 'plc-intake' });
    assert.deepEqual(parseSparkplugTopic('spBv1.0/water/DDATA/plc-intake/raw-water'), { type: 'DDATA', group: 'water', edgeNode: 'plc-intake', device: 'raw-water' });
    assert.deepEqual(parseSparkplugTopic('spBv1.0/STATE/scada-1'), { type: 'STATE', hostId: 'scada-1' });
    for (const type of ['NBIRTH', 'NDEATH', 'NDATA', 'NCMD']) assert.equal(parseSparkplugTopic(`spBv1.0/g/${type}/e`)?.type, type);
    for (const type of ['DBIRTH', 'DDEATH', 'DDATA', 'DCMD']) assert.equal(parseSparkplugTopic(`spBv1.0/g/${type}/e/d`)?.type, type);
  });

  it('refuses what the spec does not allow', () => {
    for (const t of [
      'spBv1.0/water/DDATA/plc-intake', // device type without device_id
      'spBv1.0/water/NDATA/plc-intake/dev', // node type with a device_id
      'spBv1.0/water/FOO/plc',
      'spBv1.0/water/DDATA/plc/dev/extra',
      'spBv1.0//NDATA/plc',
      'spBv1.0/water/NDATA/',
      'spAv1.0/water/NDATA/plc',
      'spBv1.0/STATE',
      'spBv1.0/STATE/a/b',
      'spBv1.0',
      '',
    ]) assert.equal(parseSparkplugTopic(t), undefined, t);
  });

  it('builds topics and checks their elements', () => {
    assert.equal(sparkplugTopic('DCMD', 'g', 'e', 'd'), 'spBv1.0/g/DCMD/e/d');
    assert.equal(sparkplugTopic('NDEATH', 'g', 'e'), 'spBv1.0/g/NDEATH/e');
    assert.throws(() => sparkplugTopic('DCMD', 'g', 'e'), { code: 'bad-topic' });
    assert.throws(() => sparkplugTopic('NCMD', 'g', 'e', 'd'), { code: 'bad-topic' });
    assert.throws(() => sparkplugTopic('NDATA', 'g/x', 'e'), { code: 'bad-topic' });
    assert.throws(() => sparkplugTopic('NDATA', 'g', '+'), { code: 'bad-topic' });
  });
});
