import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { connectorRate, rawBrokerRate } from './bench.js';
import { startEmbeddedBroker } from './embedded-broker.js';
import { SYSTEM_MOSQUITTO_URL } from './test-mosquitto.js';

describe('bench functions (small runs)', () => {
  it('measure raw broker and connector rates on aedes and Mosquitto', async (t) => {
    const broker = await startEmbeddedBroker();
    try {
      for (const url of [broker.url, SYSTEM_MOSQUITTO_URL]) {
        const raw = await rawBrokerRate({ url, messages: 3000, payloadBytes: 64 });
        const conn = await connectorRate({ url, messages: 3000 });
        t.diagnostic(`${url}: raw ${JSON.stringify(raw)} connector ${JSON.stringify(conn)}`);
        assert.equal(raw.qos1.received, 3000);
        assert.equal(conn.received, 3000);
        assert.ok(raw.qos0.perSecond > 0 && raw.qos1.perSecond > 0 && conn.perSecond > 0);
        assert.ok(conn.p50Ms >= 0 && conn.p99Ms >= conn.p50Ms);
      }
    } finally {
      await broker.close();
    }
  });
});
