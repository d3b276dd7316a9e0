import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import mqtt from 'mqtt';
import type { CommandObservation } from '../../twin/observations.js';
import { startEmbeddedBroker } from './embedded-broker.js';
import { encodeSparkplug } from './sparkplug-codec.js';
import { runEndToEnd } from './test-scenario.js';
import { runId, testTags } from './test-plant.js';

describe('embedded broker (aedes)', () => {
  it('binds port 0 to a free port and stops', async () => {
    const b = await startEmbeddedBroker();
    assert.ok(b.port > 0);
    assert.equal(b.url, `mqtt://127.0.0.1:${b.port}`);
    const c = await mqtt.connectAsync(b.url, { reconnectPeriod: 0 });
    await c.endAsync();
    await b.close();
  });

  it('reports client PUBLISHes on command topics with the writer, the tag and the value', async () => {
    const commands: { c: CommandObservation; address?: string }[] = [];
    const b = await startEmbeddedBroker({ tags: testTags('x'), onCommand: (c, w) => commands.push({ c, ...(w.address ? { address: w.address } : {}) }) });
    try {
      const c = await mqtt.connectAsync(b.url, { clientId: 'hmi-7', reconnectPeriod: 0 });
      await c.publishAsync('spBv1.0/g-x/DCMD/plc-x/pumps', Buffer.from(encodeSparkplug({ timestamp: 1, metrics: [{ name: 'Pump1/RunCmd', value: true }, { name: 'Nope', value: 3 }] })), { qos: 1 });
      await c.publishAsync('x/tank/flow-sp/set', '7', { qos: 1 });
      await c.publishAsync('x/tank/flow-sp', '{"value": 1}', { qos: 1 }); // data, not a command
      await c.publishAsync('spBv1.0/g-x/NCMD/plc-x', Buffer.from('not protobuf'), { qos: 1 });
      await c.endAsync();
      assert.equal(commands.length, 4);
      const [run, nope, sp, garbage] = commands;
      assert.deepEqual({ ...run!.c, time: undefined }, {
        kind: 'command', time: undefined, protocol: 'mqtt', operation: 'write', from: 'hmi-7', source: `mqtt-broker:127.0.0.1:${b.port}`,
        address: 'spBv1.0/g-x/DCMD/plc-x/pumps#Pump1/RunCmd', tag: 'pump-run', to: 'plc', value: true,
      });
      assert.equal(run!.address, '127.0.0.1');
      assert.equal(nope!.c.tag, undefined);
      assert.equal(nope!.c.to, 'plc');
      assert.deepEqual([sp!.c.tag, sp!.c.value, sp!.c.to], ['flow-sp', 7, 'monitor']);
      assert.deepEqual([garbage!.c.address, garbage!.c.value, garbage!.c.tag], ['spBv1.0/g-x/NCMD/plc-x', undefined, undefined]);
      assert.equal(b.lastWriter('x/tank/flow-sp/set'), 'hmi-7');
    } finally {
      await b.close();
    }
  });

  it('end to end: publisher -> aedes -> connector, JSON and Sparkplug B, writes, Will NDEATH', async () => {
    const prefix = runId('aedes');
    const commands: CommandObservation[] = [];
    const b = await startEmbeddedBroker({ tags: testTags(prefix), onCommand: (c) => commands.push(c) });
    try {
      await runEndToEnd({ url: b.url, lastWriter: b.lastWriter, commands }, prefix);
    } finally {
      await b.close();
    }
  });
});
