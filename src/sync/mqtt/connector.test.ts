import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { describe, it } from 'node:test';
import { MqttConnector, connectorName } from './connector.js';
import { startEmbeddedBroker } from './embedded-broker.js';
import { runId, testTags } from './test-plant.js';
import { RecordingSink } from '../../../test/helpers/recording-sink.js';

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  const addr = s.address();
  await new Promise<void>((r) => s.close(() => r()));
  return typeof addr === 'object' && addr ? addr.port : 0;
}

describe('MqttConnector', () => {
  it('names itself after host and port, never the credentials', () => {
    assert.equal(connectorName('mqtt://user:secret@broker.local:1884'), 'mqtt:broker.local:1884');
    assert.equal(connectorName('mqtts://broker.local'), 'mqtt:broker.local:8883');
    assert.equal(connectorName('mqtt://127.0.0.1'), 'mqtt:127.0.0.1:1883');
    assert.throws(() => connectorName('http://x'), { code: 'bad-url' });
    assert.throws(() => connectorName('mqtt://u:secret@'), (err: Error & { code?: string }) => err.code === 'bad-url' && !err.message.includes('secret'));
  });

  it('waits for a broker that is not there yet, reconnects with backoff after losing it, reports each state', async () => {
    const port = await freePort();
    const prefix = runId('reconnect');
    const sink = new RecordingSink();
    const connector = new MqttConnector({
      url: `mqtt://127.0.0.1:${port}`,
      clientId: `${prefix}-twin`,
      tags: testTags(prefix),
      sink,
      username: 'twin',
      password: 's3cret-pw',
      startTimeoutMs: 300,
      reconnect: { base: 50, max: 200 },
    });
    await connector.start();
    assert.equal(connector.state, 'reconnecting');
    let broker = await startEmbeddedBroker({ port });
    try {
      await sink.until(() => connector.state === 'connected', 'connected once the broker is up');
      await broker.close();
      await sink.until(() => connector.state === 'reconnecting', 'reconnecting after the broker went away');
      broker = await startEmbeddedBroker({ port });
      await sink.until(() => connector.state === 'connected', 'connected again');
      assert.ok(connector.counters().reconnects! >= 2);
      const states = sink.statuses.map((s) => s.state);
      assert.deepEqual(states.slice(0, 2), ['starting', 'reconnecting']);
      assert.ok(states.includes('connected'));
      assert.ok(sink.statuses.every((s) => s.connector === `mqtt:127.0.0.1:${port}`));
      assert.ok(!JSON.stringify(sink.statuses).includes('s3cret-pw'), 'the password is never in a status');
      const delays = sink.statuses.filter((s) => s.state === 'reconnecting').map((s) => Number(/retry in (\d+) ms/.exec(s.detail ?? '')?.[1]));
      assert.ok(delays.every((d) => d >= 40 && d <= 240), `backoff delays within [base, max] ± jitter: ${delays}`);
    } finally {
      await connector.stop();
      await broker.close();
    }
    assert.equal(sink.statuses.at(-1)?.state, 'stopped');
  });
});
