// Shared measuring tools for `deno task bench`: fixed-duration loops and the report table.

/** One row of the report: TARP beside its bare baseline, measured in the same run. */
export interface Row {
  name: string;
  unit: string;
  tarp: number;
  bare: number;
  /** True when a larger number is better (throughput), false for latencies. */
  higherIsBetter: boolean;
  target?: string;
}

/** Runs `call` from `concurrency` loops for `seconds`; returns completed calls per second. */
export async function callsPerSecond(
  call: () => Promise<unknown>,
  concurrency: number,
  seconds: number,
): Promise<number> {
  const warmUntil = performance.now() + Math.min(500, seconds * 250);
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (performance.now() < warmUntil) await call();
  }));
  let done = 0;
  const start = performance.now();
  const end = start + seconds * 1000;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (performance.now() < end) {
      await call();
      done++;
    }
  }));
  return done / ((performance.now() - start) / 1000);
}

/** Measures TARP and bare alternately, twice each, keeping each side's best. */
export async function sideBySide(
  tarp: () => Promise<number>,
  bare: () => Promise<number>,
): Promise<{ tarp: number; bare: number }> {
  let t = 0;
  let b = 0;
  for (let i = 0; i < 2; i++) {
    b = Math.max(b, await bare());
    t = Math.max(t, await tarp());
  }
  return { tarp: t, bare: b };
}

/** Formats the ratio the way the issues ask: TARP/bare for throughput, bare/TARP for latency. */
export function ratio(row: Row): number {
  return row.higherIsBetter ? row.tarp / row.bare : row.bare / row.tarp;
}

/** Prints the report table. */
export function printRows(rows: Row[]): void {
  const fmt = (n: number) => n >= 100 ? Math.round(n).toLocaleString("en") : n.toFixed(2);
  console.log("\n| benchmark | TARP | bare baseline | ratio | target |");
  console.log("| --- | --- | --- | --- | --- |");
  for (const r of rows) {
    console.log(
      `| ${r.name} | ${fmt(r.tarp)} ${r.unit} | ${fmt(r.bare)} ${r.unit} | ${
        ratio(r).toFixed(2)
      } | ${r.target ?? ""} |`,
    );
  }
}
