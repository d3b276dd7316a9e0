import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { apiFixture, type ApiFixture } from '../../test/helpers/api.js';

let fx: ApiFixture;
const get = async (url: string) => {
  const r = await fx.app.inject({ method: 'GET', url });
  return { status: r.statusCode, body: r.json() };
};
const post = async (url: string, payload: unknown) => {
  const r = await fx.app.inject({ method: 'POST', url, payload: payload as object });
  return { status: r.statusCode, body: r.json() };
};

describe('HTTP API', () => {
  before(async () => {
    fx = await apiFixture();
  });
  after(() => fx.close());

  it('serves the node and its public key, never the private key', async () => {
    const { status, body } = await get('/api/node');
    assert.equal(status, 200);
    assert.equal(body.domain, 'utility');
    assert.equal(body.identity.publicKey, fx.identity.public.publicKey);
    assert.match(body.identity.publicKeyPem, /BEGIN PUBLIC KEY/);
    assert.equal(JSON.stringify(body).includes('PRIVATE'), false);
    assert.equal(body.store.kind, 'embedded');
  });

  it('serves the model and its collections', async () => {
    const model = await get('/api/model');
    assert.equal(model.body.model.name, 'Test plant');
    assert.equal(model.body.hash, fx.node.twin.model.hash);
    const zones = await get('/api/zones');
    assert.deepEqual(zones.body.items.map((z: { id: string; assets: string[] }) => [z.id, z.assets]), [['control', ['plc-1']], ['supervisory', ['hmi-1']]]);
    const conduits = await get('/api/conduits?zone=control');
    assert.equal(conduits.body.items[0].flows[0].protocol, 'modbus-tcp');
    const services = await get('/api/services');
    assert.deepEqual(services.body.items.find((s: { id: string }) => s.id === 'water-supply').dependents, ['monitoring']);
    const assets = await get('/api/assets?zone=control');
    assert.deepEqual(assets.body.items.map((a: { id: string }) => a.id), ['plc-1']);
    assert.deepEqual(assets.body.items[0].services, ['water-supply']);
    assert.equal((await get('/api/assets/hmi-1')).body.kind, 'hmi');
  });

  it('takes readings and shows them as current tag values and events', async () => {
    const pushed = await post('/api/readings', { readings: [{ tag: 'raw-level', value: 2.75, time: '2026-03-01T10:00:00Z' }, { tag: 'nope', value: 1 }] });
    assert.equal(pushed.status, 200);
    assert.deepEqual(pushed.body.rejected, [{ index: 1, tag: 'nope', reason: 'unknown-tag' }]);
    const tag = await get('/api/tags/raw-level');
    assert.deepEqual(tag.body.current, { value: 2.75, time: '2026-03-01T10:00:00.000Z', quality: 'good', source: 'http:127.0.0.1' });
    const asset = await get('/api/assets/plc-1');
    assert.equal(asset.body.state.status, 'online');
    const events = await get('/api/events?type=tag.reading,asset.status&limit=10');
    assert.deepEqual(events.body.items.map((e: { type: string }) => e.type), ['asset.status', 'tag.reading']);
  });

  it('pages through events in both directions', async () => {
    await post('/api/readings', { readings: Array.from({ length: 30 }, (_, i) => ({ tag: 'raw-level', value: i / 10 })) });
    const first = await get('/api/events?after=0&limit=10');
    assert.deepEqual(first.body.items.map((e: { seq: number }) => e.seq), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    assert.deepEqual(first.body.next, { after: 10 });
    const newest = await get('/api/events?limit=5');
    const top = fx.node.committed;
    assert.deepEqual(newest.body.items.map((e: { seq: number }) => e.seq), [top, top - 1, top - 2, top - 3, top - 4]);
    const older = await get(`/api/events?before=${newest.body.next.before}&limit=5`);
    assert.equal(older.body.items[0].seq, top - 5);
    const bySubject = await get('/api/events?subject=raw-level&limit=1000');
    assert.ok(bySubject.body.items.every((e: { subject: string }) => e.subject === 'raw-level'));
    assert.equal(bySubject.body.next, null);
  });

  it('answers 400 naming each bad field', async () => {
    const bad = await get('/api/events?limit=5000&after=-1&type=tag.reading,bogus&colour=red');
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error, 'bad-request');
    const fields = bad.body.problems.map((p: { field: string }) => p.field).sort();
    assert.deepEqual(fields, ['query.after', 'query.colour', 'query.limit', 'query.type[1]']);
    const msg = Object.fromEntries(bad.body.problems.map((p: { field: string; message: string }) => [p.field, p.message]));
    assert.equal(msg['query.limit'], 'value "5000" out of range; expected <= 1000');
    assert.match(msg['query.type[1]'], /^unexpected value "bogus"; expected one of: node.started, /);
    assert.equal(msg['query.colour'], 'unknown field "colour"; check its spelling or remove it');

    const both = await get('/api/events?after=1&before=5');
    assert.deepEqual(both.body.problems, [{ field: 'query.before', message: 'use either after or before, not both' }]);
    const time = await get('/api/events?since=yesterday');
    assert.equal(time.body.problems[0].field, 'query.since');
  });

  it('answers 400 for bad bodies, with the path of each problem', async () => {
    const r = await post('/api/readings', { readings: [{ tag: 'raw-level', value: 'high' }, { value: 1 }] });
    assert.equal(r.status, 400);
    assert.deepEqual(r.body.problems.map((p: { field: string }) => p.field).sort(), ['body.readings[0].value', 'body.readings[1].tag']);
    const raw = await fx.app.inject({ method: 'POST', url: '/api/readings', headers: { 'content-type': 'application/json' }, payload: '{"readings": [' });
    assert.equal(raw.statusCode, 400);
    assert.equal(raw.json().error, 'bad-request');
    const empty = await post('/api/readings', { readings: [] });
    assert.equal(empty.body.problems[0].field, 'body.readings');
  });

  it('answers 404 for unknown things', async () => {
    const a = await get('/api/assets/ghost');
    assert.deepEqual([a.status, a.body], [404, { error: 'not-found', message: 'no asset "ghost"' }]);
    assert.equal((await get('/api/tags/ghost')).status, 404);
    assert.equal((await get('/api/nothing-here')).status, 404);
  });

  it('serves an OpenAPI document generated from the route schemas', async () => {
    const { status, body } = await get('/api/openapi.json');
    assert.equal(status, 200);
    assert.equal(body.openapi, '3.1.0');
    for (const path of ['/api/model', '/api/assets', '/api/zones', '/api/conduits', '/api/services', '/api/tags', '/api/events', '/api/readings', '/api/node']) {
      assert.ok(body.paths[path], `OpenAPI documents ${path}`);
    }
    const limit = body.paths['/api/events'].get.parameters.find((p: { name: string }) => p.name === 'limit');
    assert.equal(limit.schema.maximum, 1000);
  });

  it('streams committed events over WebSocket, resuming after a seq', async () => {
    const from = fx.node.committed;
    const got: number[] = [];
    let resolve!: () => void;
    const done = new Promise<void>((r) => (resolve = r));
    // Listen before the socket opens: the backlog is sent as soon as it does.
    const ws = await fx.app.injectWS(`/api/stream?after=${from - 2}`, {}, {
      onInit: (socket) =>
        socket.on('message', (m) => {
          const msg = JSON.parse(String(m));
          got.push(msg.kind === 'event' ? msg.event.seq : -1);
          if (got.length === 4) resolve();
        }),
    });
    await new Promise((r) => setTimeout(r, 50));
    await post('/api/readings', { readings: [{ tag: 'raw-level', value: 1 }, { tag: 'raw-level', value: 2 }] });
    await done;
    ws.terminate();
    assert.deepEqual(got, [from - 1, from, from + 1, from + 2]);
  });

  it('filters the stream by type', async () => {
    let first!: Promise<{ event: { type: string } }>;
    const ws = await fx.app.injectWS('/api/stream?type=reading.rejected', {}, {
      onInit: (socket) => (first = new Promise((resolve) => socket.once('message', (m) => resolve(JSON.parse(String(m)))))),
    });
    await post('/api/readings', { readings: [{ tag: 'raw-level', value: 1 }, { tag: 'ghost', value: 2 }] });
    assert.equal((await first).event.type, 'reading.rejected');
    ws.terminate();
  });
});

describe('HTTP API: observations and connectors', () => {
  before(async () => {
    fx = await apiFixture();
  });
  after(() => fx.close());

  it('judges pushed flows and commands against the model and answers with the drift', async () => {
    const r = await post('/api/observations', {
      observations: [
        { kind: 'flow', src: '10.0.2.10', dst: '10.0.1.10', dstPort: 502, transport: 'tcp' },
        { kind: 'flow', src: '10.0.2.10', dst: '10.0.1.10', dstPort: 3389, protocol: 'rdp' },
        { kind: 'command', protocol: 'modbus-tcp', operation: 'write', functionCode: 5, from: '10.0.1.10', to: 'plc-1', tag: 'pump-run', value: 1 },
      ],
    });
    assert.equal(r.status, 200);
    assert.deepEqual(r.body.drift.map((d: { kind: string }) => d.kind), ['flow-not-allowed', 'unauthorized-write']);
    const drift = await get('/api/events?type=drift.detected');
    assert.equal(drift.body.items.length, 2);
    const flows = await get('/api/events?type=observation.flow&subject=plc-1');
    assert.deepEqual(flows.body.items.map((e: { data: { allowed: boolean } }) => e.data.allowed), [false, true]);
  });

  it('answers 400 for a malformed observation', async () => {
    const r = await post('/api/observations', { observations: [{ kind: 'flow', src: '10.0.2.10' }, { kind: 'telepathy' }] });
    assert.equal(r.status, 400);
    assert.deepEqual(r.body.problems.map((p: { field: string }) => p.field), ['body.observations[0].dst', 'body.observations[1].kind']);
  });

  it('lists connectors with their recorded state', async () => {
    await fx.node.submit(fx.node.twin.decideConnectorStatus('mqtt:test', 'connected', 'subscribed', new Date()));
    const r = await get('/api/connectors');
    assert.deepEqual(r.body.items.map((c: { name: string; state: string }) => [c.name, c.state]), [['mqtt:test', 'connected']]);
  });
});
