import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { buildApp, type ApiContext, type App } from '../../src/api/index.js';
import { nodeModelFiles } from '../../src/cli/model-files.js';
import { loadTechniques } from '../../src/cli/techniques.js';
import { loadOrCreateIdentity } from '../../src/identity/index.js';
import { checkModel, type LoadedModel } from '../../src/model/index.js';
import { openStore } from '../../src/store/index.js';
import { TwinNode } from '../../src/twin/index.js';
import { launchChromium } from './browser.js';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface ConsoleNode {
  model: LoadedModel;
  node: TwinNode;
  app: App;
  browser: Browser;
  page: Page;
  url: string;
  close(): Promise<void>;
}

/**
 * A node on an example model (embedded store in a temporary folder), the API
 * serving the built console from web/dist, and Chromium on it. `context`
 * adds to or overrides the API context (e.g. `risk: false`).
 */
export async function openConsoleNode(modelPath: string, options: { prefix: string; context?: Partial<ApiContext>; viewport?: { width: number; height: number } }): Promise<ConsoleNode> {
  const dir = mkdtempSync(join(tmpdir(), options.prefix));
  const { loaded, problems } = await checkModel(join(ROOT, modelPath), nodeModelFiles);
  if (!loaded) throw new Error(`test model invalid: ${JSON.stringify(problems)}`);
  const node = await TwinNode.open({ model: loaded, store: await openStore(undefined, dir), version: 'test' });
  const app = await buildApp(
    { node, identity: loadOrCreateIdentity(dir), version: 'test', startedAt: new Date().toISOString(), techniques: loadTechniques(), ...options.context },
    { webRoot: join(ROOT, 'web/dist') },
  );
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  const browser = await launchChromium();
  const page = await browser.newPage({ viewport: options.viewport ?? { width: 1440, height: 900 } });
  return {
    model: loaded,
    node,
    app,
    browser,
    page,
    url,
    async close() {
      await browser.close();
      await app.close();
      await node.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
