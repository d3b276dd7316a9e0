import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { indistinguishable, isolate, stepUnsettled, type RelationWindow } from './isolate.js';
import type { Effect, Member } from './relation.js';

const sensor = (id: string): Member => ({ id, kind: 'sensor', tag: id });
const unit = (id: string): Member => ({ id: `unit:${id}`, kind: 'unit', unit: id });
const persistent = (member: string, perUnit: number, lo = -1e9, hi = 1e9): Effect => ({ member, shape: 'persistent', perUnit, lo, hi });
const step = (member: string, perUnit: number): Effect => ({ member, shape: 'step', perUnit, lo: -1e9, hi: 1e9 });

/** A window of blocks 120 s long; `z` per block, the same effects in each. */
function window(id: string, members: Member[], alarmed: boolean, z: number[], effects: Effect[]): RelationWindow {
  return { id, members, alarmed, blocks: z.map((v, i) => ({ start: i * 120_000, end: (i + 1) * 120_000, z: v, scale: 1, effects })) };
}

describe('single-fault isolation', () => {
  // Two relations share sensor "f"; "a" is only in the first, "b" only in the second.
  const members1 = [sensor('f'), sensor('a')];
  const members2 = [sensor('f'), sensor('b')];

  it('names the sensor that breaks every relation it is in by the amounts one bias explains', () => {
    const w = [
      window('r1', members1, true, [0, 6, 6, 6], [persistent('f', 1), persistent('a', -2)]),
      window('r2', members2, true, [0, -3, -3, -3], [persistent('f', -0.5), persistent('b', 1)]),
    ];
    const iso = isolate(w);
    assert.equal(iso.ranked[0]!.member.id, 'f');
    assert.ok(Math.abs(iso.ranked[0]!.estimate - 6) < 1e-6, String(iso.ranked[0]!.estimate));
    assert.equal(iso.ranked[0]!.onset, 120_000, 'the fitted onset is where the residuals moved');
    assert.ok(iso.ranked[0]!.chi2 < 1e-9);
  });

  it('exonerates a sensor whose other relation holds', () => {
    const w = [
      window('r1', members1, true, [0, 6, 6, 6], [persistent('f', 1), persistent('a', -2)]),
      window('r2', members2, false, [0.1, -0.2, 0.1, 0], [persistent('f', -0.5), persistent('b', 1)]),
    ];
    assert.equal(isolate(w).ranked[0]!.member.id, 'a');
  });

  it('tells a level step from a leak once the blocks after the change show whether it goes on', () => {
    const members = [sensor('level'), unit('tank')];
    const effects = [step('level', 10), persistent('unit:tank', -1, 0, 1e9)];
    const stepped = isolate([window('balance', members, true, [0, 8, 0, 0], effects)]);
    assert.equal(stepped.ranked[0]!.member.id, 'level');
    // The level falls faster than the flows say, block after block: a loss.
    const leaking = isolate([window('balance', members, true, [0, -8, -8, -8], effects)]);
    assert.equal(leaking.ranked[0]!.member.id, 'unit:tank');
    assert.ok(Math.abs(leaking.ranked[0]!.estimate - 8) < 1e-6, 'a loss of 8 units');
    // One block in, both fit: only the next blocks can tell (the rule waits for them).
    const early = isolate([window('balance', members, true, [0, -8], effects)]);
    assert.deepEqual(early.ranked.map((h) => h.member.id).sort(), ['level', 'unit:tank']);
    assert.ok(early.ranked.every((h) => h.chi2 < 1e-9));
    const level = early.ranked.find((h) => h.member.id === 'level')!;
    assert.ok(stepUnsettled(level, early.ranked), 'a step at the last block is not confirmed while a persistent fault fits as well');
  });

  it('keeps a physically impossible fit out: the bias is clipped to what the instrument can read', () => {
    const w = [window('r1', [sensor('f'), sensor('a')], true, [9, 9], [persistent('f', 1, -2, 2), persistent('a', 1)])];
    const iso = isolate(w);
    assert.equal(iso.ranked[0]!.member.id, 'a');
    const f = iso.ranked.find((h) => h.member.id === 'f')!;
    assert.equal(f.estimate, 2);
  });

  it('reports members no relation separates as indistinguishable', () => {
    const w = [window('balance', [sensor('meter'), unit('tank')], true, [0, -5, -5], [persistent('meter', 1), persistent('unit:tank', -1, 0, 1e9)])];
    const iso = isolate(w);
    const best = iso.ranked[0]!;
    assert.deepEqual(indistinguishable(best, iso.ranked).map((h) => h.member.id).concat(best.member.id).sort(), ['meter', 'unit:tank']);
  });

  it('fits an on/off actuator only as the opposite state', () => {
    const run: Member = { id: 'run', kind: 'actuator', tag: 'run', discrete: true };
    const flip: Effect = { member: 'run', shape: 'flip', perUnit: -50, lo: 1, hi: 1 };
    const w = [window('pump', [sensor('flow'), run], true, [0, -50, -50], [persistent('flow', 1), flip])];
    const iso = isolate(w);
    const h = iso.ranked.find((x) => x.member.id === 'run')!;
    assert.equal(h.model, 'flip');
    assert.equal(h.estimate, 1);
    assert.ok(h.chi2 < 1e-9);
  });
});
