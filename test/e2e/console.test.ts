import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';

// Callbacks passed to page.evaluate run in the page, where the DOM is; this file is typed for Node.
/* eslint-disable @typescript-eslint/no-explicit-any */
import { apiFixture, type ApiFixture } from '../helpers/api.js';
import { launchChromium } from '../helpers/browser.js';

const WEB_ROOT = fileURLToPath(new URL('../../web/dist', import.meta.url));

describe('console in headless Chromium', () => {
  let fx: ApiFixture;
  let browser: Browser;
  let page: Page;
  let url: string;

  before(async () => {
    fx = await apiFixture(WEB_ROOT);
    url = await fx.app.listen({ host: '127.0.0.1', port: 0 });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  });
  after(async () => {
    await browser?.close();
    await fx?.close();
  });

  it('loads and shows the zones, assets and conduits as a graph', async () => {
    await page.goto(`${url}/`);
    await page.getByTestId('topology').waitFor();
    await page.waitForFunction(() => (globalThis as any).__twinwardGraph?.nodes().length);
    const graph = await page.evaluate(() => {
      const cy = (globalThis as any).__twinwardGraph;
      return {
        zones: cy.nodes('[id ^= "zone:"]').map((n: any) => n.id()).sort(),
        assets: cy.nodes().filter((n: any) => !n.id().startsWith('zone:')).map((n: any) => [n.id(), n.parent().id()]).sort(),
        conduits: cy.edges().map((e: any) => [e.source().id(), e.target().id()].sort().join('|')),
      };
    });
    assert.deepEqual(graph.zones, ['zone:control', 'zone:supervisory']);
    assert.deepEqual(graph.assets, [['hmi-1', 'zone:supervisory'], ['plc-1', 'zone:control']]);
    assert.deepEqual(graph.conduits, ['zone:control|zone:supervisory']);
    assert.equal(await page.getByTestId('model-name').textContent(), 'Test plant');
  });

  it('shows a new event in the feed as it happens, and the tag value', async () => {
    await page.getByTestId('stream-status').filter({ hasText: 'live' }).waitFor();
    const before = await page.getByTestId('event-row').count();
    const [event] = await fx.node.ingest([{ tag: 'raw-level', value: 3.21, source: 'browser-test' }]);
    const row = page.locator(`[data-testid="event-row"][data-seq="${event!.seq}"]`);
    await row.waitFor({ timeout: 10_000 });
    assert.match((await row.textContent()) ?? '', /tag\.reading/);
    assert.match((await row.textContent()) ?? '', /3\.21/);
    assert.ok((await page.getByTestId('event-row').count()) > before);
    const value = page.locator('[data-testid="tag-row"][data-tag="raw-level"] [data-testid="tag-value"]');
    await page.waitForFunction(() => (globalThis as any).document.querySelector('[data-tag="raw-level"] [data-testid="tag-value"]')?.textContent?.includes('3.21'));
    assert.match((await value.textContent()) ?? '', /3\.21/);
  });

  it('opens an asset panel with its live status on click', async () => {
    await page.evaluate(() => (globalThis as any).__twinwardGraph.getElementById('plc-1').emit('tap'));
    const panel = page.getByTestId('asset-panel');
    await panel.waitFor();
    assert.equal(await panel.getAttribute('data-asset'), 'plc-1');
    assert.match((await page.getByTestId('asset-status').textContent()) ?? '', /online/);
    assert.match((await panel.textContent()) ?? '', /CVE-2021-22681/);
  });

  it('shows drift in its panel and connector state in the header, live', async () => {
    const now = new Date();
    const [flow, drift] = await fx.node.submit(fx.node.twin.decideObservation({ kind: 'flow', src: '10.0.1.10', dst: '10.0.2.10', dstPort: 3389, protocol: 'rdp', source: 'browser-test' }, now));
    assert.equal(flow?.type, 'observation.flow');
    const row = page.locator(`[data-testid="drift-row"][data-seq="${drift!.seq}"]`);
    await row.waitFor({ timeout: 10_000 });
    assert.equal(await row.getAttribute('data-kind'), 'flow-not-allowed');
    assert.match((await row.textContent()) ?? '', /plc-1 \(control\) -> hmi-1 \(supervisory\) rdp\/3389/);
    await fx.node.submit(fx.node.twin.decideConnectorStatus('mqtt:127.0.0.1:1884', 'reconnecting', 'broker gone', new Date()));
    const chip = page.locator('[data-testid="connector"][data-name="mqtt:127.0.0.1:1884"]');
    await chip.waitFor({ timeout: 10_000 });
    await page.waitForFunction(() => (globalThis as any).document.querySelector('[data-testid="connector"][data-name="mqtt:127.0.0.1:1884"]')?.getAttribute('data-state') === 'reconnecting');
  });
});
