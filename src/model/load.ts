import { createHash } from 'node:crypto';
import { canonicalJson } from '../common/canonical-json.js';
import type { z } from 'zod';
import { buildContext, getIn } from './check/context.js';
import { checkDetection } from './check/detection.js';
import { checkDuplicateIds } from './check/ids.js';
import { checkProcess } from './check/process.js';
import { checkServices } from './check/services.js';
import { checkStructure } from './check/structure.js';
import type { ModelFiles } from './files.js';
import { isRecord, loadSources, type MergedSources } from './merge.js';
import { ModelError, sortProblems, type ModelProblem } from './problems.js';
import { describeIssues, type PathProblem } from './schema-issues.js';
import { TwinModel } from './schema/index.js';
import { locate, problemAt } from './source.js';

export interface LoadedModel {
  model: TwinModel;
  /** SHA-256 of the model's canonical JSON (RFC 8785): identifies a model version. */
  hash: string;
  files: string[];
}

/**
 * Reads, merges, validates and checks a model. Collects every problem
 * instead of stopping at the first, so one run shows users all there is to fix.
 */
export async function checkModel(entry: string, files: ModelFiles): Promise<{ loaded?: LoadedModel; problems: ModelProblem[] }> {
  const { merged, problems } = await loadSources(entry, files);
  if (!merged) return { problems: sortProblems(problems) };

  const pathProblems: PathProblem[] = [];
  const parsed = TwinModel.safeParse(merged.data, { reportInput: true });
  if (!parsed.success) pathProblems.push(...describeIssues(parsed.error.issues));

  // Unknown keys make an item fail its schema; drop them for the semantic
  // checks so one typo does not hide every other problem of that item.
  const ctx = buildContext(parsed.success ? merged.data : withoutUnknownKeys(merged.data, parsed.error.issues));
  const where = (p: (string | number)[]) => {
    const o = merged.origin(p);
    const { line, col } = locate(o.source, o.path);
    return `${o.source.file}:${line}:${col}`;
  };
  checkDuplicateIds(ctx, merged.data, where);
  checkStructure(ctx);
  checkServices(ctx);
  checkProcess(ctx);
  checkDetection(ctx);
  pathProblems.push(...ctx.problems);

  problems.push(...pathProblems.map((p) => toProblem(merged, p)));
  const unique = dedupe(problems);
  if (unique.length > 0 || !parsed.success) return { problems: sortProblems(unique) };
  const model = parsed.data;
  return {
    loaded: { model, hash: hashModel(model), files: merged.sources.map((s) => s.file) },
    problems: [],
  };
}

/** Like checkModel, but throws a ModelError holding every problem. */
export async function loadModel(entry: string, files: ModelFiles): Promise<LoadedModel> {
  const { loaded, problems } = await checkModel(entry, files);
  if (!loaded) throw new ModelError('invalid-model', problems);
  return loaded;
}

export function hashModel(model: TwinModel): string {
  return createHash('sha256').update(canonicalJson(model)).digest('hex');
}

function toProblem(merged: MergedSources, p: PathProblem): ModelProblem {
  const o = merged.origin(p.path);
  return problemAt(o.source, o.path, p.message, p.key);
}

function withoutUnknownKeys(data: Record<string, unknown>, issues: readonly z.core.$ZodIssue[]): Record<string, unknown> {
  const copy = structuredClone(data);
  for (const issue of issues) {
    if (issue.code !== 'unrecognized_keys') continue;
    const target = getIn(copy, issue.path.filter((s): s is string | number => typeof s !== 'symbol'));
    if (isRecord(target)) for (const key of issue.keys) delete target[key];
  }
  return copy;
}

function dedupe(problems: ModelProblem[]): ModelProblem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const k = `${p.file}|${p.line}|${p.col}|${p.path}|${p.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
