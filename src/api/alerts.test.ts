import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { baseModel } from '../../test/helpers/models.js';
import { storeFixtures, type StoreFixture } from '../../test/helpers/stores.js';
import { loadTechniques } from '../cli/techniques.js';
import { attachDetection, detectionEngine } from '../detect/detection.js';
import { loadOrCreateIdentity } from '../identity/index.js';
import { makeEvent, TwinNode } from '../twin/index.js';
import { buildApp, type App } from './index.js';

interface Alert {
  id: string;
  seq: number;
  time: string;
  severity: string;
  detectors: string[];
  assets: string[];
  tags: string[];
  techniques: { id: string; name: string }[];
  evidence: Record<string, unknown>;
  cause: number;
  incident: string;
  message: string;
}

/** A node on a real store with detection attached, as `twinward serve` runs it, and its API in-process. */
async function open(fx: StoreFixture) {
  const node = await TwinNode.open({ model: await baseModel(), store: await fx.open(), version: 'test' });
  const detach = attachDetection(node, detectionEngine(node.twin.model, node.twin.tags, loadTechniques()));
  const app = await buildApp({ node, identity: loadOrCreateIdentity(fx.dataDir), version: 'test', startedAt: new Date().toISOString() });
  await app.ready();
  return {
    node,
    app,
    async close() {
      await app.close();
      detach();
      await node.close();
    },
  };
}

const T0 = '2026-03-01T10:00:00.000Z';
const at = (s: number) => new Date(Date.parse(T0) + s * 1000).toISOString();

for (const make of storeFixtures()) {
  const fx = make();
  describe(`alerts and incidents API on the ${fx.name} store`, () => {
    let run: Awaited<ReturnType<typeof open>>;
    let app: App;
    const get = async (url: string) => {
      const r = await app.inject({ method: 'GET', url });
      return { status: r.statusCode, body: r.json() };
    };
    const post = async (url: string, payload: object) => {
      const r = await app.inject({ method: 'POST', url, payload });
      assert.equal(r.statusCode, 200, r.body);
      // Detection judges committed events and appends its alerts; wait until they are durable too.
      await run.node.flush();
      return r.json();
    };
    const alerts = async (query = '') => (await get(`/api/alerts${query}`)).body.items as Alert[];

    before(async () => {
      run = await open(fx);
      app = run.app;
    });
    after(async () => {
      await run?.close();
      await fx.cleanup();
    });

    it('has none before detection finds anything', async () => {
      assert.deepEqual((await get('/api/alerts')).body, { items: [], next: null });
      assert.deepEqual((await get('/api/incidents')).body, { items: [], total: 0 });
    });

    it('serves the alerts detection raises on readings past a limit and on an unauthorized write, newest first', async () => {
      await post('/api/readings', { readings: [{ tag: 'raw-level', value: 2.5, time: at(0) }, { tag: 'raw-level', value: 4.2, time: at(1) }, { tag: 'raw-level', value: 4.7, time: at(2) }] });
      await post('/api/observations', {
        observations: [{ kind: 'command', time: at(3), protocol: 'modbus-tcp', operation: 'write', functionCode: 5, from: '10.0.9.9', to: 'plc-1', tag: 'pump-run', value: 1 }],
      });
      const items = await alerts();
      assert.deepEqual(items.map((a) => [a.severity, a.detectors[0]]), [['high', 'rule:command-semantics'], ['critical', 'rule:safety-limit'], ['medium', 'rule:safety-limit']]);
      assert.ok(items[0]!.seq > items[1]!.seq && items[1]!.seq > items[2]!.seq);
      const [write, trip, high] = items as [Alert, Alert, Alert];
      assert.deepEqual(write.techniques, [{ id: 'T0855', name: 'Unauthorized Command Message' }, { id: 'T0831', name: 'Manipulation of Control' }]);
      assert.deepEqual([write.assets, write.tags, write.time], [['plc-1'], ['pump-run'], at(3)]);
      assert.deepEqual([trip.evidence.value, trip.evidence.limit, trip.evidence.threshold], [4.7, 'highHigh', 4.5]);
      assert.equal(high.message, 'raw-level at 4.2 m is past its high limit 4 m');
      // The cause is the reading in the log that crossed the limit.
      const cause = (await get(`/api/events?after=${high.cause - 1}&limit=1`)).body.items[0];
      assert.deepEqual([cause.type, cause.subject, cause.data.value], ['tag.reading', 'raw-level', 4.2]);
      // One incident: the three alerts share plc-1 within minutes.
      assert.equal(new Set(items.map((a) => a.incident)).size, 1);
    });

    it('serves one alert by id, and a clear 404 for an unknown one', async () => {
      const [newest] = await alerts('?limit=1');
      const one = await get(`/api/alerts/${newest!.id}`);
      assert.equal(one.status, 200);
      assert.deepEqual(one.body, newest);
      const missing = await get('/api/alerts/alert-999999');
      assert.deepEqual([missing.status, missing.body], [404, { error: 'not-found', message: 'no alert "alert-999999"' }]);
    });

    it('filters by asset, tag, severity, technique, incident and time', async () => {
      // A second incident on the HMI, an hour later, straight into the log as detection would write it.
      await run.node.submit([
        makeEvent('alert.raised', at(3600), 'hmi-1', {
          id: 'alert-hmi', detectors: ['rule:network-policy'], severity: 'high', score: 1, message: 'RDP into the HMI', assets: ['hmi-1'], tags: [],
          techniques: [{ id: 'T0886', name: 'Remote Services' }], evidence: { protocol: 'rdp' }, cause: 1, incident: 'incident-hmi',
        }),
        makeEvent('incident.opened', at(3600), 'hmi-1', { id: 'incident-hmi', title: 'RDP into the HMI', assets: ['hmi-1'], firstAlert: 'alert-hmi' }),
      ]);
      const ids = async (q: string) => (await alerts(q)).map((a) => a.id);
      const all = await alerts();
      assert.equal(all.length, 4);
      assert.deepEqual(await ids('?asset=hmi-1'), ['alert-hmi']);
      assert.equal((await ids('?asset=plc-1')).length, 3);
      assert.equal((await ids('?tag=raw-level')).length, 2);
      assert.deepEqual((await alerts('?severity=critical')).map((a) => a.severity), ['critical']);
      assert.deepEqual((await alerts('?severity=medium,critical')).map((a) => a.severity), ['critical', 'medium']);
      assert.deepEqual((await alerts('?technique=T0855')).map((a) => a.tags[0]), ['pump-run']);
      assert.deepEqual(await ids('?technique=T0886'), ['alert-hmi']);
      assert.deepEqual(await ids(`?incident=${all[1]!.incident}`), all.slice(1).map((a) => a.id));
      assert.deepEqual(await ids(`?since=${encodeURIComponent(at(2))}`), ['alert-hmi', all[1]!.id, all[2]!.id]);
      assert.deepEqual(await ids(`?since=${at(2)}&until=${at(3600)}`), [all[1]!.id, all[2]!.id]);
      assert.deepEqual(await ids('?asset=ghost'), []);
    });

    it('pages newest first with before, and oldest first with after', async () => {
      const all = await alerts();
      const first = (await get('/api/alerts?limit=3')).body;
      assert.deepEqual(first.items.map((a: Alert) => a.id), all.slice(0, 3).map((a) => a.id));
      assert.deepEqual(first.next, { before: all[2]!.seq });
      const rest = (await get(`/api/alerts?limit=3&before=${first.next.before}`)).body;
      assert.deepEqual([rest.items.map((a: Alert) => a.id), rest.next], [[all[3]!.id], null]);
      const forward = (await get('/api/alerts?after=0&limit=2')).body;
      assert.deepEqual([forward.items.map((a: Alert) => a.id), forward.next], [[all[3]!.id, all[2]!.id], { after: all[2]!.seq }]);
    });

    it('lists incidents with their alert count, highest severity, assets, techniques and times; one with its alerts', async () => {
      const all = await alerts();
      const { body } = await get('/api/incidents');
      assert.equal(body.total, 2);
      const [hmi, plc] = body.items;
      assert.deepEqual(hmi, {
        id: 'incident-hmi', title: 'RDP into the HMI', seq: all[0]!.seq + 1, firstAlert: 'alert-hmi', lastAlert: 'alert-hmi', alerts: 1, severity: 'high',
        assets: ['hmi-1'], techniques: [{ id: 'T0886', name: 'Remote Services' }], firstTime: at(3600), lastTime: at(3600), lastSeq: all[0]!.seq,
      });
      assert.equal(plc.id, all[1]!.incident);
      assert.deepEqual([plc.alerts, plc.severity, plc.assets, plc.firstTime, plc.lastTime], [3, 'critical', ['plc-1'], at(1), at(3)]);
      assert.deepEqual([plc.firstAlert, plc.lastAlert], [all[3]!.id, all[1]!.id]);
      assert.deepEqual(plc.techniques.map((t: { id: string }) => t.id), ['T0855', 'T0831']);
      assert.match(plc.title, /raw-level at 4.2 m is past its high limit/);

      assert.deepEqual((await get('/api/incidents?severity=critical')).body.items.map((i: { id: string }) => i.id), [plc.id]);
      assert.deepEqual((await get('/api/incidents?asset=hmi-1&limit=1')).body, { items: [hmi], total: 1 });
      assert.deepEqual((await get(`/api/incidents?since=${at(60)}`)).body.items.map((i: { id: string }) => i.id), ['incident-hmi']);

      const one = await get(`/api/incidents/${plc.id}`);
      assert.equal(one.status, 200);
      assert.deepEqual(one.body.items.map((a: Alert) => a.id), all.slice(1).map((a) => a.id));
      assert.equal(one.body.alerts, 3);
      const missing = await get('/api/incidents/incident-0');
      assert.deepEqual([missing.status, missing.body], [404, { error: 'not-found', message: 'no incident "incident-0"' }]);
    });

    it('answers 400 naming each bad parameter', async () => {
      const bad = await get('/api/alerts?severity=high,urgent&technique=X123&limit=0&colour=red&since=yesterday');
      assert.equal(bad.status, 400);
      const msg = Object.fromEntries(bad.body.problems.map((p: { field: string; message: string }) => [p.field, p.message]));
      assert.deepEqual(Object.keys(msg).sort(), ['query.colour', 'query.limit', 'query.severity[1]', 'query.since', 'query.technique']);
      assert.match(msg['query.severity[1]'], /^unexpected value "urgent"; expected one of: low, medium, high, critical/);
      assert.equal(msg['query.technique'], 'expected an ATT&CK technique id like T0855 or T1078.001; got "X123"');
      const both = await get('/api/alerts?after=1&before=9');
      assert.deepEqual(both.body.problems, [{ field: 'query.before', message: 'use either after or before, not both' }]);
      const inc = await get('/api/incidents?severity=severe');
      assert.deepEqual([inc.status, inc.body.problems[0].field], [400, 'query.severity[0]']);
      assert.equal((await get(`/api/alerts/${'x'.repeat(65)}`)).status, 400);
    });

    it('streams a new alert over the WebSocket as an alert.raised event', async () => {
      let first!: Promise<{ kind: string; event: { type: string; data: Alert } }>;
      const ws = await app.injectWS('/api/stream?type=alert.raised', {}, {
        onInit: (socket) => (first = new Promise((resolve) => socket.once('message', (m) => resolve(JSON.parse(String(m)))))),
      });
      await post('/api/readings', { readings: [{ tag: 'raw-level', value: 2.5, time: at(7199) }, { tag: 'raw-level', value: 0.5, time: at(7200) }] });
      const msg = await first;
      ws.terminate();
      assert.equal(msg.event.type, 'alert.raised');
      assert.equal(msg.event.data.message, 'raw-level at 0.5 m is past its low limit 1 m');
      assert.deepEqual((await alerts('?limit=1'))[0]!.id, msg.event.data.id);
    });

    it('rebuilds the same alerts and incidents from the log after a restart', async () => {
      const before = { alerts: await alerts(), incidents: (await get('/api/incidents')).body };
      await run.close();
      run = await open(fx);
      app = run.app;
      assert.deepEqual(await alerts(), before.alerts);
      assert.deepEqual((await get('/api/incidents')).body, before.incidents);
    });

    it('documents the routes in the OpenAPI document', async () => {
      const { body } = await get('/api/openapi.json');
      for (const path of ['/api/alerts', '/api/alerts/{id}', '/api/incidents', '/api/incidents/{id}']) assert.ok(body.paths[path], path);
      const severity = body.paths['/api/alerts'].get.parameters.find((p: { name: string }) => p.name === 'severity');
      assert.match(severity.description, /low, medium, high, critical/);
      assert.ok(body.components.schemas.Alert && body.components.schemas.Incident);
    });
  });
}

describe('alerts about patient data, erased', () => {
  const fx = storeFixtures()[0]!();
  after(() => fx.cleanup());

  it('blank an erased alert while the node runs and after a restart', async () => {
    const { PHI_MODEL_TEXT } = await import('../../test/helpers/models.js');
    const model = await baseModel(PHI_MODEL_TEXT);
    const startApp = async (node: TwinNode) => {
      const app = await buildApp({ node, identity: loadOrCreateIdentity(fx.dataDir), version: 'test', startedAt: T0 });
      await app.ready();
      return app;
    };
    const alert = (id: string) =>
      makeEvent('alert.raised', T0, 'raw-level', {
        id, detectors: ['rule:limit'], severity: 'high', score: 1, message: 'heart rate 182 bpm for bed 3', assets: ['monitor-1'], tags: ['raw-level'],
        techniques: [], evidence: { observed: 182 }, cause: 1, incident: 'incident-x',
      });
    let node = await TwinNode.open({ model, store: await fx.open(), version: 'test' });
    let app = await startApp(node);
    const [a1, a2] = await node.submit([alert('alert-a'), alert('alert-b')]);
    const list = async () => (await app.inject({ url: '/api/alerts?limit=10' })).json() as { items: Alert[] };
    assert.equal((await list()).items.length, 2, 'the index holds both');
    await node.erase([a1!.seq], 'retention: 30 days');
    const live = (await list()).items.find((a) => a.seq === a1!.seq)!;
    assert.equal(live.message, 'private record, erased');
    assert.deepEqual(live.evidence, {});
    assert.equal((await list()).items.find((a) => a.seq === a2!.seq)!.message, 'heart rate 182 bpm for bed 3');
    await app.close();
    await node.close();

    node = await TwinNode.open({ model, store: await fx.open(), version: 'test' });
    app = await startApp(node);
    const again = (await list()).items.find((a) => a.seq === a1!.seq)!;
    assert.equal(again.message, 'private record, erased');
    assert.equal(again.id, `alert-seq-${a1!.seq}`, 'its id was in the erased data');
    assert.deepEqual(again.evidence, {});
    await app.close();
    await node.close();
  });
});
