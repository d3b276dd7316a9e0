// Shared by bench/run.ts and the sections it calls (bench/ledger.ts): every
// figure is reported beside a baseline measured in the same run, as a ratio.

export interface Row {
  what: string;
  value: number;
  unit: string;
  baseline: string;
  baseValue: number;
}

/** Rows of the BENCHMARKS.md table, in the order measured. */
export const rows: Row[] = [];
/** Latency lines ("- Latency, ..." in BENCHMARKS.md). */
export const latencies: string[] = [];

export const rate = (n: number, ms: number) => (n * 1000) / ms;

export const time = async (fn: () => Promise<unknown> | unknown) => {
  const t = performance.now();
  await fn();
  return performance.now() - t;
};

export const fmt = (v: number) => (v >= 100 ? Math.round(v).toLocaleString('en-US') : v.toFixed(2));

/** Two decimals, or two significant digits below 0.01 (so a small ratio does not print as 0.00). */
export const ratio = (x: number) => (x < 0.01 ? x.toPrecision(2) : x.toFixed(2));

export const report = (r: Row) => {
  rows.push(r);
  console.log(`${r.what.padEnd(58)} ${fmt(r.value).padStart(10)} ${r.unit.padEnd(9)} | ${r.baseline}: ${fmt(r.baseValue)} ${r.unit} | ratio ${(r.value / r.baseValue).toFixed(2)}`);
};

/** Adds a latency line and prints it. */
export const latency = (line: string) => {
  latencies.push(line);
  console.log(`  ${line}`);
};
