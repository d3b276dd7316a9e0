import { readFileSync } from 'node:fs';
import { checkModel, memoryModelFiles } from '../../src/model/index.js';
export const BASE_MODEL_TEXT = readFileSync(new URL('../../src/model/testdata/base.yaml', import.meta.url), 'utf8');
/** The validator's base test model, loaded. */
export async function baseModel(text = BASE_MODEL_TEXT) {
    const r = await checkModel('base.yaml', memoryModelFiles({ 'base.yaml': text }));
    if (!r.loaded)
        throw new Error(`test model invalid: ${JSON.stringify(r.problems)}`);
    return r.loaded;
}
//# sourceMappingURL=models.js.map