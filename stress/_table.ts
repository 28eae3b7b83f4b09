// The stress suite's one table: a row per load, with what was asked of it and whether it held.

/** One load's outcome. */
export interface StressRow {
  load: string;
  count: number;
  /** Statuses seen, e.g. "200×9000 400×1000". */
  statuses: string;
  /** Latency percentiles, ms. */
  p50?: number;
  p99?: number;
  /** Server RSS before and after, MiB. */
  rssBefore?: number;
  rssAfter?: number;
  /** Requests or jobs lost (no answer, connection errors), or "server died". */
  lost: string;
  target: string;
  met: boolean;
  /** For a target with a time limit: whether all but the time was met (tests judge this). */
  metButTime?: boolean;
  /** What else the row measured. */
  note?: string;
}

/** Counts statuses into "200×9000 400×12". */
export function countStatuses(statuses: Iterable<number | string>): string {
  const counts = new Map<string, number>();
  for (const s of statuses) counts.set(String(s), (counts.get(String(s)) ?? 0) + 1);
  return [...counts].sort().map(([s, n]) => `${s}×${n}`).join(" ");
}

/** The p-th percentile (0–100) of `values`. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** Prints the table (Markdown). */
export function printTable(rows: StressRow[]): void {
  const n = (x?: number) =>
    x === undefined || Number.isNaN(x)
      ? ""
      : x < 10
      ? x.toFixed(2)
      : Math.round(x).toLocaleString("en");
  console.log(
    "\n| load | count | statuses | p50 / p99 ms | RSS before → after MiB | lost | target | met |",
  );
  console.log("| --- | --- | --- | --- | --- | --- | --- | --- |");
  for (const r of rows) {
    const latency = r.p50 === undefined ? "" : `${n(r.p50)} / ${n(r.p99)}`;
    const rss = r.rssBefore === undefined ? "" : `${n(r.rssBefore)} → ${n(r.rssAfter)}`;
    const note = r.note ? ` (${r.note})` : "";
    console.log(
      `| ${r.load}${note} | ${
        r.count.toLocaleString("en")
      } | ${r.statuses} | ${latency} | ${rss} | ${r.lost} | ${r.target} | ${
        r.met ? "yes" : "**NO**"
      } |`,
    );
  }
}
