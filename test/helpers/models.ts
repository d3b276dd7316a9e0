import { readFileSync } from 'node:fs';
import { checkModel, memoryModelFiles, type LoadedModel } from '../../src/model/index.js';

export const BASE_MODEL_TEXT = readFileSync(new URL('../../src/model/testdata/base.yaml', import.meta.url), 'utf8');

/** The validator's base test model, loaded. */
export async function baseModel(text = BASE_MODEL_TEXT): Promise<LoadedModel> {
  const r = await checkModel('base.yaml', memoryModelFiles({ 'base.yaml': text }));
  if (!r.loaded) throw new Error(`test model invalid: ${JSON.stringify(r.problems)}`);
  return r.loaded;
}

/** The base plant with a bedside monitor holding patient data: raw-level readings are private ledger records; pump-run stays public. */
export const PHI_MODEL_TEXT = BASE_MODEL_TEXT
  .replace('assets:\n', 'assets:\n  - { id: monitor-1, name: Bedside monitor, kind: patient-monitor, domain: utility, zone: control, addresses: [{ ip: 10.0.1.20 }], dataClasses: [phi] }\n')
  .replace('      nominal: 2.5\n      asset: plc-1\n', '      nominal: 2.5\n      asset: monitor-1\n');
