import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { TwinNode } from '../../src/twin/index.js';
import { openConsoleNode, type ConsoleNode } from '../helpers/console-node.js';

// Callbacks passed to page.waitForFunction run in the page, where the DOM is; this file is typed for Node.
/* eslint-disable @typescript-eslint/no-explicit-any */

describe('console: risk per owner of the service chain, and its trend as the network changes', () => {
  let node: TwinNode;
  let page: Page;
  let url: string;

  let c: ConsoleNode;
  before(async () => {
    c = await openConsoleNode('examples/service-chain', { prefix: 'tw-console-risk-', context: { risk: { delayMs: 50, assess: { runs: 400 } } } });
    ({ node, page, url } = c);
  });
  after(async () => {
    await c?.close();
  });

  const postures = async (): Promise<Record<string, number>> =>
    page.$$eval('[data-testid="risk-owner"]', (els) => Object.fromEntries(els.map((e) => [e.getAttribute('data-domain'), Number(e.getAttribute('data-posture'))])));

  it('shows each owner with a posture bar, and the hospital services failing through the utility', async () => {
    await page.goto(`${url}/`);
    await page.getByTestId('open-risk').click();
    const panel = page.getByTestId('risk-panel');
    await panel.getByTestId('risk-owner').first().waitFor();
    const p = await postures();
    assert.deepEqual(Object.keys(p).sort(), ['cirrus-historian', 'keystone-automation', 'lakeside-hospital', 'metro-water']);
    assert.ok(Object.values(p).every((x) => x >= 0 && x <= 100), JSON.stringify(p));
    assert.equal(p['cirrus-historian'], 100);
    assert.ok(p['lakeside-hospital']! < 100);
    const dialysis = panel.locator('[data-testid="risk-service"][data-service="dialysis"]');
    assert.equal(await dialysis.getAttribute('data-through-dependency'), 'yes');
    assert.match(await dialysis.innerText(), /dialysis\s+critical\s+lakeside-hospital\s+[\d.]+%\s*through dependency/i);
    const water = panel.locator('[data-testid="risk-service"][data-service="water-supply"]');
    assert.equal(await water.getAttribute('data-through-dependency'), 'no');
    assert.match(await panel.getByTestId('risk-source').innerText(), /^live: after model-loaded at [\d:.]+ · 400 runs, seed 1,\s+within 720 h/);
    assert.equal(await panel.getByTestId('risk-trend').getAttribute('data-points'), '4');
    assert.equal(await panel.getByTestId('risk-trend-series').count(), 4);
  });

  it('adds a point to the trend when a flow outside the conduits widens reachability, with lower postures', async () => {
    const before = await postures();
    // The hospital's estates workstation talking Modbus to the utility's distribution PLC: no conduit allows it.
    await node.observe([{ kind: 'flow', src: '10.130.0.55', dst: '10.110.10.12', dstPort: 502, protocol: 'modbus-tcp', transport: 'tcp', source: 'test' }]);
    const panel = page.getByTestId('risk-panel');
    await page.waitForFunction(() => (globalThis as any).document.querySelector('[data-testid="risk-trend"]')?.getAttribute('data-points') === '8', undefined, { timeout: 20_000 });
    await page.waitForFunction(() => /flows-observed/.test((globalThis as any).document.querySelector('[data-testid="risk-source"]')?.textContent ?? ''));
    assert.match(await panel.getByTestId('risk-source').innerText(), /1 flow\(s\) outside the conduits included/);
    const after = await postures();
    assert.ok(after['metro-water']! < before['metro-water']!, `${before['metro-water']} -> ${after['metro-water']}`);
    assert.ok(after['lakeside-hospital']! < before['lakeside-hospital']!, `${before['lakeside-hospital']} -> ${after['lakeside-hospital']}`);
    // Each series is a step line with a dot per snapshot.
    const dots = await panel.locator('[data-testid="risk-trend-series"][data-domain="metro-water"] circle').count();
    assert.equal(dots, 2);
  });

  it('runs a custom assessment from the form, and names a bad entry', async () => {
    const panel = page.getByTestId('risk-panel');
    await panel.getByTestId('risk-runs').fill('200');
    await panel.getByTestId('risk-entries').fill('internet');
    await panel.getByTestId('risk-assess').click();
    await page.waitForFunction(() => /^custom assessment/.test((globalThis as any).document.querySelector('[data-testid="risk-source"]')?.textContent ?? ''));
    assert.match(await panel.getByTestId('risk-source').innerText(), /200 runs, seed 1,\s+within 720 h from 1 entry/);
    await panel.getByTestId('risk-entries').fill('domain:nowhere');
    await panel.getByTestId('risk-assess').click();
    await panel.getByTestId('risk-error').waitFor();
    assert.match(await panel.getByTestId('risk-error').innerText(), /body\.entries\[0\]: "domain:nowhere": no such entry point/);
    await panel.getByTestId('risk-live').click();
    await page.waitForFunction(() => /^live:/.test((globalThis as any).document.querySelector('[data-testid="risk-source"]')?.textContent ?? ''));
  });
});
