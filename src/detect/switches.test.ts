import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BASE_MODEL_TEXT, baseModel } from '../../test/helpers/models.js';
import { resample } from './resample.js';
import type { Finding } from './rules/rule.js';
import { detectorFamily, switchedOff } from './switches.js';

const finding = (detector: string, tags: string[], evidence: Record<string, unknown> = {}): Finding => ({ detector, severity: 'medium', score: 1, message: '', assets: [], tags, techniques: [], evidence });

describe('detector switches (detection.off)', () => {
  it('maps detector names to the families a model switches', () => {
    assert.equal(detectorFamily('rule:physical-range'), 'safety-limit');
    assert.equal(detectorFamily('rule:network-policy'), 'command-semantics');
    assert.equal(detectorFamily('ensemble:intake'), 'statistical');
    assert.equal(detectorFamily('physics:raw-tank'), 'physics');
  });

  it('drops findings of a switched-off family whose tags are all in scope, keeps the rest', async () => {
    const model = await baseModel(`${BASE_MODEL_TEXT}detection:\n  off:\n    - { detector: rate-of-change, tags: [raw-level] }\n    - { detector: physics, units: [raw-tank] }\n    - { detector: availability }\n`);
    const off = switchedOff(model.model.detection.off, model.model.process.tags);
    assert.equal(off(finding('rule:rate-of-change', ['raw-level'])), true);
    assert.equal(off(finding('rule:rate-of-change', ['raw-level', 'pump-run'])), false, 'a tag out of scope keeps it');
    assert.equal(off(finding('rule:safety-limit', ['raw-level'])), false, 'another family');
    assert.equal(off(finding('physics:mass-balance', ['raw-level'])), true, 'raw-level belongs to raw-tank');
    assert.equal(off(finding('physics:mass-balance', [], { unit: 'raw-tank' })), true);
    assert.equal(off(finding('rule:availability', ['pump-run'])), true, 'no scope: everywhere');
  });
});

describe('resampling readings into rows', () => {
  it('takes the latest value of each tag every period, once all have reported, and skips rows with stale values', () => {
    const t = (s: number) => s * 1000;
    const r = resample(
      [
        { tag: 'a', time: t(0), value: 1 },
        { tag: 'b', time: t(0.5), value: 10 },
        { tag: 'a', time: t(1.2), value: 2 },
        { tag: 'a', time: t(2.1), value: 3 },
        { tag: 'a', time: t(9), value: 4 },
        { tag: 'b', time: t(9.1), value: 11 },
        { tag: 'a', time: t(10), value: 5 },
      ],
      ['a', 'b'],
      1,
      3,
    );
    assert.deepEqual(r.rows, [[1, 10], [2, 10], [3, 10], [4, 11], [5, 11]]);
    assert.deepEqual(r.times.map((x) => x / 1000), [1, 2, 3, 10, 11]);
    assert.equal(r.skipped, 6, 'rows at 4..9 s would carry a value older than 3 s');
  });
});
