import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatProblem } from '../../model/index.js';
import { ProcessError } from '../errors.js';
import { plantModel, tankLoop } from '../testdata/models.js';
import { loadScenario, parseScenario } from './parse.js';

const model = await plantModel(tankLoop());

function problems(text: string): string[] {
  return parseScenario('s.yaml', text, model).problems.map(formatProblem);
}

const HEAD = 'scenario: 1\nname: Test\nduration: 600\ninjections:\n';

test('a valid scenario parses into typed injections with defaults', () => {
  const { scenario, problems: p } = parseScenario(
    's.yaml',
    HEAD +
      `  - { id: a, kind: sensor-freeze, tag: level, start: 10, class: attack, technique: T0856 }
  - { id: b, kind: unauthorized-write, tag: fill-run, start: 20, end: 30, params: { value: 1, host: 10.9.9.9 }, class: attack, technique: [T0855, T0831] }
  - { id: c, kind: leak, unit: tank, start: 0, params: { rate: 2 }, class: fault }
  - { id: d, kind: message-loss, asset: plc-1, start: 5, params: { probability: 0.5 }, class: attack }
`,
    model,
  );
  assert.deepEqual(p, []);
  assert.equal(scenario!.injections.length, 4);
  const b = scenario!.injections[1]!;
  assert.equal(b.kind === 'unauthorized-write' && b.params.protocol, 'modbus-tcp');
  assert.deepEqual(scenario!.injections[0]!.kind === 'sensor-freeze' && scenario!.injections[0]!.params, {});
});

test('schema problems point at the line and column of the offending value', () => {
  assert.deepEqual(problems(HEAD + '  - { id: a, kind: sensor-melt, tag: level, start: 1, params: {}, class: attack }\n'), [
    's.yaml:5:20 injections[0].kind: unknown kind "sensor-melt"; expected one of: sensor-bias, sensor-freeze, sensor-replay, sensor-noise, setpoint-change, unauthorized-write, actuator-sabotage, message-loss, leak, pump-wear',
  ]);
  assert.deepEqual(problems(HEAD + '  - id: a\n    kind: leak\n    unit: tank\n    start: -5\n    params: { rate: 1, size: 3 }\n    class: accident\n'), [
    's.yaml:8:12 injections[0].start: start cannot be negative; got -5',
    's.yaml:9:24 injections[0].params.size: unknown field "size"; check its spelling or remove it',
    's.yaml:10:12 injections[0].class: unexpected value "accident"; expected one of: attack, fault',
  ]);
  assert.deepEqual(problems('scenario: 2\nname: x\nduration: 1\n'), ['s.yaml:1:11 scenario: unexpected value 2; expected 1']);
  assert.deepEqual(problems('scenario: 1\nname: [unclosed\n'), [problems('scenario: 1\nname: [unclosed\n')[0]!]);
  assert.match(problems('scenario: 1\nname: [unclosed\n')[0]!, /^s\.yaml:\d+:\d+ \(model\): syntax error/);
});

test('references and windows are checked against the model, positioned', () => {
  const p = problems(
    HEAD +
      `  - { id: a, kind: sensor-bias, tag: levl, start: 10, params: { offset: 1 }, class: attack }
  - { id: b, kind: leak, unit: fill, start: 10, params: { rate: 1 }, class: fault }
  - { id: c, kind: unauthorized-write, tag: level, start: 10, params: { value: 1, host: x }, class: attack }
  - { id: d, kind: setpoint-change, tag: fill-run, start: 10, end: 5, params: { value: 7 }, class: attack }
  - { id: a, kind: sensor-replay, tag: level, start: 100, params: { from: 50, length: 60 }, class: attack }
  - { id: f, kind: pump-wear, unit: drain, start: 700, params: {}, class: fault }
  - { id: g, kind: message-loss, start: 1, params: { probability: 0.1 }, class: attack }
  - { id: h, kind: leak, unit: tank, tag: level, start: 1, params: { rate: 1 }, class: fault }
`,
  );
  assert.deepEqual(p, [
    's.yaml:5:38 injections[0].tag: unknown tag "levl"',
    's.yaml:6:32 injections[1].unit: unit "fill" is a pump; a leak injection needs a tank or pipe',
    's.yaml:7:45 injections[2].tag: tag "level" is a sensor; an unauthorized-write injection needs an actuator or setpoint tag',
    's.yaml:8:68 injections[3].end: end (5 s) must be after start (10 s)',
    's.yaml:8:88 injections[3].params.value: value 7 bool is outside the range of tag "fill-run" [0, 1]',
    's.yaml:9:11 injections[4].id: duplicate injection id "a" (also injections[0])',
    's.yaml:9:75 injections[4].params.from: the replayed window [50, 110) s must end by the injection start (100 s)',
    's.yaml:10:51 injections[5].start: starts at 700 s, when the scenario has ended (duration 600 s)',
    's.yaml:10:64 injections[5].params: pump-wear needs exactly one of "efficiency" (0-1) or "rate" (loss per hour)',
    's.yaml:11:5 injections[6]: a message-loss injection needs exactly one of "tag" or "asset"',
    's.yaml:12:38 injections[7].tag: a leak injection does not use "tag"; it targets a process unit',
  ]);
});

test('loadScenario throws a ProcessError with every problem', () => {
  assert.throws(
    () => loadScenario('s.json', '{"scenario": 1, "name": "x", "duration": 0}'),
    (err: unknown) => err instanceof ProcessError && err.code === 'invalid-scenario' && err.problems.length === 1 && /duration/.test(err.message),
  );
});
