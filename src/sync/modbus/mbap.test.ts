import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { encodeFrame, FrameReader } from './mbap.js';

describe('MBAP framing', () => {
  it('splits a stream into frames, across chunk boundaries', () => {
    const a = encodeFrame(1, 1, Buffer.from([3, 0, 0, 0, 2]));
    const b = encodeFrame(2, 7, Buffer.from([5, 0, 1, 0xff, 0]));
    const stream = Buffer.concat([a, b]);
    const r = new FrameReader();
    assert.deepEqual(r.push(stream.subarray(0, 5)).frames, []);
    const { frames, error } = r.push(stream.subarray(5, 15));
    assert.equal(error, undefined);
    assert.equal(frames.length, 1);
    assert.deepEqual(frames[0], { transactionId: 1, unitId: 1, pdu: Buffer.from([3, 0, 0, 0, 2]) });
    const rest = r.push(stream.subarray(15));
    assert.deepEqual(rest.frames.map((f) => [f.transactionId, f.unitId, f.pdu[0]]), [[2, 7, 5]]);
  });

  it('flags a stream that is not Modbus TCP', () => {
    assert.match(new FrameReader().push(Buffer.from('GET / HTTP/1.1\r\n\r\n')).error ?? '', /protocol id/);
    const tooLong = Buffer.from([0, 1, 0, 0, 0x01, 0x00, 1, 3]);
    assert.match(new FrameReader().push(tooLong).error ?? '', /length 256/);
    const empty = Buffer.from([0, 1, 0, 0, 0, 1, 1]);
    assert.match(new FrameReader().push(empty).error ?? '', /length 1/);
  });
});
