// The stress suite's short version (`deno task stress --short`): the same loads on servers in
// their own processes, bounded to seconds. Every row must meet its target. Linux only (/proc).
import assert from "node:assert/strict";
import { runStress, SCALES } from "../stress/main.ts";
import { printTable } from "../stress/_table.ts";

Deno.test({
  name: "stress, short: fuzz, faults, concurrent clients and a soak all meet their targets",
  ignore: Deno.build.os !== "linux",
  fn: async () => {
    const rows = await runStress(SCALES.short);
    // Time limits are the full run's to judge: this one shares the machine with other tests.
    const missed = rows.filter((r) => !r.met && !r.metButTime);
    if (missed.length) printTable(rows);
    assert.deepEqual(missed.map((r) => r.load), []);
  },
});
