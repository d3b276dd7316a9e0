import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DeliveryQueue } from './delivery-queue.js';
import { RecordingSink } from '../../../test/helpers/recording-sink.js';
import { RateLimiter } from './rate-limit.js';

const r = (tag: string) => ({ tag, value: 1, source: 't' });

describe('DeliveryQueue', () => {
  it('batches consecutive deliveries, runs status calls in order, completes in order after the sink resolved', async () => {
    const sink = new RecordingSink();
    const done: string[] = [];
    const q = new DeliveryQueue(sink, { maxBatch: 3 });
    const push = (name: string, tags: string[], before?: () => void) =>
      q.push({ readings: tags.map(r), ...(before ? { before } : {}), done: () => done.push(`${name}@${sink.readingsSeen.length}`) });
    push('a', ['a1']);
    push('b', ['b1', 'b2']);
    push('c', ['c1', 'c2']); // over maxBatch: next batch
    push('d', [], () => sink.deviceStatus('x', false, 'death'));
    push('e', ['e1']);
    await q.drained();
    assert.deepEqual(sink.batches, [3, 2, 1]);
    assert.deepEqual(sink.log, ['reading:a1', 'reading:b1', 'reading:b2', 'reading:c1', 'reading:c2', 'device:x:offline', 'reading:e1']);
    assert.deepEqual(done, ['a@3', 'b@3', 'c@5', 'd@6', 'e@6']);
    assert.equal(q.pending, 0);
  });

  it('retries a rejecting sink without running status calls twice; close() stops and never completes', async () => {
    const sink = new RecordingSink();
    let fail = 2;
    sink.gate = async () => {
      if (fail-- > 0) throw new Error('busy');
    };
    const errors: number[] = [];
    const q = new DeliveryQueue(sink, { onError: (_e, a) => errors.push(a), retryDelay: () => 1 });
    let statuses = 0;
    let completed = 0;
    q.push({ readings: [r('a')], before: () => statuses++, done: () => completed++ });
    await q.drained();
    assert.deepEqual([errors, statuses, completed, sink.readingsSeen.length], [[0, 1], 1, 1, 1]);

    sink.gate = () => Promise.reject(new Error('down'));
    const q2 = new DeliveryQueue(sink, { retryDelay: () => 10_000 });
    q2.push({ readings: [r('b')], done: () => completed++ });
    await new Promise((res) => setTimeout(res, 20));
    q2.close();
    await q2.drained();
    assert.equal(completed, 1);
  });
});

describe('RateLimiter', () => {
  it('lets a key through once per interval', () => {
    let t = 0;
    const l = new RateLimiter(60_000, 10, () => t);
    assert.deepEqual([l.allow('a'), l.allow('a'), l.allow('b')], [true, false, true]);
    t = 60_000;
    assert.equal(l.allow('a'), true);
  });
});
