import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../helpers/browser.js';
import { startDemo, stopCli, type Served } from '../helpers/cli.js';

// Callbacks passed to page.evaluate run in the page, where the DOM is; this file is typed for Node.
/* eslint-disable @typescript-eslint/no-explicit-any */

const SCENARIO = 'examples/scenarios/chlorine-sensor-spoofing.yaml';
/** The scenario biases the chlorine analyser from 900 s of simulated time; at 40x that is 22.5 s after the plant starts. */
const SPEED = 40;
const INJECTION_S = 900 / SPEED;


describe('console: alerts from the demo attack, live, next to the asset and on the trend', () => {
  let demo: Served;
  let dir: string;
  let started: number;
  let browser: Browser;
  let page: Page;
  let alertId: string;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tw-console-alerts-'));
    demo = await startDemo(dir, ['--scenario', SCENARIO, '--speed', String(SPEED)]);
    // The demo prints its console URL once the plant simulator runs: the scenario clock starts about now.
    started = Date.now();
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  });
  after(async () => {
    await browser?.close();
    if (demo) await stopCli(demo);
    rmSync(dir, { recursive: true, force: true });
  });

  it('shows the attack\'s alert in the alerts panel within seconds of the injection, from the stream', async () => {
    await page.goto(`${demo.url}/`);
    await page.getByTestId('alerts-panel').waitFor();
    await page.getByTestId('stream-status').filter({ hasText: 'live' }).waitFor();
    assert.ok(Date.now() - started < INJECTION_S * 1000, 'the console is up before the injection, so what follows arrives live');
    assert.match((await page.getByTestId('alerts-count').textContent()) ?? '', /none raised/);

    const row = page.locator('[data-testid="alert-row"][data-severity="critical"]').filter({ hasText: /chlorine-residual at .* is past its lowLow limit/ }).first();
    await row.waitFor({ timeout: (INJECTION_S + 30) * 1000 });
    const after = (Date.now() - started) / 1000;
    assert.ok(after < INJECTION_S + 10, `the alert showed ${(after - INJECTION_S).toFixed(1)} s after the injection`);
    alertId = (await row.getAttribute('data-alert'))!;
    assert.match(alertId, /^alert-\d+/);
    assert.match((await row.getByTestId('alert-detectors').textContent()) ?? '', /rule:safety-limit/);
    assert.match((await row.textContent()) ?? '', /Treatment PLC/);

    // The spoofed value is below the analyser's range: Manipulation of View, linked to MITRE.
    const technique = page.locator('[data-testid="alert-row"] [data-testid="technique-link"][href="https://attack.mitre.org/techniques/T0832/"]').first();
    await technique.waitFor({ timeout: 10_000 });
    assert.match((await technique.textContent()) ?? '', /T0832 Manipulation of View/);
    assert.equal(await technique.getAttribute('target'), '_blank');

    // The newest alert is on top.
    const seqs = await page.$$eval('[data-testid="alert-row"]', (rows) => rows.map((r) => Number(r.getAttribute('data-seq'))));
    assert.deepEqual(seqs, [...seqs].sort((a, b) => b - a));
  });

  it('opens the alert\'s details: evidence observed against expected', async () => {
    await page.locator(`[data-testid="alert-row"][data-alert="${alertId}"]`).click();
    const details = page.getByTestId('alert-details');
    await details.waitFor();
    assert.equal(await details.getAttribute('data-alert'), alertId);
    assert.match((await page.getByTestId('alert-details-message').textContent()) ?? '', /chlorine-residual at -?[\d.]+ mg\/L is past its lowLow limit 0.2 mg\/L/);
    const observed = Number(await details.getByTestId('evidence-observed').first().textContent());
    assert.ok(observed < 0.2, `observed ${observed} is past the limit`);
    assert.equal(await details.getByTestId('evidence-expected').first().textContent(), '> 0.2 (lowLow limit)');
  });

  it('shows the alert in the asset panel and marks the asset on the topology', async () => {
    const panel = page.getByTestId('asset-panel');
    await panel.waitFor();
    assert.equal(await panel.getAttribute('data-asset'), 'plc-treatment', 'opening an alert selects its asset');
    await panel.locator(`[data-testid="asset-alert-row"][data-alert="${alertId}"]`).waitFor();
    const node = await page.evaluate(() => {
      const n = (globalThis as any).__twinwardGraph.getElementById('plc-treatment');
      return { alerting: n.hasClass('alerting'), severity: n.data('alertSeverity'), label: n.data('alertLabel') };
    });
    assert.deepEqual([node.alerting, node.severity], [true, 'critical']);
    assert.match(node.label, /▲ \d+ alerts? · critical/);
    const quiet = await page.evaluate(() => (globalThis as any).__twinwardGraph.getElementById('plc-intake').hasClass('alerting'));
    assert.equal(quiet, false, 'assets without alerts are not marked');
  });

  it('draws the tag\'s trend with its limits and a marker at the alert', async () => {
    await page.locator('[data-testid="tag-row"][data-tag="chlorine-residual"] [data-testid="tag-open-chart"]').click();
    const chart = page.locator('[data-testid="tag-chart"][data-tag="chlorine-residual"]');
    await chart.waitFor();
    const marker = chart.locator(`[data-testid="chart-alert-marker"][data-alert="${alertId}"]`);
    await marker.waitFor({ timeout: 10_000 });
    assert.equal(await marker.getAttribute('data-severity'), 'critical');
    assert.deepEqual(await chart.locator('[data-testid="chart-limit"]').evaluateAll((ls) => ls.map((l) => l.getAttribute('data-limit'))), ['highHigh', 'high', 'low', 'lowLow']);
    assert.ok(Number(await chart.getAttribute('data-points')) > 10, 'the recent readings are drawn');

    // The marker stands where the series crosses the limit: at the time of the reading that raised the alert.
    const geometry = await page.evaluate((id) => {
      const doc = (globalThis as any).document;
      const line = doc.querySelector(`[data-testid="chart-alert-marker"][data-alert="${id}"] line`);
      const limit = doc.querySelector('[data-testid="chart-limit"][data-limit="lowLow"] line');
      const xs = [...doc.querySelectorAll('[data-testid="chart-series"]')].flatMap((p: any) => [...p.getAttribute('d').matchAll(/[ML]([\d.]+),([\d.]+)/g)].map((m: any) => [Number(m[1]), Number(m[2])]));
      return { x: Number(line.getAttribute('x1')), limitY: Number(limit.getAttribute('y1')), points: xs };
    }, alertId);
    const nearest = geometry.points.reduce((best, p) => (Math.abs(p[0]! - geometry.x) < Math.abs(best[0]! - geometry.x) ? p : best));
    assert.ok(Math.abs(nearest[0]! - geometry.x) < 0.1, 'a reading sits exactly at the marker');
    assert.ok(nearest[1]! > geometry.limitY, 'that reading is below the lowLow line (larger y is lower)');
    const before = geometry.points.filter(([x]) => x! < geometry.x - 0.1);
    assert.ok(before.length > 0 && before.slice(-3).every(([, y]) => y! < geometry.limitY), 'the readings just before it were above the line');

    // The marker opens its alert.
    await page.getByTestId('alert-details').locator('button.close').click();
    await marker.click();
    assert.equal(await page.getByTestId('alert-details').getAttribute('data-alert'), alertId);
  });
});
