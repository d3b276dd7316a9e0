/** One line of a log, without its line break. */
export interface Line {
  /** 1-based. */
  number: number;
  text: string;
  /** The line was longer than the limit: `text` is its start only. */
  tooLong?: boolean;
}

/**
 * Cuts a byte stream into lines (`\n` or `\r\n`), keeping line numbers.
 * Works on bytes so a multi-byte UTF-8 character split across chunks stays
 * whole. Memory is bounded by `maxBytes`: a longer line is reported with
 * `tooLong` and the rest of it is dropped, so a log without line breaks
 * (or a binary file) cannot exhaust memory.
 */
export class LineSplitter {
  readonly #max: number;
  #parts: Buffer[] = [];
  #size = 0;
  #overflow = false;
  #number = 0;

  constructor(maxBytes = 1 << 16) {
    this.#max = maxBytes;
  }

  /** Lines completed by `chunk`. */
  push(chunk: Buffer): Line[] {
    const out: Line[] = [];
    let start = 0;
    for (let nl = chunk.indexOf(0x0a); nl >= 0; nl = chunk.indexOf(0x0a, start)) {
      this.#append(chunk.subarray(start, nl));
      out.push(this.#take());
      start = nl + 1;
    }
    this.#append(chunk.subarray(start));
    return out;
  }

  /** The last line when the input ended without a line break. */
  end(): Line | undefined {
    return this.#size > 0 || this.#overflow ? this.#take() : undefined;
  }

  /** Start over at line 1 (the file was truncated or rotated). */
  reset(): void {
    this.#parts = [];
    this.#size = 0;
    this.#overflow = false;
    this.#number = 0;
  }

  #append(b: Buffer): void {
    if (b.length === 0) return;
    if (this.#size + b.length > this.#max) {
      const room = this.#max - this.#size;
      if (room > 0) this.#parts.push(Buffer.from(b.subarray(0, room)));
      this.#size = this.#max;
      this.#overflow = true;
      return;
    }
    // Copy: the caller may reuse its read buffer.
    this.#parts.push(Buffer.from(b));
    this.#size += b.length;
  }

  #take(): Line {
    let text = Buffer.concat(this.#parts).toString('utf8');
    if (text.endsWith('\r')) text = text.slice(0, -1);
    const line: Line = { number: ++this.#number, text, ...(this.#overflow ? { tooLong: true } : {}) };
    this.#parts = [];
    this.#size = 0;
    this.#overflow = false;
    return line;
  }
}
