// `deno task bench --quick` runs every benchmark row end to end (real processes, wrk, every peer)
// and prints the table. No timing thresholds: speed is read from the table, never asserted.
import assert from "node:assert/strict";
import { WORST_SHAPES } from "../bench/_shapes.ts";

const root = new URL("../", import.meta.url);
const results = new URL("../bench/results.md", import.meta.url);

const PEERS = ["Hono", "oRPC", "tRPC", "Cap'n Web"];
const WORST_SHAPE_NAMES = Object.keys(WORST_SHAPES);
/**
 * Every row the table must have (by the start of its name), which peers measure it, and whether
 * TARP `quiet` is measured too (rows of a server's own work are; the codec's and first jobs' not).
 */
const ROWS: [string, string[], boolean?][] = [
  ["server only, wrk -c32: GET endpoint", ["Hono", "oRPC", "tRPC"]],
  ["server only, wrk -c32: GET endpoint, server CPU per request", ["Hono", "oRPC", "tRPC"]],
  ["server only, wrk -c32: RPC POST JSON", PEERS],
  ["server only, wrk -c32: RPC POST JSON add(1, 2), server CPU per request", PEERS],
  // The same against a bare server that refuses invalid UTF-8 as TARP does: no peer on it.
  ["server only, wrk -c32: RPC POST JSON add(1, 2) (bare: strict UTF-8, as TARP)", []],
  ["server only, wrk -c32: RPC POST JSON add(1, 2) (bare: strict UTF-8, as TARP), server CPU", []],
  ["server only, wrk -c32: RPC POST CBOR", []],
  ["server only, wrk -c32: RPC POST CBOR add(1, 2) (bare: cbor-x), server CPU per request", []],
  ["add(1, 2) through its own client, sequential", PEERS],
  ["add(1, 2) through its own client, 32 concurrent", PEERS],
  ["1 MiB Float64Array echo through its own client", PEERS],
  ["job latency p50, submit → result, process mode", []],
  ["job latency p99, submit → result, process mode", []],
  ["trivial jobs/s, 32 concurrent callers, process mode", []],
  ["job latency p50, submit → result, worker mode", []],
  ["job latency p99, submit → result, worker mode", []],
  ["trivial jobs/s, 32 concurrent callers, worker mode", []],
  ["job latency p50, submit → result, inline mode", []],
  ["job latency p99, submit → result, inline mode", []],
  ["trivial jobs/s, 32 concurrent callers, inline mode", []],
  // Worker mode again, against a bare queue that also runs each job in a Web Worker.
  ["job latency p50, submit → result, worker mode (bare: the job in a Web Worker)", []],
  ["job latency p99, submit → result, worker mode (bare: the job in a Web Worker)", []],
  ["trivial jobs/s, 32 concurrent callers, worker mode (bare: the job in a Web Worker)", []],
  ["first job after start, submit → result, process mode", [], false],
  ["first job after start, submit → result, worker mode", [], false],
  ...["add(1, 2) call", "1 MiB Float64Array call", "100 small records call"].map((
    call,
  ): [string, string[], boolean] => [`codec: encode + decode ${call} (bare: cbor-x)`, [], false]),
  ...WORST_SHAPE_NAMES.flatMap((shape) =>
    [1, 8].map((mib): [string, string[], boolean] => [
      `codec: decoding ${shape}, ${mib} MiB body, time per MiB (bare: cbor-x)`,
      [],
      false,
    ])
  ),
  ["codec: decoding one 64 KiB bignum, maxBigIntBytes raised (bare: cbor-x)", [], false],
  ["server RSS at start", []],
  ["server RSS after", []],
  ["server RSS after", []], // the jobs' row, matched second
];

/** A cell that starts with a positive number (thousands separators allowed). */
function positive(cell: string): boolean {
  const n = Number(/^[\d,.]+/.exec(cell)?.[0].replaceAll(",", ""));
  return Number.isFinite(n) && n > 0;
}

Deno.test("deno task bench --quick: every row, with TARP, bare, ratios and peers", async () => {
  const before = await Deno.stat(results).then((s) => s.mtime?.getTime());
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["task", "bench", "--quick"],
    cwd: root,
    env: { NO_COLOR: "1" },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const stdout = new TextDecoder().decode(out.stdout);
  const stderr = new TextDecoder().decode(out.stderr);
  assert.equal(out.code, 0, `bench failed:\n${stdout}\n${stderr.slice(-3000)}`);

  assert.match(stdout, /^Date: \d{4}-\d\d-\d\d \d\d:\d\d UTC/m);
  assert.match(stdout, /^Machine: \d+ cores, .+, Deno \d+\.\d+/m);
  assert.match(stdout, /^Command: `deno task bench --quick`/m);
  const lines = stdout.split("\n").filter((l) => l.startsWith("| "));
  const head = lines[0].split(" | ").map((c) => c.replace(/^\| /, "").trim());
  const table = lines.slice(2).map((l) => l.slice(2, -2).split(" | ").map((c) => c.trim()));
  assert.equal(table.length, ROWS.length, lines.join("\n"));
  ROWS.forEach(([name, peers, quiet = true], i) => {
    const row = table[i];
    assert.ok(row[0].startsWith(name), `row ${i} is "${row[0]}", expected "${name}…"`);
    const cell = (title: string) => row[head.findIndex((h) => h.startsWith(title))];
    const measured = ["TARP", "bare", "TARP ÷ bare", ...quiet ? ["TARP `quiet` ÷ bare"] : []];
    for (const title of [...measured, ...peers]) {
      assert.ok(positive(cell(title)), `${row[0]}: "${title}" is "${cell(title)}"`);
    }
    if (!quiet) assert.equal(cell("TARP `quiet` ÷ bare"), "–");
    for (const peer of PEERS.filter((p) => !peers.includes(p))) assert.equal(cell(peer), "–");
  });
  // A smoke run must not overwrite the committed results of a full run.
  assert.equal(await Deno.stat(results).then((s) => s.mtime?.getTime()), before);
});

Deno.test("deno task bench --quick redis: the job rows over Redis, beside BullMQ alone", async () => {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["task", "bench", "--quick", "redis"],
    cwd: root,
    env: { NO_COLOR: "1" },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const stdout = new TextDecoder().decode(out.stdout);
  assert.equal(out.code, 0, `bench failed:\n${stdout}\n${new TextDecoder().decode(out.stderr)}`);
  const rows = stdout.split("\n").filter((l) => l.startsWith("| ")).slice(2)
    .map((l) => l.slice(2, -2).split(" | ").map((c) => c.trim()));
  const names = rows.map((row) => row[0]);
  for (const name of ["job latency p50 over Redis", "job latency p99 over Redis"]) {
    assert.ok(names.some((n) => n.startsWith(name)), names.join("\n"));
  }
  for (const processes of [1, 2, 4]) {
    assert.ok(names.some((n) => n.includes(`${processes} worker process`)), names.join("\n"));
  }
  for (const row of rows) {
    assert.ok(positive(row[1]) && positive(row[2]) && positive(row[3]), row.join(" | "));
  }
});
