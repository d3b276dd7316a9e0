import { scoreWith, type DetectorFactory, type FittedDetector, type RowScorer } from './detector.js';
import { DetectError } from './errors.js';
import { makeDetector } from './registry.js';

/**
 * A voting ensemble as a single detector, for evaluations on tables (the
 * live twin runs the same vote per detection group in GroupRule): every member
 * is fitted on the same training rows; a row alarms when at least `vote`
 * members alarm (default a majority). Score = the vote-th largest member score,
 * so score > 1 exactly when the vote holds. `top` and `expected` come from the
 * first isolating member that alarms.
 */
export function votingEnsemble(names: readonly string[], vote = Math.floor(names.length / 2) + 1): DetectorFactory {
  if (names.length === 0 || vote < 1 || vote > names.length) throw new DetectError('bad-option', `vote ${vote} of ${names.length} members`);
  return async (train) => {
    const members: FittedDetector[] = [];
    for (const n of names) members.push(await makeDetector(n)(train));
    const d: FittedDetector = {
      name: `ensemble(${names.join('+')}, ${vote} of ${names.length})`,
      scorer(): RowScorer {
        const scorers = members.map((m) => m.scorer());
        return {
          push(row) {
            const v = scorers.map((s) => s.push(row));
            const score = [...v.map((x) => x.score)].sort((a, b) => b - a)[vote - 1]!;
            const blamer = v.find((x, i) => x.alarm && members[i]!.isolates) ?? v.find((x) => x.alarm) ?? v[0]!;
            return { score, alarm: score > 1, ...(blamer.top !== undefined ? { top: blamer.top } : {}), ...(blamer.expected ? { expected: blamer.expected } : {}) };
          },
        };
      },
      score: (rows) => scoreWith(d, rows),
      describe: () => Object.fromEntries(members.flatMap((m, i) => Object.entries(m.describe()).map(([k, x]) => [`${names[i]}.${k}`, x]))),
      save: () => {
        throw new DetectError('bad-option', 'an evaluation ensemble is not saved; detection groups save their members');
      },
    };
    return d;
  };
}
