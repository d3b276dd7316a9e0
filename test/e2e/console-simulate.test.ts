import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { TwinNode } from '../../src/twin/index.js';
import { openConsoleNode, type ConsoleNode } from '../helpers/console-node.js';

describe('console: attack scenario simulation of the water example, plotted', () => {
  let node: TwinNode;
  let page: Page;
  let url: string;

  let c: ConsoleNode;
  before(async () => {
    c = await openConsoleNode('examples/water-treatment/model.yaml', { prefix: 'tw-console-simulate-', context: {} });
    ({ node, page, url } = c);
  });
  after(async () => {
    await c?.close();
  });

  /** The `d` of each plotted curve in a chart, by curve key. */
  const curves = (testid: string): Promise<Record<string, string>> =>
    page.getByTestId(testid).first().locator('path[data-testid="curve-path"]').evaluateAll((ps) => Object.fromEntries(ps.map((p) => [p.getAttribute('data-curve') ?? '', p.getAttribute('d') ?? ''])));

  it('offers the four scenarios shipped beside the model', async () => {
    await page.goto(`${url}/`);
    await page.getByTestId('open-attack').click();
    const sim = page.getByTestId('attack-simulation');
    await sim.getByTestId('sim-open').click();
    await sim.getByTestId('sim-preset').waitFor();
    const kinds = await sim.locator('[data-testid="sim-preset"] option').evaluateAll((os) => os.map((o) => o.getAttribute('data-kind')));
    assert.deepEqual([...kinds].sort(), ['apt', 'ransomware', 'supply-chain', 'zero-day']);
  });

  it('runs a ransomware simulation and plots the time-to-compromise curves and the encrypted-hosts spread', async () => {
    const sim = page.getByTestId('attack-simulation');
    const index = await sim.locator('[data-testid="sim-preset"] option').evaluateAll((os) => os.findIndex((o) => o.getAttribute('data-kind') === 'ransomware'));
    await sim.getByTestId('sim-preset').selectOption(String(index));
    await sim.getByTestId('sim-runs').fill('300');
    await sim.getByTestId('sim-run').click();
    await sim.getByTestId('sim-results').waitFor({ timeout: 30_000 });
    assert.equal(await sim.getByTestId('sim-results').getAttribute('data-kind'), 'ransomware');
    assert.match(await sim.getByTestId('sim-summary').innerText(), /^Ransomware from a phished office PC: 300 runs, seed 3, horizon 168 h from phishing:corp-ws-1/);

    const cdf = await curves('sim-cdf');
    assert.ok(Object.keys(cdf).length >= 3, `goal curves: ${Object.keys(cdf).join(', ')}`);
    for (const [goal, d] of Object.entries(cdf)) assert.match(d, /^M[\d.]+,[\d.]+(L[\d.]+,[\d.]+){10,}$/, `${goal}: a line from hour 0 through the time marks`);
    const spread = await curves('sim-spread');
    assert.deepEqual(Object.keys(spread).sort(), ['mean', 'p90']);
    assert.ok(Object.values(spread).every((d) => d.split('L').length === 49));
    const svg = page.getByTestId('sim-cdf').locator('svg');
    assert.equal(await svg.getAttribute('aria-label'), 'share of runs that reached each goal by each hour');
    assert.ok((await svg.locator('.tick text').allTextContents()).includes('100%'), 'the y axis reads in shares of runs');
    if (process.env.TWINWARD_SCREENSHOT) await sim.getByTestId('sim-results').screenshot({ path: process.env.TWINWARD_SCREENSHOT });

    const owners = await sim.locator('[data-testid="sim-owner"]').evaluateAll((os) => os.map((o) => o.getAttribute('data-owner')));
    assert.deepEqual([...owners].sort(), ['aquaflow-scada', 'riverside-water']);
    assert.match(await sim.locator('[data-testid="sim-owner"][data-owner="aquaflow-scada"]').innerText(), /aquaflow-remote-support down in [\d.]+% of runs.*through a dependency in \d+ runs/);
  });

  it('shows the node\'s words for a bad scenario', async () => {
    const sim = page.getByTestId('attack-simulation');
    await sim.getByTestId('sim-edit').click();
    await sim.getByLabel('scenario JSON').fill('{ "attack": 1, "name": "x", "kind": "apt", "stages": [] }');
    await sim.getByTestId('sim-run').click();
    await sim.getByTestId('sim-error').waitFor();
    assert.match(await sim.getByTestId('sim-error').innerText(), /body\.scenario\.stages: /);
  });
});
