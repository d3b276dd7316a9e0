import { TwinwardError } from '../common/errors.js';

/** One thing wrong with a model, located in the file the user wrote. */
export interface ModelProblem {
  file: string;
  /** 1-based line and column; 1:1 when the problem concerns the whole file. */
  line: number;
  col: number;
  /** Path inside that file, e.g. `assets[3].zone`. */
  path: string;
  message: string;
}

export type ModelErrorCode = 'invalid-model' | 'unreadable';

/** Raised by `loadModel` when a model cannot be used; carries every problem found. */
export class ModelError extends TwinwardError<ModelErrorCode> {
  readonly problems: ModelProblem[];
  constructor(code: ModelErrorCode, problems: ModelProblem[], options?: { cause?: unknown }) {
    const first = problems[0];
    super(
      code,
      problems.length === 1 && first ? formatProblem(first) : `${problems.length} problems in the model`,
      options,
    );
    this.problems = problems;
  }
}

/** `<file>:<line>:<col> <path>: <message>`, the form editors and CI logs understand. */
export function formatProblem(p: ModelProblem): string {
  return `${p.file}:${p.line}:${p.col} ${p.path || '(model)'}: ${p.message}`;
}

/** Renders a path the way users write it: `assets[3].zone`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else out += out === '' ? String(seg) : `.${String(seg)}`;
  }
  return out;
}

/** Stable order: by file, then position, then path. */
export function sortProblems(problems: ModelProblem[]): ModelProblem[] {
  return [...problems].sort(
    (a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.col - b.col || a.path.localeCompare(b.path),
  );
}
