import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp, type App } from '../../src/api/index.js';
import { loadOrCreateIdentity, type NodeIdentity } from '../../src/identity/index.js';
import { openStore } from '../../src/store/index.js';
import { TwinNode } from '../../src/twin/index.js';
import { baseModel } from './models.js';

export interface ApiFixture {
  app: App;
  node: TwinNode;
  identity: NodeIdentity;
  dataDir: string;
  close(): Promise<void>;
}

/** The API over a fresh embedded node with the base test model; requests go in-process. */
export async function apiFixture(webRoot?: string): Promise<ApiFixture> {
  const dataDir = mkdtempSync(join(tmpdir(), 'twinward-api-'));
  const identity = loadOrCreateIdentity(dataDir);
  const node = await TwinNode.open({ model: await baseModel(), store: await openStore(undefined, dataDir), version: 'test' });
  const app = await buildApp({ node, identity, version: 'test', startedAt: new Date().toISOString() }, webRoot ? { webRoot } : {});
  await app.ready();
  return {
    app,
    node,
    identity,
    dataDir,
    async close() {
      await app.close();
      await node.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
