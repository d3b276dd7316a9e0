export type Separator = ',' | ';' | '\t';

/** Tried on ties in this order: a `;` or tab header rarely contains the other characters by accident, a `,` one often does. */
const CANDIDATES: readonly Separator[] = ['\t', ';', ','];

/**
 * The separator a header line uses: the candidate that occurs most often
 * outside double quotes. Returns undefined when none occurs, i.e. the header
 * has a single column and no data column could follow it.
 */
export function detectSeparator(headerLine: string): Separator | undefined {
  const counts = new Map<string, number>(CANDIDATES.map((c) => [c, 0]));
  let quoted = false;
  for (const ch of headerLine) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && counts.has(ch)) counts.set(ch, counts.get(ch)! + 1);
  }
  let best: Separator | undefined;
  for (const c of CANDIDATES) if (counts.get(c)! > (best ? counts.get(best)! : 0)) best = c;
  return best;
}

/**
 * Reads `input` up to the end of its first line without losing anything:
 * returns that line (BOM and line break removed) and an iterable replaying
 * every byte read so far followed by the rest. `limit` bounds how far it
 * looks, so a file without line breaks cannot exhaust memory. Call `close`
 * when `all` will not be read, to release the input.
 */
export async function peekFirstLine(
  input: AsyncIterable<Buffer | string>,
  limit = 1 << 20,
): Promise<{ line: string | undefined; all: AsyncIterable<Buffer>; close: () => Promise<void> }> {
  const it = input[Symbol.asyncIterator]();
  const seen: Buffer[] = [];
  let size = 0;
  let line: string | undefined;
  let ended = false;
  while (line === undefined && size <= limit) {
    const r = await it.next();
    if (r.done) {
      ended = true;
      if (size > 0) line = Buffer.concat(seen).toString('utf8');
      break;
    }
    const chunk = typeof r.value === 'string' ? Buffer.from(r.value) : r.value;
    seen.push(chunk);
    size += chunk.length;
    const nl = chunk.indexOf(0x0a);
    if (nl >= 0) line = Buffer.concat(seen).subarray(0, size - chunk.length + nl).toString('utf8');
  }
  const close = async () => {
    await it.return?.();
  };
  async function* all(): AsyncGenerator<Buffer> {
    try {
      yield* seen;
      if (ended) return;
      for (;;) {
        const r = await it.next();
        if (r.done) return;
        yield typeof r.value === 'string' ? Buffer.from(r.value) : r.value;
      }
    } finally {
      // Abandoned early (a bad header, stop()): release the file behind the input.
      if (!ended) await close();
    }
  }
  return { line: line?.replace(/^\uFEFF/, '').replace(/\r$/, ''), all: all(), close };
}
