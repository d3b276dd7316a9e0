import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { Random } from '../../common/random.js';
import { buildRelations, physicsRules } from './index.js';
import { RelationStream } from './stream.js';
import { cyclingWater, injected, judge, loadModelText, normal, scenarioFile, simulate, water } from './testdata/plant.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));

describe('physics residuals on the simulated water plant', () => {
  it('finds the relations the water plant instruments', async () => {
    const ids = buildRelations((await water()).model).map((r) => r.id).sort();
    assert.deepEqual(ids, [
      'dosing:clear-well',
      'pump-flow:raw-water-main',
      'pump-flow:transmission-main',
      'pump-head:raw-water-main',
      'pump-head:transmission-main',
      'run-feedback:distribution-pump-1',
      'run-feedback:intake-pump-1',
      'tank-balance:clear-well',
      'tank-balance:raw-water-tank',
      'tank-balance:storage-tank',
      'valve-flow:inlet-control-valve',
    ]);
  });

  it('has no rule for a model without instrumented water physics', async () => {
    const icu = await loadModelText(readFileSync(`${root}examples/hospital-icu/model.yaml`, 'utf8'));
    assert.deepEqual(physicsRules(icu), []);
  });

  it('keeps every relation quiet for 40 minutes of normal operation while the pumps cycle', async () => {
    const model = await cyclingWater();
    const { events, switches } = simulate(model, normal(model, 2400), 7);
    assert.ok((switches['distribution-pump-1-run'] ?? 0) >= 2, `the duty pump cycled: ${JSON.stringify(switches)}`);
    assert.ok((switches['intake-pump-2-run'] ?? 0) >= 2, `the assist intake pump cycled: ${JSON.stringify(switches)}`);
    // Every relation was evaluated (blocks came out of it), not just silent for want of data.
    const relations = buildRelations(model.model);
    const stream = new RelationStream(relations, new Map(model.model.process.tags.map((t) => [t.id, t])));
    const blocks = new Map<string, number>();
    const count = (instants: ReturnType<RelationStream['push']>) => {
      for (const d of instants.flatMap((i) => i.blocks)) blocks.set(d.relation.id, (blocks.get(d.relation.id) ?? 0) + 1);
    };
    for (const e of events) if (e.type === 'tag.reading') count(stream.push(e.subject!, e.data.value, Date.parse(e.data.time)));
    count(stream.flush());
    for (const r of relations) assert.ok((blocks.get(r.id) ?? 0) >= 10, `${r.id} produced ${blocks.get(r.id) ?? 0} blocks`);
    assert.deepEqual(judge(model, events).map((f) => `${f.at}s ${f.message}`), []);
  });

  it('stays quiet for an hour of the example plant, its residuals as large as the declared noise says', async () => {
    const model = await water();
    const { events } = simulate(model, normal(model, 3600), 11);
    assert.deepEqual(judge(model, events).map((f) => `${f.at}s ${f.message}`), []);
    // The scale every block carries (declared noise through the prediction) matches what normal operation shows.
    const relations = buildRelations(model.model);
    const stream = new RelationStream(relations, new Map(model.model.process.tags.map((t) => [t.id, t])));
    const u = new Map<string, number[]>();
    const take = (instants: ReturnType<RelationStream['push']>) => {
      for (const { relation, block } of instants.flatMap((i) => i.blocks)) if (block.noise > 0) u.set(relation.id, [...(u.get(relation.id) ?? []), block.residual / block.noise]);
    };
    for (const e of events) if (e.type === 'tag.reading') take(stream.push(e.subject!, e.data.value, Date.parse(e.data.time)));
    take(stream.flush());
    for (const r of relations) {
      const xs = u.get(r.id) ?? [];
      assert.ok(xs.length >= 25, `${r.id}: ${xs.length} blocks`);
      if (r.kind === 'run-feedback') continue; // exactly 0 without a fault
      const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
      const sd = Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (xs.length - 1));
      assert.ok(Math.abs(mean) < 0.5 && sd > 0.5 && sd < 1.5, `${r.id}: mean ${mean.toFixed(2)}, std ${sd.toFixed(2)} in declared-noise units`);
    }
  });

  it('names a biased flow meter as the sensor that disagrees with physics', async () => {
    const model = await water();
    const { events } = simulate(model, injected(model, 1500, 600, 'kind: sensor-bias\ntag: distribution-flow\nparams: { offset: 40 }\nclass: attack'), 21);
    const found = judge(model, events);
    assert.equal(found.length, 1, found.map((f) => f.message).join('\n'));
    const f = found[0]!;
    assert.deepEqual(f.tags, ['distribution-flow']);
    assert.deepEqual(f.techniques, ['T0832']);
    assert.equal(f.evidence.hypothesis, 'sensor');
    assert.ok(f.at >= 600 && f.at <= 600 + 360, `detected at ${f.at} s`);
    // The evidence says which relations broke and which held.
    const rel = f.evidence.relations as { id: string; alarmed: boolean }[];
    assert.ok(rel.some((r) => r.id === 'pump-flow:transmission-main' && r.alarmed));
    assert.ok((f.evidence.consistent as string[]).includes('tank-balance:raw-water-tank'));
  });

  it('names a biased level transmitter, not a leak, when the level steps', async () => {
    const model = await water();
    const { events } = simulate(model, injected(model, 1500, 600, 'kind: sensor-bias\ntag: storage-tank-level\nparams: { offset: 0.5 }\nclass: attack'), 22);
    const f = judge(model, events)[0];
    assert.ok(f);
    assert.deepEqual(f.tags, ['storage-tank-level']);
    assert.equal(f.evidence.hypothesis, 'sensor');
    assert.ok((f.evidence.estimate as number) > 0.2, `estimated offset ${f.evidence.estimate}`);
  });

  it('names a frozen level transmitter (raw-tank overflow scenario)', async () => {
    const model = await water();
    const found = judge(model, simulate(model, scenarioFile(model, 'raw-tank-overflow'), 11).events);
    const frozen = found.find((f) => f.tags.includes('raw-tank-level'));
    assert.ok(frozen, found.map((f) => f.message).join('\n'));
    assert.equal(frozen.evidence.hypothesis, 'frozen-sensor');
    assert.ok(frozen.at > 300 && frozen.at <= 300 + 60, `named at ${frozen.at} s`);
  });

  it('takes readings that arrive out of order (several connectors) as they were measured', async () => {
    const model = await water();
    const { events } = simulate(model, scenarioFile(model, 'leak-fault'), 3);
    const rng = new Random(5);
    // Delivered up to 1.5 s late, in a shuffled order; measurement times unchanged.
    const late = events.map((e) => ({ e, arrives: Date.parse(e.time) + 1500 * rng.next() })).sort((a, b) => a.arrives - b.arrives).map((x) => x.e);
    const inOrder = judge(model, events).map((f) => [f.tags, f.evidence.hypothesis]);
    assert.deepEqual(judge(model, late).map((f) => [f.tags, f.evidence.hypothesis]), inOrder);
  });

  it('calls the storage leak a process change of the tank, with the sensors consistent', async () => {
    const model = await water();
    const found = judge(model, simulate(model, scenarioFile(model, 'leak-fault'), 3).events);
    assert.ok(found.length >= 1);
    const f = found[0]!;
    assert.equal(f.evidence.hypothesis, 'process-change');
    assert.equal(f.evidence.unit, 'storage-tank');
    assert.ok(f.tags.includes('storage-tank-level'));
    assert.deepEqual(f.techniques, []);
    assert.ok(f.at > 600 && f.at <= 600 + 600, `detected at ${f.at} s`);
    const loss = f.evidence.estimate as number;
    assert.ok(loss > 100 && loss < 200, `estimated loss ${loss} m³/h (injected 150)`);
    // Physics cannot tell a leak from an under-reading demand meter; the alert says so.
    assert.deepEqual(f.evidence.alternatives, ['network-demand-flow']);
    assert.ok(!found.some((x) => x.techniques.includes('T0832')), 'no sensor was called a liar');
  });

  it('names a pump that does not run although commanded on', async () => {
    const model = await water();
    const { events } = simulate(model, injected(model, 1500, 600, 'kind: actuator-sabotage\ntag: distribution-pump-1-run\nparams: { value: 0 }\nclass: attack'), 23);
    const f = judge(model, events)[0];
    assert.ok(f);
    assert.deepEqual(f.tags, ['distribution-pump-1-run']);
    assert.deepEqual(f.techniques, ['T0831']);
    assert.equal(f.evidence.hypothesis, 'actuator');
    assert.equal(f.evidence.model, 'flip');
  });

  it('names a valve stuck away from its command', async () => {
    const model = await water();
    const { events } = simulate(model, injected(model, 1500, 600, 'kind: actuator-sabotage\ntag: inlet-valve-position\nparams: { value: 80 }\nclass: attack'), 24);
    const f = judge(model, events)[0];
    assert.ok(f);
    assert.deepEqual(f.tags, ['inlet-valve-position']);
    assert.deepEqual(f.techniques, ['T0831']);
    assert.ok(f.at <= 600 + 240, `detected at ${f.at} s`);
  });

  it('ignores lost messages (telemetry denial of service)', async () => {
    const model = await water();
    assert.deepEqual(judge(model, simulate(model, scenarioFile(model, 'message-loss-dos'), 9).events).map((f) => f.message), []);
  });
});
