import { checkModel, memoryModelFiles, type LoadedModel, type ModelProblem, type TwinModel } from '../model/index.js';
import { applyChanges, type Applied } from './apply-changes.js';
import { changeOrigin, isPlanned, kindOf, type ChangeSet } from './changes.js';
import { ChangesError } from './changes-error.js';
import type { ObservedFlow } from './options.js';

const FORK = 'what-if.json';

/** A changed model through the same checks `twinward validate` runs. */
async function check(model: TwinModel): Promise<{ loaded?: LoadedModel; problems: ModelProblem[] }> {
  // The fork is one document: `include` named files of the original.
  const { include: _, ...data } = model;
  return checkModel(FORK, memoryModelFiles({ [FORK]: JSON.stringify(data) }));
}

/**
 * A fork of `model` with the set's changes applied and validated again as a
 * whole model: a change that breaks it (removing an asset a tag still names,
 * a conduit left joining an unknown zone) is an error naming the first
 * change after which the model no longer validates, and the model's own
 * problem. The returned model is the validated one (defaults applied to what
 * the changes added). `model` is never modified.
 */
export async function forkModel(model: TwinModel, set: ChangeSet, observed: readonly ObservedFlow[] = []): Promise<Applied> {
  const applied = applyChanges(model, set, observed);
  const { loaded, problems } = await check(applied.model);
  if (loaded) return { ...applied, model: model.include ? { ...loaded.model, include: model.include } : loaded.model };
  // Which change broke it: the shortest prefix of the set that no longer validates.
  let culprit = set.changes.length - 1;
  let found = problems;
  for (let n = 1; n < set.changes.length; n++) {
    const p = (await check(applyChanges(model, set, observed, n).model)).problems;
    if (p.length) {
      culprit = n - 1;
      found = p;
      break;
    }
  }
  const { origin, base } = changeOrigin(set, culprit);
  const change = set.changes[culprit]!;
  const first = found[0];
  const what = first ? `${first.path || '(model)'}: ${first.message}` : 'it does not validate';
  const more = found.length > 1 ? ` (and ${found.length - 1} more problem${found.length > 2 ? 's' : ''})` : '';
  throw new ChangesError(origin, isPlanned(change) ? [...base, 'target'] : [...base, kindOf(change)], `the changed model is invalid: ${what}${more}`);
}
