/**
 * Deterministic placement of zones and their assets for cytoscape's built-in
 * 'preset' layout. Zones keep their order (by Purdue level) reading left to
 * right, top to bottom. The number of rows, and how many asset columns a
 * zone gets, are chosen to fill the viewport's shape, so the fitted graph is
 * drawn as large (and as legible) as possible.
 */

export interface Size {
  w: number;
  h: number;
}
export interface Point {
  x: number;
  y: number;
}

export interface ZoneBlock {
  /** Node id of the zone. */
  id: string;
  label: string;
  /** Node ids of its assets, in display order. */
  members: string[];
}

export interface Placement {
  /** Asset node positions, plus zone node positions for zones without assets. */
  positions: Map<string, Point>;
  /** Zone labels broken into lines that fit the zone's box. */
  labels: Map<string, string>;
  /** Row (0 = top) and column (0 = left) of each zone node. */
  slots: Map<string, { row: number; col: number }>;
}

/** Widest a conduit label may be between two zones of the same row: the gap between them. */
export const LATERAL_LABEL_WIDTH = 92;

/** Space per asset: node plus a two-line label under it. */
const CELL: Size = { w: 96, h: 70 };
/** Padding inside a zone box (matches the style's `padding`). */
const ZONE_PAD = 14;
/** Zone label metrics at the style's font size (13px bold), estimated. */
const LABEL_CHAR_W = 7.4;
const LABEL_LINE_H = 17;
/** Gaps between zone boxes: room for the conduit labels. */
const GAP: Size = { w: 100, h: 70 };

/** Greedy word wrap to at most `maxChars` per line (a longer word gets a line of its own). */
export function wrapWords(text: string, maxChars: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && line.length + 1 + word.length > maxChars) {
      lines.push(line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  if (line) lines.push(line);
  return lines;
}

interface Shaped {
  cols: number;
  size: Size;
  label: string[];
}

function shape(zone: ZoneBlock, maxCols: number): Shaped {
  const n = Math.max(zone.members.length, 1);
  const rows = Math.ceil(n / maxCols);
  const cols = Math.ceil(n / rows);
  const w = cols * CELL.w + 2 * ZONE_PAD;
  const label = wrapWords(zone.label, Math.max(8, Math.floor(w / LABEL_CHAR_W)));
  return { cols, size: { w, h: rows * CELL.h + 2 * ZONE_PAD + label.length * LABEL_LINE_H }, label };
}

const rowWidth = (row: number[], sizes: Size[]) => row.reduce((acc, i) => acc + (sizes[i]?.w ?? 0), 0) + GAP.w * (row.length - 1);
const rowHeight = (row: number[], sizes: Size[]) => Math.max(...row.map((i) => sizes[i]?.h ?? 0));

/** Splits zones, in order, into rows no wider than `limit` (a wider zone gets a row of its own). */
function pack(sizes: Size[], limit: number): number[][] {
  const rows: number[][] = [];
  let row: number[] = [];
  for (let i = 0; i < sizes.length; i++) {
    if (row.length > 0 && rowWidth([...row, i], sizes) > limit) {
      rows.push(row);
      row = [];
    }
    row.push(i);
  }
  if (row.length > 0) rows.push(row);
  return rows;
}

/** Up to this many zones every way of breaking the sequence into rows is tried; beyond, greedy packing. */
const EXHAUSTIVE_MAX = 12;

/** Candidate row splits of zones 0..n-1, each keeping the zones' order. */
function* splits(sizes: Size[]): Generator<number[][]> {
  const n = sizes.length;
  if (n <= EXHAUSTIVE_MAX) {
    for (let mask = 0; mask < 2 ** Math.max(n - 1, 0); mask++) {
      const rows: number[][] = [[0]];
      for (let i = 1; i < n; i++) {
        if (mask & (1 << (i - 1))) rows.push([i]);
        else rows[rows.length - 1]?.push(i);
      }
      yield rows;
    }
    return;
  }
  const total = rowWidth(sizes.map((_, i) => i), sizes);
  const widest = Math.max(0, ...sizes.map((s) => s.w));
  for (let k = 1; k <= n; k++) yield pack(sizes, Math.max(widest, total / k));
}

function extent(rows: number[][], sizes: Size[]): Size {
  const w = Math.max(0, ...rows.map((r) => rowWidth(r, sizes)));
  const h = rows.reduce((acc, r) => acc + rowHeight(r, sizes), 0) + GAP.h * Math.max(rows.length - 1, 0);
  return { w, h };
}

/** Places zones and assets; `viewport` (the container's size in pixels) only steers the choice of shape. */
export function placeZones(zones: ZoneBlock[], viewport: Size): Placement {
  let best: { rows: number[][]; shaped: Shaped[]; scale: number } | null = null;
  for (const maxCols of [2, 3, 4, 5]) {
    const shaped = zones.map((z) => shape(z, maxCols));
    const sizes = shaped.map((s) => s.size);
    if (sizes.length === 0) break;
    for (const rows of splits(sizes)) {
      const e = extent(rows, sizes);
      const scale = Math.min(viewport.w / Math.max(e.w, 1), viewport.h / Math.max(e.h, 1));
      if (!best || scale > best.scale + 1e-9) best = { rows, shaped, scale };
    }
  }

  const positions = new Map<string, Point>();
  const labels = new Map<string, string>();
  const slots = new Map<string, { row: number; col: number }>();
  if (!best) return { positions, labels, slots };
  const sizes = best.shaped.map((s) => s.size);
  const width = extent(best.rows, sizes).w;
  let top = 0;
  for (const [r, row] of best.rows.entries()) {
    let left = (width - rowWidth(row, sizes)) / 2;
    const height = rowHeight(row, sizes);
    for (const [col, i] of row.entries()) {
      const zone = zones[i];
      const s = best.shaped[i];
      if (!zone || !s) continue;
      labels.set(zone.id, s.label.join('\n'));
      slots.set(zone.id, { row: r, col });
      // Boxes of one row share their bottom edge, so conduit labels between rows line up.
      const x0 = left + ZONE_PAD + CELL.w / 2;
      const y0 = top + height - s.size.h + s.label.length * LABEL_LINE_H + ZONE_PAD + CELL.h / 2 - 12;
      if (zone.members.length === 0) positions.set(zone.id, { x: x0, y: y0 });
      zone.members.forEach((id, j) => positions.set(id, { x: x0 + (j % s.cols) * CELL.w, y: y0 + Math.floor(j / s.cols) * CELL.h }));
      left += s.size.w + GAP.w;
    }
    top += height + GAP.h;
  }
  return { positions, labels, slots };
}
