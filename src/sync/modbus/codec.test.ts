import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { decodeRegisters, encodeBit, encodeRegisters, registerWidth, shortestFloat32, type ModbusDataType } from './codec.js';

const roundTrip = (value: number, dataType: ModbusDataType, scale = 1, wordOrder: 'big' | 'little' = 'big') => {
  const enc = encodeRegisters(value, dataType, scale, { wordOrder });
  return { enc, dec: decodeRegisters(enc.words, dataType, scale, { wordOrder }) };
};

describe('modbus codec', () => {
  it('round-trips every data type, both word orders', () => {
    const cases: [ModbusDataType, number, number][] = [
      ['bool', 1, 1], ['bool', 0, 1],
      ['uint16', 0, 1], ['uint16', 65535, 1], ['uint16', 42.5, 0.1], ['uint16', 4.567, 0.001],
      ['int16', -1, 1], ['int16', -32768, 1], ['int16', 32767, 1], ['int16', -3.21, 0.01],
      ['uint32', 0, 1], ['uint32', 4294967295, 1], ['uint32', 123456.7, 0.1],
      ['int32', -1, 1], ['int32', -2147483648, 1], ['int32', 2147483647, 1], ['int32', -98765.4, 0.1],
      ['float32', 312.7, 1], ['float32', -0.5, 1], ['float32', 0, 1], ['float32', 1.5e-40, 1], ['float32', 12.5, 10],
    ];
    for (const order of ['big', 'little'] as const) {
      for (const [type, value, scale] of cases) {
        const { enc, dec } = roundTrip(value, type, scale, order);
        assert.equal(enc.status, 'ok', `${type} ${value}`);
        assert.equal(enc.words.length, registerWidth(type));
        assert.ok(enc.words.every((w) => Number.isInteger(w) && w >= 0 && w <= 0xffff));
        assert.equal(dec.quality, 'good');
        const expected = type === 'float32' ? shortestFloat32(Math.fround(value / scale)) * scale : value;
        assert.ok(Math.abs(dec.value - expected) < 1e-9, `${type} ${value} ${order}: ${dec.value}`);
      }
    }
  });

  it('puts the high word first by default and swaps words on request', () => {
    assert.deepEqual(encodeRegisters(0x12345678, 'uint32').words, [0x1234, 0x5678]);
    assert.deepEqual(encodeRegisters(0x12345678, 'uint32', 1, { wordOrder: 'little' }).words, [0x5678, 0x1234]);
    assert.deepEqual(encodeRegisters(-2, 'int32').words, [0xffff, 0xfffe]);
    assert.deepEqual(encodeRegisters(-2, 'int16').words, [0xfffe]);
    assert.deepEqual(encodeRegisters(1, 'float32').words, [0x3f80, 0x0000]);
    assert.equal(decodeRegisters([0x0000, 0x3f80], 'float32', 1, { wordOrder: 'little' }).value, 1);
  });

  it('clamps values that do not fit and flags them', () => {
    assert.deepEqual(encodeRegisters(70000, 'uint16'), { words: [65535], status: 'clamped' });
    assert.deepEqual(encodeRegisters(-5, 'uint16'), { words: [0], status: 'clamped' });
    assert.deepEqual(encodeRegisters(-40000, 'int16'), { words: [0x8000], status: 'clamped' });
    assert.deepEqual(encodeRegisters(1e10, 'int32'), { words: [0x7fff, 0xffff], status: 'clamped' });
    assert.equal(encodeRegisters(1e39, 'float32').status, 'clamped');
    assert.equal(decodeRegisters(encodeRegisters(1e39, 'float32').words, 'float32').value, 3.4028235e38);
    assert.deepEqual(encodeRegisters(Number.NaN, 'int32'), { words: [0, 0], status: 'not-a-number' });
  });

  it('carries float32 specials as bad quality, not exceptions', () => {
    const nan = encodeRegisters(Number.NaN, 'float32');
    assert.equal(nan.status, 'not-a-number');
    assert.deepEqual(decodeRegisters(nan.words, 'float32').quality, 'bad');
    assert.ok(Number.isNaN(decodeRegisters(nan.words, 'float32').value));
    const inf = decodeRegisters(encodeRegisters(-Infinity, 'float32').words, 'float32');
    assert.deepEqual(inf, { value: -Infinity, quality: 'bad' });
    assert.ok(Object.is(decodeRegisters([0x8000, 0], 'float32').value, -0));
  });

  it('never throws on malformed registers', () => {
    assert.equal(decodeRegisters([1], 'float32').quality, 'bad');
    assert.equal(decodeRegisters([], 'uint16').quality, 'bad');
    assert.equal(decodeRegisters([70000], 'uint16').quality, 'bad');
    assert.equal(decodeRegisters([1.5], 'int16').quality, 'bad');
  });

  it('maps bits and bools', () => {
    assert.deepEqual(encodeBit(1), { bit: true, status: 'ok' });
    assert.deepEqual(encodeBit(0), { bit: false, status: 'ok' });
    assert.equal(encodeBit(Number.NaN).status, 'not-a-number');
    assert.deepEqual(encodeRegisters(5, 'bool').words, [1]);
    assert.equal(decodeRegisters([7], 'bool').value, 1);
    assert.equal(registerWidth('float32', 'coil'), 1);
  });
});
