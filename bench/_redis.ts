// Group `redis`: the job rows over Redis (jobs_redis.ts: the BullMQ backend and `tarp worker`,
// beside BullMQ alone), put in the table's row shape. Needs redis-server (Debian's package).
import { run as measure } from "./jobs_redis.ts";
import type { Row } from "./_table.ts";
import type { Settings } from "./_settings.ts";

/** Runs the Redis rows; a quick run measures for a second, a full one for five. */
export async function run(settings: Settings): Promise<Row[]> {
  const seconds = settings.rounds <= 2 ? 1 : 5;
  return (await measure(seconds)).map((row) => {
    const ratio = row.higherIsBetter ? row.tarp / row.bare : row.bare / row.tarp;
    return {
      name: `${row.name} (bare: BullMQ alone)`,
      unit: row.unit,
      tarp: row.tarp,
      bare: row.bare,
      ratios: { tarp: ratio },
      spread: {},
    };
  });
}

/** What the Redis rows measure. */
export function notes(): string[] {
  return [
    "Redis rows: a real redis-server on a free port; TARP is makeServer({ jobs: bullmq(...) }) " +
    "with `tarp worker` processes; bare is BullMQ alone (a Queue, QueueEvents and bare Workers) " +
    "doing the same trivial job. One measurement each, not paired blocks.",
  ];
}
