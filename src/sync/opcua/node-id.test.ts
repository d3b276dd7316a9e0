import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseNodeId } from './node-id.js';
import { qualityOf } from './quality.js';

describe('OPC UA NodeId strings', () => {
  it('parses the four identifier types, namespace 0 by default', () => {
    assert.deepEqual(parseNodeId('ns=2;s=Intake.Level'), { namespace: 2, type: 's', id: 'Intake.Level' });
    assert.deepEqual(parseNodeId('i=2258'), { namespace: 0, type: 'i', id: '2258' });
    assert.deepEqual(parseNodeId('ns=3;g=09087e75-8e5e-499b-954f-f2a9603db28a')?.type, 'g');
    assert.deepEqual(parseNodeId('ns=1;b=M/RbKBsRVkePCePcx24oRA==')?.id, 'M/RbKBsRVkePCePcx24oRA==');
    assert.deepEqual(parseNodeId('ns=2;s=a;b=c')?.id, 'a;b=c', 'string ids may contain ; and =');
  });

  it('refuses what is not a NodeId', () => {
    for (const bad of ['', 'Intake.Level', 'ns=x;s=a', 'ns=2;i=abc', 'ns=99999;s=a', 'ns=2;q=1']) assert.equal(parseNodeId(bad), undefined, bad);
  });
});

describe('StatusCode severity', () => {
  it('maps Good, Uncertain and Bad (OPC 10000-4 §7.39)', () => {
    assert.equal(qualityOf(0), 'good');
    assert.equal(qualityOf(0x00a90000), 'good'); // GoodLocalOverride... still good
    assert.equal(qualityOf(0x40920000), 'uncertain'); // UncertainSubNormal
    assert.equal(qualityOf(0x80340000), 'bad'); // BadNodeIdUnknown
    assert.equal(qualityOf(0xc0000000), 'bad');
  });
});
