// The first job after a server starts, submit → result: the job pools start on first use, so this
// job pays for starting a process (process mode: `deno run` of the job runner, which imports the
// job's module) or a Web Worker. Beside it, a just-started bare server's first job. Every round
// starts fresh servers, so each figure is a real first job.
import { startClient, startServer, type Variant } from "./_process.ts";
import type { Pairs } from "./_stats.ts";
import { type Row, rowOf } from "./_table.ts";
import type { Settings } from "./_settings.ts";

const MODES = ["process", "worker"] as const;

/** One fresh server's first job, in milliseconds. */
async function firstJob(variant: Variant, args: string[]): Promise<number> {
  const server = await startServer(variant, args);
  const client = await startClient(server);
  try {
    const { ms } = await client.send({ op: "once", call: "job" });
    return ms;
  } finally {
    await client.stop();
    await server.stop();
  }
}

/** The first-job rows, one per job mode that has a pool. */
export async function firstJobRows(settings: Settings): Promise<Row[]> {
  const pairs: Record<string, Pairs> = {};
  for (let round = 0; round < settings.rounds; round++) {
    for (const mode of MODES) {
      const tarp = await firstJob("tarp", [`--jobs=${mode}`]);
      const bare = await firstJob("bare", []);
      console.error(`  first job: ${mode} ${tarp.toFixed(1)} ms, bare ${bare.toFixed(1)} ms`);
      ((pairs[mode] ??= {}).tarp ??= []).push([tarp, bare]);
    }
  }
  return MODES.map((mode) =>
    rowOf(`first job after start, submit → result, ${mode} mode`, "ms", pairs[mode], false)
  );
}
