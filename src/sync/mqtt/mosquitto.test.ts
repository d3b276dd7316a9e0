import { describe, it } from 'node:test';
import { runEndToEnd } from './test-scenario.js';
import { SYSTEM_MOSQUITTO_URL } from './test-mosquitto.js';

describe('system Mosquitto (127.0.0.1:1883)', () => {
  it('end to end: publisher -> Mosquitto -> connector, JSON and Sparkplug B, writes, Will NDEATH', async () => {
    await runEndToEnd({ url: SYSTEM_MOSQUITTO_URL });
  });
});
