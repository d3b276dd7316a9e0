import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../helpers/browser.js';
import { startDemo, stopCli, type Served } from '../helpers/cli.js';


describe('console: learned detectors, trained and activated from the browser', () => {
  let demo: Served;
  let dir: string;
  let browser: Browser;
  let page: Page;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tw-console-detectors-'));
    demo = await startDemo(dir, ['--speed', '60']);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  });
  after(async () => {
    await browser?.close();
    if (demo) await stopCli(demo);
    rmSync(dir, { recursive: true, force: true });
  });

  it('lists the groups the demo trained at first start, with their running version and thresholds', async () => {
    assert.match(demo.output(), /detection intake v1, chlorination v1, distribution v1 \(trained at first start/);
    await page.goto(`${demo.url}/`);
    await page.getByTestId('open-detectors').click();
    const panel = page.getByTestId('detectors-panel');
    await panel.waitFor();
    const groups = panel.getByTestId('detector-group');
    await groups.nth(2).waitFor();
    assert.deepEqual(await groups.evaluateAll((els) => els.map((e) => e.getAttribute('data-group'))), ['intake', 'chlorination', 'distribution']);
    const chl = panel.locator('[data-group="chlorination"]');
    assert.match(await chl.getByTestId('detector-running').innerText(), /running v1, trained .* on \d+ rows \(simulator:seed=9001,10800s\)[\s\S]*pca[\s\S]*t2Limit/);
  });

  it("trains a new version on the node's own readings without replacing the running one, then runs it on request", async () => {
    const chl = page.locator('[data-group="chlorination"]');
    // At 60x the node holds 120 rows of 5 s (10 simulated minutes) after 10 s; retry until it has enough.
    const deadline = Date.now() + 60_000;
    let note = '';
    for (;;) {
      await chl.getByTestId('detector-train').click();
      await page.getByTestId('detectors-note').waitFor();
      note = await page.getByTestId('detectors-note').innerText();
      if (/trained a new version/.test(note) || Date.now() > deadline) break;
      assert.match(note, /usable rows .* at least 120 needed/, 'too few readings yet is the only acceptable refusal');
      await page.waitForTimeout(3000);
    }
    assert.match(note, /chlorination: trained a new version on this node's readings/);
    assert.match(await chl.getByTestId('detector-running').innerText(), /running v1/, 'the new version does not replace the running one');
    await chl.getByRole('button', { name: 'run this version' }).click();
    await page.getByTestId('detectors-note').filter({ hasText: 'chlorination: v2 runs now' }).waitFor();
    assert.match(await chl.getByTestId('detector-running').innerText(), /running v2, trained .* \(store:embedded\)/);
  });
});
