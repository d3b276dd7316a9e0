import type { ModelFiles } from './files.js';
import { isModelFileName } from './files.js';
import type { ModelProblem } from './problems.js';
import { parseSource, problemAt, type Segment, type SourceFile } from './source.js';

/** Where a piece of the merged model was written. */
interface Origin {
  source: SourceFile;
  path: Segment[];
}

/** The merged model data and a way back from any merged path to its file. */
export interface MergedSources {
  data: Record<string, unknown>;
  sources: SourceFile[];
  /** Maps a path in the merged data to the file and local path that wrote it. */
  origin(path: readonly Segment[]): Origin;
}

/** Objects whose arrays are concatenated across files, like the top level. */
const NESTED_COLLECTIONS = new Set(['process', 'detection']);
const MAX_FILES = 1000;

/**
 * Loads `entry` (a file or a directory of model files) and everything it
 * includes, then merges them: arrays are concatenated in load order, other
 * keys may be set by one file only. Include paths are relative to the file
 * that names them; a file reached twice is read once.
 */
export async function loadSources(entry: string, files: ModelFiles): Promise<{ merged?: MergedSources; problems: ModelProblem[] }> {
  const problems: ModelProblem[] = [];
  const sources: SourceFile[] = [];
  const seen = new Set<string>();

  const visit = async (path: string, from?: { source: SourceFile; at: Segment[] }): Promise<void> => {
    const kind = await files.kind(path).catch(() => undefined);
    const fail = (message: string) =>
      problems.push(from ? problemAt(from.source, from.at, message) : { file: path, line: 1, col: 1, path: '', message });
    if (kind === undefined) return void fail(`cannot read ${path}: no such file or directory`);
    if (kind === 'dir') {
      const names = (await files.list(path)).filter(isModelFileName).sort();
      if (names.length === 0) return void fail(`directory ${path} holds no .yaml, .yml or .json model file`);
      for (const name of names) await visit(files.join(path, name), from);
      return;
    }
    const id = await files.identity(path);
    if (seen.has(id)) return;
    if (seen.size >= MAX_FILES) return void fail(`more than ${MAX_FILES} model files; is an include looping?`);
    seen.add(id);
    let text: string;
    try {
      text = await files.read(path);
    } catch (err) {
      return void fail(`cannot read ${path}: ${(err as Error).message}`);
    }
    const parsed = parseSource(path, text);
    problems.push(...parsed.problems);
    if (parsed.problems.length > 0) return;
    const source = parsed.source;
    if (!isRecord(source.data)) {
      problems.push(problemAt(source, [], 'expected a mapping (key: value pairs) at the top of a model file'));
      return;
    }
    sources.push(source);
    const include = source.data.include;
    if (include === undefined) return;
    if (!Array.isArray(include)) {
      problems.push(problemAt(source, ['include'], 'expected a list of file or directory paths'));
      return;
    }
    for (const [i, rel] of include.entries()) {
      if (typeof rel !== 'string' || rel === '') {
        problems.push(problemAt(source, ['include', i], 'expected a file or directory path'));
        continue;
      }
      await visit(files.resolve(path, rel), { source, at: ['include', i] });
    }
  };

  await visit(entry);
  if (sources.length === 0) return { problems };
  return { merged: mergeSources(sources, problems), problems };
}

function mergeSources(sources: SourceFile[], problems: ModelProblem[]): MergedSources {
  const data: Record<string, unknown> = {};
  const origins = new Map<string, Origin>();
  const keyOf = (path: readonly Segment[]) => path.join('\u0000');
  const setOrigin = (path: Segment[], origin: Origin) => origins.set(keyOf(path), origin);

  const mergeInto = (target: Record<string, unknown>, value: Record<string, unknown>, source: SourceFile, prefix: Segment[]) => {
    for (const [key, v] of Object.entries(value)) {
      if (prefix.length === 0 && key === 'include') continue;
      const path = [...prefix, key];
      const existing = target[key];
      if (Array.isArray(v) && (existing === undefined || Array.isArray(existing))) {
        const list = (existing as unknown[] | undefined) ?? [];
        if (existing === undefined) setOrigin(path, { source, path });
        v.forEach((item, i) => setOrigin([...path, list.length + i], { source, path: [...path, i] }));
        target[key] = list.concat(v);
      } else if (prefix.length === 0 && NESTED_COLLECTIONS.has(key) && isRecord(v) && (existing === undefined || isRecord(existing))) {
        const nested = (existing as Record<string, unknown> | undefined) ?? {};
        if (existing === undefined) setOrigin(path, { source, path });
        target[key] = nested;
        mergeInto(nested, v, source, path);
      } else if (existing === undefined) {
        target[key] = v;
        setOrigin(path, { source, path });
      } else {
        const first = origins.get(keyOf(path));
        problems.push(
          problemAt(source, path, `"${key}" is already set in ${first?.source.file ?? 'another file'}; only lists can be split across files`, true),
        );
      }
    }
  };
  for (const source of sources) mergeInto(data, source.data as Record<string, unknown>, source, []);

  const root: Origin = { source: sources[0]!, path: [] };
  return {
    data,
    sources,
    origin(path) {
      for (let n = path.length; n > 0; n--) {
        const hit = origins.get(keyOf(path.slice(0, n)));
        if (hit) return { source: hit.source, path: [...hit.path, ...path.slice(n)] };
      }
      return { source: root.source, path: [...path] };
    },
  };
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
