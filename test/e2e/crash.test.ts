import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { loadOrCreateIdentity } from '../../src/identity/index.js';
import { ledgerSettings, nodeLedger } from '../../src/ledger/node-ledger.js';
import { baseModel, PHI_MODEL_TEXT } from '../helpers/models.js';
import { storeFixtures } from '../helpers/stores.js';
import { TwinNode } from '../../src/twin/index.js';

const writer = fileURLToPath(new URL('./fixtures/crash-writer.ts', import.meta.url));

/** Runs the writer until `acks` batches are durable, kills it with SIGKILL, returns the last ack. */
async function writeThenKill(url: string, dataDir: string, acks: number, durability: 'full' | 'normal'): Promise<{ seq: number; value: number }> {
  const child = spawn(process.execPath, ['--import', 'tsx', writer, url, dataDir, durability], { stdio: ['ignore', 'pipe', 'inherit'] });
  let last = { seq: 0, value: NaN };
  let count = 0;
  await new Promise<void>((resolve, reject) => {
    child.on('exit', (code, signal) => (signal === 'SIGKILL' ? resolve() : reject(new Error(`writer exited early: ${code}`))));
    createInterface({ input: child.stdout }).on('line', (line) => {
      const [, seq, value] = line.split(' ');
      last = { seq: Number(seq), value: Number(value) };
      if (++count === acks) child.kill('SIGKILL');
    });
  });
  return last;
}

for (const make of storeFixtures()) {
  const fx = make();
  describe(`kill -9 on the ${fx.name} store`, () => {
    after(() => fx.cleanup());

    it('loses nothing that was acknowledged, three crashes in a row', async () => {
      const model = await baseModel(PHI_MODEL_TEXT);
      // Both durability policies survive a killed process; 'normal' only gives up on power loss.
      for (const [acks, durability] of [[150, 'full'], [400, 'normal'], [700, 'full']] as const) {
        const acked = await writeThenKill(fx.url ?? 'embedded', fx.dataDir, acks, durability);
        const node = await TwinNode.open({ model, store: await fx.open(), version: 'check' });
        const log = await node.store.read({ after: 0, limit: 1_000_000, order: 'asc' });
        assert.ok(node.seq >= acked.seq + 1, `log ends at ${node.seq}, acknowledged ${acked.seq}`);
        assert.deepEqual(log.map((e) => e.seq), Array.from({ length: node.seq }, (_, i) => i + 1), 'no gap in the log');
        const ackedEvent = log[acked.seq - 1]!;
        assert.equal(ackedEvent.type === 'tag.reading' && ackedEvent.data.value, acked.value, 'the acknowledged reading is stored as written');
        const lastReading = log.filter((e) => e.type === 'tag.reading').pop()!;
        assert.equal(node.twin.state.tags['raw-level']?.value, lastReading.type === 'tag.reading' && lastReading.data.value, 'state is the fold of the log');
        // The ledger holds every committed event and verifies against every checkpoint signed before the kill.
        const { ledger } = nodeLedger(ledgerSettings(model.model), node.store, loadOrCreateIdentity(fx.dataDir));
        assert.equal(ledger.size, node.seq, 'one leaf per event, none lost, none extra');
        const report = await ledger.verify();
        assert.equal(report.ok, true, JSON.stringify(report.problems.slice(0, 3)));
        assert.ok(report.checkpoints > 0, 'checkpoints were signed before the kill');
        const cp = await ledger.checkpoint();
        assert.equal(cp.size, node.seq);
        await node.close();
      }
    });
  });
}
