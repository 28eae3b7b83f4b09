// `deno task bench`: what users feel, measured in separate processes on loopback, every row with
// TARP, the bare Deno.serve baseline and the peers from the same run, as one markdown table.
// Usage: deno task bench [--quick] [group...]
//   groups: server, calls, jobs, codec, memory, redis (default: all)
// A full run of every group also writes the table to bench/results.md and docs/benchmarks.md.
import { report, type Row } from "./_table.ts";
import { FULL, QUICK, type Settings } from "./_settings.ts";

/** A group of rows; its `notes` explain them under the table. */
interface Group {
  run(settings: Settings): Promise<Row[]>;
  notes?(): string[];
}

const GROUPS: Record<string, () => Promise<Group>> = {
  server: () => import("./_wrk.ts"),
  calls: () => import("./_calls.ts"),
  jobs: () => import("./_jobs.ts"),
  codec: () => import("./_codec.ts"),
  memory: () => import("./_memory.ts"),
  redis: () => import("./_redis.ts"),
};

const NOTES = [
  "Every server and every client runs in a `deno run` process of its own, on loopback. TARP is " +
  "`makeServer()` + `runServer()` as a user writes it: with the default options the request log " +
  "is on, its stderr a pipe the bench reads; `quiet` is `runServer(…, { quiet: true })`. bare is " +
  "`Deno.serve` doing the same work (JSON, or CBOR with cbor-x) and nothing else.",
  "Ratios are to bare (throughput: figure ÷ bare; latency and memory: bare ÷ figure), so above 1 " +
  "is better than bare. These machines drift by up to 2× within a minute, so each variant's short " +
  "block is paired with a bare block right before or after it, every round runs every variant, " +
  "and a ratio is the median of its pairs' ratios over the rounds. TARP and bare columns are " +
  "medians of the blocks. In parentheses: the middle half of TARP's pair ratios (first to third " +
  "quartile), to tell a change from noise.",
];

const README_START = "<!-- bench:start -->";
const README_END = "<!-- bench:end -->";

/**
 * Raises this process's priority (inherited by every server, client and wrk it starts), so that
 * other work on a shared machine disturbs the blocks less. Needs root; without it the bench runs
 * at normal priority, and says so.
 */
async function prioritise(): Promise<void> {
  const renice = new Deno.Command("renice", { args: ["-n", "-10", "-p", String(Deno.pid)] });
  const ok = await renice.output().then((out) => out.success, () => false);
  priority = ok ? "raised (nice -10)" : "normal (renice -10 needs root)";
}
let priority = "normal";

/** The 1-minute load average: this machine may be shared, and the table should say how busy. */
async function load(): Promise<string> {
  return (await Deno.readTextFile("/proc/loadavg").catch(() => "?")).split(" ")[0];
}

/** A full run's table goes to bench/results.md and docs/benchmarks.md; its main rows to README.md. */
async function publish(table: string, summary: string): Promise<void> {
  const results = new URL("./results.md", import.meta.url).pathname;
  const docs = new URL("../docs/benchmarks.md", import.meta.url).pathname;
  const readme = new URL("../README.md", import.meta.url).pathname;
  await Deno.writeTextFile(results, `# Benchmark results\n\n${table}`);
  await between(docs, table);
  await between(readme, summary);
  // deno fmt aligns markdown tables, and `deno task check` runs `deno fmt --check`.
  await new Deno.Command(Deno.execPath(), { args: ["fmt", "-q", results, docs, readme] }).output();
  console.error("bench: written to bench/results.md, docs/benchmarks.md and README.md");
}

/** Replaces what lies between the bench markers of `file` with `text`. */
async function between(file: string, text: string): Promise<void> {
  const old = await Deno.readTextFile(file);
  const [start, end] = [old.indexOf(README_START), old.indexOf(README_END)];
  if (start < 0 || end < start) {
    console.error(`bench: ${file} has no ${README_START} … ${README_END} block`);
    return;
  }
  await Deno.writeTextFile(
    file,
    `${old.slice(0, start + README_START.length)}\n${text}${old.slice(end)}`,
  );
}

/** The rows README.md shows: throughput, calls, job latency and memory (not codec or Redis). */
function isSummaryRow(row: Row): boolean {
  return !row.name.startsWith("codec:") && !row.name.includes("Redis") &&
    !row.name.includes("CPU per request") && !row.name.startsWith("first job") &&
    !row.name.startsWith("server RSS at start");
}

if (import.meta.main) {
  const quick = Deno.args.includes("--quick");
  const chosen = Deno.args.filter((a) => a !== "--quick");
  const unknown = chosen.filter((name) => !GROUPS[name]);
  if (unknown.length) {
    console.error(`Unknown group ${unknown}: use ${Object.keys(GROUPS).join(", ")}, or none (all)`);
    Deno.exit(2);
  }
  const settings = quick ? QUICK : FULL;
  if (!quick) await prioritise(); // a smoke run (the test suite's) leaves other work alone
  const loadBefore = await load();
  const rows: Row[] = [];
  const notes = [...NOTES];
  // A smoke run leaves out the Redis rows unless asked for by name (they need redis-server).
  const all = Object.keys(GROUPS).filter((name) => !quick || name !== "redis");
  for (const name of chosen.length ? chosen : all) {
    console.error(`bench: ${name}…`);
    const group = await GROUPS[name]();
    rows.push(...await group.run(settings));
    notes.push(...group.notes?.() ?? []);
  }
  notes.push(
    `Load average (1 min) before the run: ${loadBefore}, after: ${await load()}, on ` +
      `${navigator.hardwareConcurrency} cores; the bench's processes ran at ${priority} priority.`,
  );
  const command = ["deno task bench", ...Deno.args].join(" ");
  const table = await report(rows, command, notes);
  console.log(table);
  if (!quick && !chosen.length) {
    const summary = await report(rows.filter(isSummaryRow), command, [
      "Ratios to bare Deno.serve doing the same work (above 1: better than bare), medians of " +
      "interleaved pairs; in parentheses the middle half. The whole table (server CPU per request, " +
      "the codec, first jobs, Redis) and how each row is measured: docs/benchmarks.md.",
    ]);
    await publish(table, summary);
  }
}
