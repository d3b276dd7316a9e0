import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import type { ModelProblem } from './problems.js';
import { formatPath } from './problems.js';

/**
 * One model file parsed with positions. YAML 1.2 is a superset of JSON, so
 * JSON files go through the same parser and get the same line/column errors.
 */
export interface SourceFile {
  /** The path as the user gave it (relative paths stay relative in messages). */
  file: string;
  doc: Document.Parsed;
  lines: LineCounter;
  data: unknown;
}

export type Segment = string | number;

/** Parses `text`; syntax errors come back as problems, never as exceptions. */
export function parseSource(file: string, text: string): { source: SourceFile; problems: ModelProblem[] } {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: true, uniqueKeys: true, strict: true });
  const problems: ModelProblem[] = [];
  // Later syntax errors mostly cascade from the first; reporting it alone is clearer.
  const err = doc.errors[0];
  if (err) {
    const pos = err.linePos?.[0] ?? lines.linePos(err.pos[0]);
    problems.push({ file, line: pos.line, col: pos.col, path: '', message: `syntax error: ${firstLine(err.message).replace(/ at line \d+, column \d+:?$/, '')}` });
  }
  const data = problems.length === 0 ? doc.toJS({ maxAliasCount: 100 }) : undefined;
  return { source: { file, doc, lines, data }, problems };
}

/**
 * Finds where `path` is written. Walks as deep as the document goes, so a
 * missing field points at the object that should hold it. With `key`, points
 * at the key of the last segment instead of its value.
 */
export function locate(source: SourceFile, path: readonly Segment[], key = false): { line: number; col: number } {
  let node: unknown = source.doc.contents;
  let at: Node | undefined = isNodeLike(node) ? node : undefined;
  for (let i = 0; i < path.length; i++) {
    const seg = path[i];
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(seg));
      if (!pair) break;
      if (key && i === path.length - 1 && isNodeLike(pair.key)) {
        at = pair.key;
        break;
      }
      node = pair.value;
    } else if (isSeq(node) && typeof seg === 'number') {
      node = node.items[seg];
    } else {
      break;
    }
    if (!isNodeLike(node)) break;
    at = node;
  }
  const offset = at?.range?.[0] ?? 0;
  const pos = source.lines.linePos(offset);
  return { line: pos.line, col: pos.col };
}

/** A problem at `path` in `source`. */
export function problemAt(source: SourceFile, path: readonly Segment[], message: string, key = false): ModelProblem {
  const { line, col } = locate(source, path, key);
  return { file: source.file, line, col, path: formatPath(path), message };
}

function isNodeLike(v: unknown): v is Node {
  return typeof v === 'object' && v !== null && 'range' in v;
}

function firstLine(s: string): string {
  return s.split('\n')[0] ?? s;
}
