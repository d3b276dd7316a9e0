import type { Output } from './output.js';

/**
 * Text columns padded to their widest cell (at least `min`), two spaces
 * apart; the last column is never padded, so a long last cell does not
 * widen the others. Rows printed later (`--follow`) reuse the widths, so a
 * longer cell shifts only its own row.
 */
export class TextTable {
  readonly widths: number[];
  constructor(
    readonly head: readonly string[],
    rows: readonly (readonly string[])[],
    readonly indent = '',
    min: readonly number[] = [],
  ) {
    this.widths = head.map((h, i) => Math.max(h.length, min[i] ?? 0, ...rows.map((r) => r[i]!.length)));
  }

  line(cells: readonly string[]): string {
    return this.indent + cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(this.widths[i]!))).join('  ').trimEnd();
  }
}

/** Prints a head line and rows as a TextTable; returns it for rows printed later. */
export function table(io: Output, head: readonly string[], rows: readonly (readonly string[])[], indent = '', min: readonly number[] = []): TextTable {
  const t = new TextTable(head, rows, indent, min);
  io.out(t.line(head));
  for (const r of rows) io.out(t.line(r));
  return t;
}

/** A probability as a percentage: whole near 0 and 100 %, else one decimal. */
export const percent = (p: number) => `${(p * 100).toFixed(p >= 0.995 || p < 0.001 ? 0 : 1)}%`;
/** Hours to one decimal at most: "2 h", "0.5 h". */
export const hours = (h: number) => `${Number(h.toFixed(1))} h`;
