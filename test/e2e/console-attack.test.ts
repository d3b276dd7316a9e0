import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { TwinNode } from '../../src/twin/index.js';
import { openConsoleNode, type ConsoleNode } from '../helpers/console-node.js';

// Callbacks passed to page.evaluate run in the page, where the DOM is; this file is typed for Node.
/* eslint-disable @typescript-eslint/no-explicit-any */

describe('console: attack paths of the water example, drawn on the topology', () => {
  let node: TwinNode;
  let page: Page;
  let url: string;

  let c: ConsoleNode;
  before(async () => {
    c = await openConsoleNode('examples/water-treatment/model.yaml', { prefix: 'tw-console-attack-', context: {} });
    ({ node, page, url } = c);
  });
  after(async () => {
    await c?.close();
  });

  const classesOf = (ids: string[]) =>
    page.evaluate((list) => {
      const cy = (globalThis as any).__twinwardGraph;
      return Object.fromEntries(list.map((id: string) => [id, cy.getElementById(id).classes().filter((c: string) => c.startsWith('attack'))]));
    }, ids);

  it('lists the goals with reachability, odds and hours', async () => {
    await page.goto(`${url}/`);
    await page.waitForFunction(() => (globalThis as any).__twinwardGraph?.nodes('[type = "asset"]').length > 10);
    await page.getByTestId('open-attack').click();
    const panel = page.getByTestId('attack-panel');
    await panel.getByTestId('attack-summary').waitFor();
    assert.match(await panel.getByTestId('attack-summary').innerText(), /^\d+ of \d+ goals reachable from internet, .*domain:aquaflow-scada · graph of \d+ nodes$/);
    const river = panel.locator('[data-testid="attack-goal"][data-goal="unit:river"]');
    assert.equal(await river.getAttribute('data-reachable'), 'true');
    assert.match(await river.innerText(), /unit:river\s+\d+\.\d%\s+\d+ h\s+\d+ h/);
    const main = panel.locator('[data-testid="attack-goal"][data-goal="unit:raw-water-main"]');
    assert.match(await main.innerText(), /unreachable/);
    assert.match(await panel.getByTestId('attack-hardening').innerText(), /Hardening plan\s+\d+ changes?, total cost \d+/);
    await panel.getByTestId('attack-chokepoints').waitFor();
  });

  it('draws the path picked on the topology: assets outlined and badged, hops as edges, the rest faded', async () => {
    const panel = page.getByTestId('attack-panel');
    const river = panel.locator('[data-testid="attack-goal"][data-goal="unit:river"]');
    // The first reachable goal opens by itself; open the river's if it is another.
    if (!(await river.getAttribute('class'))?.includes('open')) await river.click();
    const option = panel.locator('[data-testid="attack-path-option"][data-kind="likely"][data-index="0"]');
    assert.match(await option.innerText(), /domain:aquaflow-scada › ews › plc-intake/);
    await option.click();
    await page.waitForFunction(() => (globalThis as any).__twinwardGraph.edges('[type = "attack"]').length > 0);

    const classes = await classesOf(['vendor-laptop', 'ews', 'scada-server', 'plc-intake', 'historian']);
    assert.deepEqual(classes['vendor-laptop'], ['attack-path', 'attack-entry'], 'the vendor laptop is where the path starts');
    assert.deepEqual(classes.ews, ['attack-path']);
    assert.deepEqual(classes['scada-server'], ['attack-dim'], 'the EWS programs the PLC through fw-ot; the SCADA server is off the path');
    assert.deepEqual(classes['plc-intake'], ['attack-path']);
    assert.deepEqual(classes.historian, ['attack-dim'], 'assets off the path fade');

    const drawn = await page.evaluate(() => {
      const cy = (globalThis as any).__twinwardGraph;
      return {
        edges: cy.edges('[type = "attack"]').map((e: any) => [e.source().id(), e.target().id(), e.data('label')]),
        badge: cy.getElementById('plc-intake').data('attackLabel'),
      };
    });
    assert.deepEqual(
      drawn.edges.map((e: string[]) => `${e[0]}->${e[1]}`),
      ['vendor-laptop->ews', 'ews->plc-intake'],
    );
    assert.match(drawn.edges[0][2], /^1 T0822$/, 'hops carry their step number and technique');
    assert.match(drawn.badge, /\n⚔ 2,3 · T0843 T0831$/, 'the PLC carries the program download and the manipulation of the unit');

    const steps = panel.getByTestId('attack-steps');
    assert.match(await steps.innerText(), /vendor-laptop\s*→\s*ews\s+T0822 External Remote Services/);
    assert.match(await steps.innerText(), /ews\s*→\s*plc-intake\s+T0843 Program Download/);
  });

  it('clears the overlay when the path is cleared or the panel closed', async () => {
    await page.getByTestId('attack-clear').click();
    await page.waitForFunction(() => (globalThis as any).__twinwardGraph.edges('[type = "attack"]').length === 0);
    assert.deepEqual(await classesOf(['ews', 'historian']), { ews: [], historian: [] });
    const panel = page.getByTestId('attack-panel');
    await panel.locator('[data-testid="attack-path-option"]').first().click();
    await page.waitForFunction(() => (globalThis as any).__twinwardGraph.nodes('.attack-path').length > 0);
    await page.getByTestId('open-attack').click();
    await panel.waitFor({ state: 'detached' });
    await page.waitForFunction(() => (globalThis as any).__twinwardGraph.nodes('.attack-path, .attack-dim').length === 0);
  });

  it('shows a goal the model lacks as the node words it', async () => {
    await page.getByTestId('open-attack').click();
    const panel = page.getByTestId('attack-panel');
    await panel.getByTestId('attack-summary').waitFor();
    await panel.getByLabel('goals').fill('unit:nope');
    await panel.getByTestId('attack-run').click();
    await panel.locator('.error').waitFor();
    assert.match(await panel.locator('.error').innerText(), /body\.goals\[0\] "unit:nope": no such goal in this model/);
  });
});
