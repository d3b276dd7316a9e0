import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { canonicalJson, canonicalJsonAsStored } from '../common/canonical-json.js';
import type { StoredEvent } from '../twin/events.js';
import { commitment, ledgerRecord, nothingPrivate, prepareEntry, recordBytes, recordLeaf } from './records.js';

const odd = [
  { value: 1.5, quality: 'good', nested: { z: [1, undefined, () => 1, NaN, -0, 1e21, 1e-7], a: 'é\u2028"\\', '\u00e9': 1, 'a\u0000': null } },
  { when: new Date('2026-01-01T00:00:00Z'), skip: undefined, inf: Infinity, big: 2 ** 60, neg: -123.456e-10 },
  { '': '', '10': 'ten', '2': 'two', b: [[], {}, [{}]], emoji: '😀', lone: '\ud800' },
  [],
  'text',
  42,
  null,
];

describe('ledger records', () => {
  it('canonicalJsonAsStored is the canonical JSON of what JSON.stringify keeps', () => {
    for (const v of odd) assert.equal(canonicalJsonAsStored(v), canonicalJson(JSON.parse(JSON.stringify(v))), JSON.stringify(v));
  });

  it('a prepared leaf equals the leaf recomputed from what the store gives back, public or private', () => {
    let seq = 0;
    for (const data of odd) {
      for (const time of ['2026-03-01T10:00:00.123Z', '2026-03-01T10:00:00Z', '2026-03-01T11:00:00.5+01:00']) {
        for (const isPrivate of [false, true]) {
          const e = { seq: ++seq, time, type: 'tag.reading', subject: seq % 2 ? 'tag-é' : null, data } as unknown as StoredEvent;
          const p = prepareEntry(e, isPrivate ? () => true : nothingPrivate);
          const back = { seq: e.seq, time: new Date(time).toISOString(), type: e.type, subject: e.subject };
          const stored = JSON.parse(p.private ? p.private.dataJson : p.dataJson);
          const expected = p.private ? recordLeaf(ledgerRecord(back, undefined, commitment(p.private.salt, stored))) : recordLeaf(ledgerRecord(back, stored));
          assert.deepEqual(Buffer.from(p.leaf), Buffer.from(expected), `${JSON.stringify(data)} at ${time}, private ${isPrivate}`);
          const record = p.private ? ledgerRecord(back, undefined, commitment(p.private.salt, stored)) : ledgerRecord(back, stored);
          assert.equal(recordBytes(record).toString('utf8'), canonicalJson(record), 'the record writer writes RFC 8785');
          if (p.private) assert.equal(p.dataJson, 'null', 'a private record keeps nothing in the public column');
        }
      }
    }
  });
});
