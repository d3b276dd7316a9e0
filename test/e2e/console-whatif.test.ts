import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { type TwinModel } from '../../src/model/index.js';
import { TwinNode } from '../../src/twin/index.js';
import { openConsoleNode, type ConsoleNode } from '../helpers/console-node.js';

// Callbacks passed to page.evaluate run in the page, where the DOM is; this file is typed for Node.
/* eslint-disable @typescript-eslint/no-explicit-any */

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

describe('console: what-if from the attack panel (water example)', () => {
  let node: TwinNode;
  let page: Page;
  let url: string;
  let copy: TwinModel;

  let c: ConsoleNode;
  before(async () => {
    c = await openConsoleNode('examples/water-treatment/model.yaml', { prefix: 'tw-console-whatif-', context: { risk: false }, viewport: { width: 1440, height: 1000 } });
    copy = structuredClone(c.model.model);
    ({ node, page, url } = c);
  });
  after(async () => {
    await c?.close();
  });

  const goalRow = (goal: string) => page.locator(`[data-testid="whatif-goal"][data-goal="${goal}"]`);

  it('ticks the hardening plan\'s changes, runs them, and shows every goal they were made for cut', async () => {
    await page.goto(`${url}/`);
    await page.waitForFunction(() => (globalThis as any).__twinwardGraph?.nodes('[type = "asset"]').length > 10);
    await page.getByTestId('open-attack').click();
    const panel = page.getByTestId('attack-panel');
    await panel.getByTestId('attack-summary').waitFor();
    const whatif = panel.getByTestId('attack-whatif');
    await whatif.locator('summary').click();
    const ticks = whatif.getByTestId('whatif-change');
    const n = await ticks.count();
    assert.ok(n >= 1, 'the plan offers its changes');
    for (let i = 0; i < n; i++) await ticks.nth(i).check();
    await whatif.getByTestId('whatif-run').click();
    await whatif.getByTestId('whatif-result').waitFor();
    assert.match(await whatif.getByTestId('whatif-summary').innerText(), /^console selection: 18 of 21 goals reachable before → \d+ after · [\d.]+ s$/);
    assert.equal(await goalRow('unit:river').getAttribute('data-change'), 'cut');
    assert.equal(await goalRow('service:water-production').getAttribute('data-change'), 'cut');
    assert.match(await goalRow('unit:river').innerText(), /unit:river\s+\d+\.\d% · \d+ h → unreachable\s+cut/);
    const utility = whatif.locator('[data-testid="whatif-owner"][data-domain="riverside-water"]');
    assert.match(await utility.innerText(), /riverside-water.*\n?.*\d+\/24 → \d+\/24/);
    // Bars: the after-bar of a cut goal is empty and green.
    const bar = await goalRow('unit:river').evaluate((row: any) => {
      const after = row.querySelector('.whatif-bar.after');
      return { width: after.style.width, good: after.classList.contains('good') };
    });
    assert.deepEqual(bar, { width: '0%', good: true });
    assert.match(await whatif.getByTestId('whatif-plan-after').innerText(), /^Hardening left: /);
    assert.match(await whatif.getByTestId('whatif-paths-gone').innerText(), /domain:aquaflow-scada › .* breaks at /);
  });

  it('runs a pasted change set (a new CVE on the intake PLC) with risk per owner', async () => {
    const whatif = page.getByTestId('attack-whatif');
    const ticks = whatif.getByTestId('whatif-change');
    for (let i = 0; i < (await ticks.count()); i++) await ticks.nth(i).uncheck();
    await whatif.getByTestId('whatif-text').fill(readFileSync(join(ROOT, 'examples/water-treatment/changes/new-cve.yaml'), 'utf8'));
    await whatif.getByLabel('risk per owner (500 runs)').check();
    await whatif.getByTestId('whatif-run').click();
    await page.waitForFunction(() => (globalThis as any).document.querySelector('[data-testid="whatif-summary"]')?.textContent?.startsWith('New critical CVE'));
    assert.equal(await goalRow('unit:river').getAttribute('data-change'), 'more likely');
    assert.equal(await goalRow('unit:clear-well').count(), 0, 'the treatment PLC\'s units do not move: listed as unchanged');
    const utility = whatif.locator('[data-testid="whatif-owner"][data-domain="riverside-water"]');
    assert.match(await utility.innerText(), /[\d.]+ → [\d.]+ · posture \d+ → \d+/);
    assert.match(await whatif.getByTestId('whatif-result').innerText(), /Takeover odds moved: .*plc-intake [\d.]+% → [\d.]+%/);
    assert.match(await whatif.getByTestId('whatif-paths-appeared').innerText(), /plc-intake through exploit\(plc-intake, CVE-2099-10001\)/);
  });

  it('shows a change the model cannot take as the node words it, and the node\'s model stays as loaded', async () => {
    const whatif = page.getByTestId('attack-whatif');
    await whatif.getByTestId('whatif-text').fill('whatif: 1\nname: stale\nchanges:\n  - patch: { asset: plc-intake, cve: CVE-2099-10002 }\n');
    await whatif.getByTestId('whatif-run').click();
    await whatif.getByTestId('whatif-error').waitFor();
    assert.match(await whatif.getByTestId('whatif-error').innerText(), /body\.changeSet\.changes\[0\]\.patch\.cve \(line 4, column \d+\): plc-intake has no vulnerability CVE-2099-10002/);
    assert.deepEqual(node.twin.model.model, copy);
  });
});
