import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { checkModel, formatProblem, memoryModelFiles } from './index.js';

const BASE = readFileSync(new URL('./testdata/base.yaml', import.meta.url), 'utf8');

/** Validates `text` as m.yaml and returns the formatted problem lines. */
async function problems(text: string, extra: Record<string, string> = {}): Promise<string[]> {
  const r = await checkModel('m.yaml', memoryModelFiles({ 'm.yaml': text, ...extra }));
  return r.problems.map(formatProblem);
}

/** Replaces exactly one occurrence of `from` in the base model. */
function edit(from: string, to: string): string {
  assert.equal(BASE.split(from).length, 2, `"${from}" must occur once in base.yaml`);
  return BASE.replace(from, to);
}

describe('model validator', () => {
  it('accepts the base model and applies defaults', async () => {
    const r = await checkModel('m.yaml', memoryModelFiles({ 'm.yaml': BASE }));
    assert.deepEqual(r.problems, []);
    assert.ok(r.loaded);
    assert.equal(r.loaded.model.assets[0]!.criticality, 'medium');
    assert.equal(r.loaded.model.process.controllers[0]!.scanCycleMs, 100);
    assert.match(r.loaded.hash, /^[0-9a-f]{64}$/);
  });

  const cases: [string, string, string, string[]][] = [
    ['unknown zone reference', '    zone: control\n    addresses: [{ ip: 10.0.1.10 }]', '    zone: contrl\n    addresses: [{ ip: 10.0.1.10 }]',
      ['m.yaml:35:11 assets[0].zone: unknown zone "contrl"; expected one of: control, supervisory']],
    ['duplicate asset id', '  - id: hmi-1\n', '  - id: plc-1\n',
      [
        'm.yaml:40:9 assets[1].id: duplicate asset id "plc-1"; first defined at m.yaml:31:5',
        'm.yaml:50:21 services[0].runsOn[1]: unknown asset "hmi-1"; expected one of: plc-1',
        'm.yaml:54:14 services[1].runsOn[0]: unknown asset "hmi-1"; expected one of: plc-1',
        'm.yaml:62:15 accounts[0].validOn[0]: unknown asset "hmi-1"; expected one of: plc-1',
        'm.yaml:67:10 trust[0].to[0]: unknown asset "hmi-1"; expected one of: plc-1',
        'm.yaml:94:20 process.tags[1].writableBy[0]: unknown asset "hmi-1"; expected one of: plc-1',
      ]],
    ['conduit to a zone that does not exist', 'zones: [supervisory, control]', 'zones: [supervisory, dmz]',
      ['m.yaml:27:26 conduits[0].zones[1]: unknown zone "dmz"; expected one of: control, supervisory']],
    ['initiator outside the conduit', 'initiator: supervisory }', 'initiator: control2 }',
      [`m.yaml:29:55 conduits[0].flows[0].initiator: initiator "control2" is not one of the conduit's zones; expected supervisory or control`]],
    ['negative tank area', 'area: 20,', 'area: -20,',
      ['m.yaml:73:63 process.units[2].area: area (m²) must be greater than 0; got -20']],
    ['initial level above the tank', 'initialLevel: 2.5', 'initialLevel: 7',
      ['m.yaml:73:92 process.units[2].initialLevel: initial level 7 m is above the tank height 5 m']],
    ['unknown process unit kind', 'kind: reservoir', 'kind: lake',
      ['m.yaml:71:39 process.units[0].kind: unknown kind "lake"; expected one of: tank, reservoir, pump, valve, pipe, dosing, filter, heat-exchanger, infusion-pump, patient']],
    ['unknown field', '    kind: hmi\n', '    kind: hmi\n    colour: red\n',
      ['m.yaml:43:5 assets[1].colour: unknown field "colour"; check its spelling or remove it']],
    ['limits out of order', 'limits: { low: 1, high: 4, highHigh: 4.5 }', 'limits: { low: 1, high: 4, highHigh: 3.5 }',
      ['m.yaml:83:44 process.tags[0].limits.highHigh: limit highHigh (3.5) must be above high (4)']],
    ['limit above the tank height', 'limits: { low: 1, high: 4, highHigh: 4.5 }', 'limits: { low: 1, high: 4, highHigh: 5.5 }',
      ['m.yaml:83:44 process.tags[0].limits.highHigh: limits.highHigh 5.5 m is above the height of tank "raw-tank" (5 m)']],
    ['invalid CVSS vector', '/C:H/I:H/A:H', '/C:H/I:H/A:Q',
      ['m.yaml:39:15 assets[0].vulnerabilities[0].cvss: invalid CVSS vector: A:Q is not allowed; A takes H, L, N']],
    ['bad IP address', 'ip: 10.0.2.10', 'ip: 10.0.2.300',
      ['m.yaml:45:23 assets[1].addresses[0].ip: expected an IPv4 or IPv6 address; got "10.0.2.300"']],
    ['duplicate IP address', 'ip: 10.0.2.10', 'ip: 10.0.1.10',
      ['m.yaml:45:23 assets[1].addresses[0].ip: address 10.0.1.10 is already used by asset "plc-1"']],
    ['controller drives a sensor', 'output: pump-run, onBelow', 'output: raw-level, onBelow',
      ['m.yaml:101:53 process.controllers[0].logic[0].output: tag "raw-level" is a sensor; a controller can only drive actuator or setpoint tags']],
    ['writable tag on a read-only register', '{ protocol: modbus, table: coil, address: 0, dataType: bool }', '{ protocol: modbus, table: discrete, address: 0, dataType: bool }',
      ['m.yaml:96:38 process.tags[1].bindings[0].table: an actuator must be writable; discrete registers are read-only, expected holding or coil']],
    ['service dependency cycle', '    runsOn: [plc-1, hmi-1]\n', '    runsOn: [plc-1, hmi-1]\n    dependsOn: [{ service: monitoring, kind: control }]\n',
      ['m.yaml:51:16 services[0].dependsOn: dependency cycle: water-supply -> monitoring -> water-supply']],
    ['node serves an unknown domain', 'node: { domain: utility }', 'node: { domain: city }',
      ['m.yaml:3:17 node.domain: unknown domain "city"; expected one of: utility, vendor']],
    ['missing required field', '    name: Operator HMI\n', '',
      ['m.yaml:40:5 assets[1].name: missing required field; expected string']],
    ['YAML syntax error', 'zones:\n', 'zones: [\n', 
      ['m.yaml:13:9 (model): syntax error: Nested mappings are not allowed in compact mappings']],
  ];

  for (const [name, from, to, expected] of cases) {
    it(`reports ${name}`, async () => {
      const got = await problems(edit(from, to));
      assert.deepEqual(got, expected);
    });
  }

  it('accepts a dependency cycle through an optional dependency', async () => {
    const got = await problems(edit('    runsOn: [plc-1, hmi-1]\n', '    runsOn: [plc-1, hmi-1]\n    dependsOn: [{ service: monitoring, kind: control, required: false }]\n'));
    assert.deepEqual(got, []);
  });

  it('reports a wrong type with what was expected', async () => {
    const got = await problems(edit('maxFlow: 120', 'maxFlow: fast'));
    assert.deepEqual(got, ['m.yaml:72:66 process.units[1].maxFlow: wrong type: expected number, got string "fast"']);
  });

  it('reports every problem of a model at once, in file order', async () => {
    const text = edit('    zone: control\n    addresses', '    zone: nowhere\n    addresses').replace('area: 20,', 'area: 0,').replace('node: { domain: utility }', 'node: { domain: city }');
    const got = await problems(text);
    assert.equal(got.length, 3);
    assert.deepEqual(got.map((l) => l.split(' ')[1]), ['node.domain:', 'assets[0].zone:', 'process.units[2].area:']);
  });

  it('reports a YAML syntax error with its position', async () => {
    const got = await problems('twinward: 1\nname: [unclosed\n');
    assert.equal(got.length, 1);
    assert.match(got[0]!, /^m\.yaml:\d+:\d+ \(model\): syntax error: /);
  });

  it('rejects a model that is not a mapping', async () => {
    assert.deepEqual(await problems('- just\n- a list\n'), ['m.yaml:1:1 (model): expected a mapping (key: value pairs) at the top of a model file']);
  });
});

describe('split models', () => {
  const head = 'twinward: 1\nname: Split\nnode: { domain: a }\ninclude: [parts/b.yaml, zones]\ndomains:\n  - { id: a, name: A }\n';
  const b = 'domains:\n  - { id: b, name: B }\nassets:\n  - { id: x, name: X, kind: server, domain: b, zone: z2 }\n';
  const z = 'zones:\n  - { id: z1, name: Z1, domain: a, kind: control, securityLevel: { target: 1 } }\n';

  it('merges included files and directories', async () => {
    const files = memoryModelFiles({ 'm/main.yaml': head, 'm/parts/b.yaml': b, 'm/zones/one.yaml': z.replace('z1', 'z2') });
    const r = await checkModel('m/main.yaml', files);
    assert.deepEqual(r.problems.map(formatProblem), []);
    assert.deepEqual(r.loaded?.model.domains.map((d) => d.id), ['a', 'b']);
    assert.deepEqual(r.loaded?.files, ['m/main.yaml', 'm/parts/b.yaml', 'm/zones/one.yaml']);
  });

  it('locates problems in the file that holds them', async () => {
    const files = memoryModelFiles({ 'm/main.yaml': head, 'm/parts/b.yaml': b, 'm/zones/one.yaml': z });
    const got = (await checkModel('m/main.yaml', files)).problems.map(formatProblem);
    assert.deepEqual(got, ['m/parts/b.yaml:4:54 assets[0].zone: unknown zone "z2"; expected one of: z1']);
  });

  it('loads a directory of model files', async () => {
    const files = memoryModelFiles({ 'd/00.yaml': head.replace('include: [parts/b.yaml, zones]\n', ''), 'd/10.yaml': b, 'd/20.yaml': z.replace('z1', 'z2') });
    const r = await checkModel('d', files);
    assert.deepEqual(r.problems, []);
    assert.equal(r.loaded?.model.assets.length, 1);
  });

  it('refuses a scalar set in two files', async () => {
    const files = memoryModelFiles({ 'd/00.yaml': head.replace('include: [parts/b.yaml, zones]\n', ''), 'd/10.yaml': 'name: Other\n' });
    const got = (await checkModel('d', files)).problems.map(formatProblem);
    assert.deepEqual(got, ['d/10.yaml:1:1 name: "name" is already set in d/00.yaml; only lists can be split across files']);
  });

  it('reports a missing include where it is named', async () => {
    const files = memoryModelFiles({ 'm/main.yaml': head, 'm/zones/one.yaml': z });
    const got = (await checkModel('m/main.yaml', files)).problems.map(formatProblem);
    assert.deepEqual(got, ['m/main.yaml:4:11 include[0]: cannot read m/parts/b.yaml: no such file or directory']);
  });

  it('reads a file included twice once', async () => {
    const files = memoryModelFiles({ 'm/main.yaml': head.replace('[parts/b.yaml, zones]', '[parts/b.yaml, parts/b.yaml, zones]'), 'm/parts/b.yaml': b, 'm/zones/one.yaml': z.replace('z1', 'z2') });
    const r = await checkModel('m/main.yaml', files);
    assert.deepEqual(r.problems, []);
  });

  it('checks detection groups and switches: references, at least two tags, vote within the members', async () => {
    const ok = `${BASE}detection:\n  groups:\n    - { id: intake, tags: [raw-level, pump-run], detectors: [pca, regression], period: 2 }\n  off:\n    - { detector: rate-of-change, tags: [raw-level] }\n`;
    const r = await checkModel('m.yaml', memoryModelFiles({ 'm.yaml': ok }));
    assert.deepEqual(r.problems, []);
    assert.deepEqual(r.loaded!.model.detection.groups[0]!.detectors, ['pca', 'regression']);
    const bad = `${BASE}detection:\n  groups:\n    - { id: a, tags: [raw-levl] }\n    - { id: b, tags: [raw-level] }\n    - { id: c, tags: [raw-level, pump-run], detectors: [pca], vote: 2 }\n    - { id: d, tags: [raw-level, pump-run], detectors: [lstm] }\n  off:\n    - { detector: physics, units: [nowhere] }\n`;
    const lines = await problems(bad);
    const has = (re: RegExp) => assert.ok(lines.some((l) => re.test(l)), `${re} in:\n${lines.join('\n')}`);
    has(/detection\.groups\[0\]\.tags\[0\]: unknown tag "raw-levl"/);
    has(/detection\.groups\[1\]: detection group "b" has 1 tag; learned detectors relate at least 2/);
    has(/detection\.groups\[2\]\.vote: vote 2 is more than the group's 1 detectors/);
    has(/detection\.groups\[3\]\.detectors\[0\]: unexpected value "lstm"; expected one of: pca, regression, autoencoder/);
    has(/detection\.off\[0\]\.units\[0\]: unknown process unit "nowhere"/);
  });
});
