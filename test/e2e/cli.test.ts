import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { runCli } from '../helpers/cli.js';

describe('twinward validate', () => {
  for (const example of ['examples/water-treatment/model.yaml', 'examples/hospital-icu/model.yaml', 'examples/service-chain']) {
    it(`accepts ${example}`, () => {
      const r = runCli(['validate', example]);
      assert.equal(r.code, 0, r.stdout + r.stderr);
      assert.equal(r.stdout, '');
      assert.match(r.stderr, /: valid \(\d+ files?; /);
    });
  }

  it('prints every problem as file:line:col path: message and exits 1', () => {
    const r = runCli(['validate', 'test/e2e/fixtures/bad-model.yaml']);
    assert.equal(r.code, 1);
    assert.deepEqual(r.stdout.trim().split('\n'), [
      'test/e2e/fixtures/bad-model.yaml:3:17 node.domain: unknown domain "water"; expected one of: utility',
      'test/e2e/fixtures/bad-model.yaml:6:5 zones[0].securityLevel: missing required field; expected object',
      'test/e2e/fixtures/bad-model.yaml:7:5 zones[0].sl: unknown field "sl"; check its spelling or remove it',
      'test/e2e/fixtures/bad-model.yaml:12:32 conduits[0].zones[1]: unknown zone "dmz"; expected one of: control',
      'test/e2e/fixtures/bad-model.yaml:12:76 conduits[0].flows[0].port: value 70000 out of range; expected <= 65535',
      'test/e2e/fixtures/bad-model.yaml:14:72 assets[0].kind: unexpected value "computer"; expected one of: plc, rtu, safety-controller, hmi, scada-server, historian, engineering-workstation, server, workstation, network-device, firewall, data-diode, jump-host, vpn-gateway, sensor, actuator, drive, medical-device, infusion-pump, patient-monitor, integration-engine, database, cloud-service, iot-gateway, other',
    ]);
    assert.equal(r.stderr.trim(), 'test/e2e/fixtures/bad-model.yaml: 6 problems');
    assert.doesNotMatch(r.stdout + r.stderr, /\n\s+at /, 'no stack trace');
  });

  it('says clearly when the file does not exist', () => {
    const r = runCli(['validate', 'no/such/model.yaml']);
    assert.equal(r.code, 1);
    assert.equal(r.stdout.trim(), 'no/such/model.yaml:1:1 (model): cannot read no/such/model.yaml: no such file or directory');
  });

  it('answers a usage error with exit 2', () => {
    assert.equal(runCli(['validate']).code, 2);
    assert.equal(runCli(['frobnicate']).code, 2);
  });
});

describe('twinward schema', () => {
  it('prints the JSON Schema generated from the validating schema', () => {
    const r = runCli(['schema']);
    assert.equal(r.code, 0);
    const schema = JSON.parse(r.stdout);
    assert.equal(schema.$schema, 'https://json-schema.org/draft/2020-12/schema');
    assert.deepEqual(schema.required.sort(), ['domains', 'name', 'node', 'twinward']);
    assert.ok(schema.properties.assets.items.properties.kind.enum.includes('plc'));
    const unitKinds = schema.properties.process.properties.units.items.oneOf ?? schema.properties.process.properties.units.items.anyOf;
    assert.equal(unitKinds.length, 10, 'one variant per process unit kind');
    assert.equal(schema.properties.assets.items.additionalProperties, false, 'typos are flagged in editors too');
  });
});

describe('package', () => {
  it('README starts with what Twinward is, then the two commands', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    assert.match(readme.split('\n').slice(0, 6).join('\n'), /digital twin/);
    assert.ok(readme.indexOf('npm install && npm start') < readme.indexOf('npm install && npm test'));
  });
});
