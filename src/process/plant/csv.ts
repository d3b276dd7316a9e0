import type { Tag } from '../../model/index.js';
import type { StepResult } from './simulator.js';

/**
 * Labelled CSV of a run, one row per `interval` ms:
 *   time,<tag ids in model order>,label,class,injections,target
 * `time` is the row's start (ISO 8601). A tag's cell holds its last sample
 * delivered in [time, time + interval); it is empty when all its samples
 * due in that window were lost (message-loss), and repeats the last
 * delivered value when none was due (slower tags). The label columns are
 * the ground truth at `time`: label 1 if any injection is active, class
 * attack|fault or empty (attack wins), the active injection ids and their
 * targets, semicolon-separated.
 */
export class CsvEncoder {
  readonly header: string;
  #tags: Map<string, number>;
  #interval: number;
  #rowStart: number | undefined;
  #rowLabel: StepResult['label'] | undefined;
  #last: (string | undefined)[];
  #got: boolean[];
  #lost: boolean[];
  rows = 0;

  /** Requires interval ≥ 1 ms; steps must come in time order. */
  constructor(tags: readonly Tag[], interval: number) {
    this.#tags = new Map(tags.map((t, i) => [t.id, i]));
    this.#interval = interval;
    this.header = ['time', ...tags.map((t) => csvField(t.id)), 'label', 'class', 'injections', 'target'].join(',');
    this.#last = tags.map(() => undefined);
    this.#got = tags.map(() => false);
    this.#lost = tags.map(() => false);
  }

  /** Takes one step's samples; returns the rows it completed. */
  add(step: StepResult): string[] {
    const out: string[] = [];
    if (this.#rowStart === undefined) this.#open(step);
    while (step.time >= this.#rowStart! + this.#interval) {
      out.push(this.#row());
      this.#rowStart! += this.#interval;
      if (step.time < this.#rowStart! + this.#interval) this.#rowLabel = step.label;
    }
    if (step.time === this.#rowStart) this.#rowLabel = step.label;
    for (const s of step.samples) {
      const i = this.#tags.get(s.tag);
      if (i === undefined) continue;
      this.#last[i] = formatNumber(s.value);
      this.#got[i] = true;
    }
    for (const id of step.dropped) {
      const i = this.#tags.get(id);
      if (i !== undefined) this.#lost[i] = true;
    }
    return out;
  }

  /** The last row, if any step has been added since the last one completed. */
  finish(): string[] {
    if (this.#rowStart === undefined) return [];
    const row = this.#row();
    this.#rowStart = undefined;
    return [row];
  }

  #open(step: StepResult): void {
    this.#rowStart = step.time;
    this.#rowLabel = step.label;
  }

  #row(): string {
    const cells = this.#last.map((v, i) => {
      const cell = this.#lost[i] && !this.#got[i] ? '' : (v ?? '');
      this.#got[i] = false;
      this.#lost[i] = false;
      return cell;
    });
    const l = this.#rowLabel!;
    this.rows++;
    return [new Date(this.#rowStart!).toISOString(), ...cells, l.active.length > 0 ? '1' : '0', l.class, csvField(l.active.join(';')), csvField(l.targets.join(';'))].join(',');
  }
}

/** Up to 7 significant digits, without trailing zeros; integers as they are. */
export function formatNumber(v: number): string {
  if (Number.isInteger(v)) return String(v);
  return String(Number(v.toPrecision(7)));
}

/** RFC 4180 quoting when a field holds a comma, quote or line break. */
export function csvField(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
