import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { verifierKey } from '../../src/ledger/note.js';
import { launchChromium } from '../helpers/browser.js';
import { startDemo, stopCli, type Served } from '../helpers/cli.js';

// Callbacks passed to page.waitForFunction run in the page, where the DOM is; this file is typed for Node.
/* eslint-disable @typescript-eslint/no-explicit-any */

const CHECKS = ['bundle', 'key', 'signature', 'checkpoint', 'leaf', 'inclusion'];

describe('console: the ledger panel signs a checkpoint and verifies an entry with WebCrypto in the browser', () => {
  let demo: Served;
  let dir: string;
  let browser: Browser;
  let page: Page;
  let origin: string;
  let signedSize = 0;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tw-console-ledger-'));
    demo = await startDemo(dir, ['--speed', '20']);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    origin = ((await (await fetch(`${demo.url}/api/ledger`)).json()) as { origin: string }).origin;
  });
  after(async () => {
    await browser?.close();
    if (demo) await stopCli(demo);
    rmSync(dir, { recursive: true, force: true });
  });

  it('opens from the header, signs a checkpoint now and shows it as the latest, with its note and growth', async () => {
    await page.goto(`${demo.url}/`);
    await page.getByTestId('open-ledger').click();
    const panel = page.getByTestId('ledger-panel');
    await panel.getByTestId('ledger-size').waitFor();
    assert.match(await panel.innerText(), new RegExp(`origin\\s+${origin.replace(/[/.]/g, '\\$&')}`));
    await panel.getByTestId('ledger-witnesses').filter({ hasText: 'None configured' }).waitFor();

    await panel.getByTestId('ledger-sign').click();
    const result = panel.getByTestId('ledger-sign-result');
    await result.waitFor();
    const m = /signed checkpoint (\d+) at .*; 0 of 0 cosignatures needed \(quorum met\)|has not grown since checkpoint (\d+)/.exec(await result.innerText());
    assert.ok(m, `sign result: ${await result.innerText()}`);
    signedSize = Number(m[1] ?? m[2]);
    assert.ok(signedSize > 0);

    // The panel rereads the ledger after signing; a scheduled checkpoint may since have signed more, never less.
    await page.waitForFunction((n) => Number((globalThis as any).document.querySelector('[data-testid="ledger-checkpoint-size"]')?.textContent) >= n, signedSize);
    // Size and note read at once: the panel rereads the ledger every few seconds.
    const [size, note] = await panel.getByTestId('ledger-checkpoint').evaluate((el: any) => [
      el.querySelector('[data-testid="ledger-checkpoint-size"]').textContent as string,
      el.querySelector('[data-testid="ledger-note"]').textContent as string,
    ]);
    const shown = Number(size);
    const onNode = await fetch(`${demo.url}/api/ledger/checkpoints/${shown}`);
    assert.equal(onNode.status, 200, `checkpoint ${shown} exists on the node`);
    const cp = (await onNode.json()) as { root: string; note: string };
    assert.ok(note.startsWith(`${origin}\n${shown}\n${cp.root}\n\n\u2014 ${origin} `), `the signed note, as text: ${note}`);
    assert.equal(note, cp.note, 'the note shown is the one the node keeps');
    assert.match(await panel.getByTestId('ledger-unsigned').innerText(), /^\d+$/);
    assert.match(await panel.getByTestId('ledger-quorum').innerText(), /0 cosigned of 0 needed/);

    const growth = panel.getByTestId('ledger-growth');
    await growth.locator('circle.checkpoint-dot').first().waitFor();
    assert.ok(Number(await growth.getAttribute('data-points')) >= 1);
  });

  it('verifies the latest entry under the checkpoint in the browser: every check ✓', async () => {
    const panel = page.getByTestId('ledger-panel');
    const shown = Number(await panel.getByTestId('ledger-checkpoint-size').innerText());
    await panel.getByTestId('ledger-verify-run').click();
    const verdict = panel.getByTestId('ledger-verdict');
    await verdict.waitFor();
    assert.equal(await verdict.getAttribute('data-ok'), 'true', await verdict.innerText());
    assert.match(await verdict.innerText(), /^✓ verified: entry \d+ is in .*'s log of \d+ entries, whose checkpoint its key signed/);
    const [, entry, size] = /entry (\d+) is in .*'s log of (\d+) entries/.exec(await verdict.innerText())!;
    // The default is the latest entry under the checkpoint shown (the node proves against its latest, which may be newer).
    assert.ok(Number(entry) >= shown - 1 && Number(size) > Number(entry), `entry ${entry} of ${size}, checkpoint shown ${shown}`);
    const checks = panel.getByTestId('ledger-check');
    const ids = await checks.evaluateAll((els) => els.map((e) => [e.getAttribute('data-check'), e.getAttribute('data-ok'), e.textContent]));
    assert.deepEqual(ids.map(([id]) => id).filter((id) => id !== 'opening'), CHECKS);
    for (const [id, ok, text] of ids) {
      assert.equal(ok, 'true', `${id}: ${text}`);
      assert.ok(text!.startsWith('✓'), `${id} shows ✓`);
    }
  });

  it('verifies entry 0 on request, and fails it against another key of the same name with the reason', async () => {
    const panel = page.getByTestId('ledger-panel');
    await panel.getByTestId('ledger-verify-index').fill('0');
    await panel.getByTestId('ledger-verify-run').click();
    await panel.getByTestId('ledger-verdict').filter({ hasText: /^✓ verified: entry 0 is in / }).waitFor();
    assert.match(await panel.getByTestId('ledger-verified-entry').innerText(), /^entry 0: seq 1 · /);

    const forged = verifierKey(origin, generateKeyPairSync('ed25519').publicKey);
    await panel.getByPlaceholder('origin+keyhash+base64key').fill(forged);
    await panel.getByTestId('ledger-verify-run').click();
    const verdict = panel.getByTestId('ledger-verdict').filter({ hasText: /^✗ NOT verified/ });
    await verdict.waitFor();
    assert.equal(await verdict.getAttribute('data-ok'), 'false');
    assert.match(await verdict.innerText(), /checkpoint signature: no signature by .*: the checkpoint cannot be trusted/);
    assert.equal(await panel.locator('[data-testid="ledger-check"][data-check="signature"]').getAttribute('data-ok'), 'false');
    assert.equal(await panel.locator('[data-testid="ledger-check"][data-check="leaf"]').getAttribute('data-ok'), 'true', 'the entry itself still hashes to its leaf');
  });
});
