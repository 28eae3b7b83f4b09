// Group `server`: server-only throughput, driven by wrk (a native load generator, so the client
// costs the same for every server and never limits it): 32 connections, one wrk thread on the
// other core, for a GET endpoint and RPC POST in JSON and in CBOR.
import { encode } from "cbor-x";
import { LOAD_CPU, pinned, type Server, startServer, type Variant } from "./_process.ts";
import { figures, paired } from "./_stats.ts";
import { type Row, rowOf } from "./_table.ts";
import type { Settings } from "./_settings.ts";

/** One request as wrk sends it to one variant. */
interface Request {
  path: string;
  method?: "POST";
  type?: string;
  body?: string | Uint8Array;
  /** A piece of the answer's body that shows the server did the work. */
  expect: string;
}

const JSON_ADD = '{"args":[1,2]}';
const q = encodeURIComponent;
/**
 * Each row's request per variant; a variant without one has no figure on that row. `bareArgs`:
 * the row's baseline is bare started with those arguments (bare.ts says what they change).
 */
const ROWS: { name: string; requests: Partial<Record<Variant, Request>>; bareArgs?: string[] }[] = [
  {
    name: "server only, wrk -c32: GET endpoint",
    requests: {
      ...same(["tarp", "quiet", "bare", "hono"], { path: "/compute?a=3.5&b=4", expect: "7.5" }),
      orpc: { path: `/compute?data=${q('{"json":{"a":"3.5","b":"4"}}')}`, expect: "7.5" },
      trpc: { path: `/trpc/compute?input=${q('{"a":"3.5","b":"4"}')}`, expect: "7.5" },
    },
  },
  {
    name: "server only, wrk -c32: RPC POST JSON add(1, 2)",
    requests: {
      ...same(["tarp", "quiet", "bare", "hono"], post("/add", "application/json", JSON_ADD, ":3")),
      orpc: post("/add", "application/json", '{"json":[1,2]}', '"json":3'),
      trpc: post("/trpc/add", "application/json", "[1,2]", '"data":3'),
      capnweb: post("/", "text/plain", '["push",["pipeline",0,["add"],[1,2]]]\n["pull",1]', ",3]"),
    },
  },
  {
    // TARP refuses invalid UTF-8 where req.json() replaces it: this row's baseline does as TARP.
    name: "server only, wrk -c32: RPC POST JSON add(1, 2) (bare: strict UTF-8, as TARP)",
    requests: same(["tarp", "quiet", "bare"], post("/add", "application/json", JSON_ADD, ":3")),
    bareArgs: ["--strict-utf8"],
  },
  {
    name: "server only, wrk -c32: RPC POST CBOR add(1, 2) (bare: cbor-x)",
    requests: same(
      ["tarp", "quiet", "bare"],
      post("/add", "application/cbor", encode({ args: [1, 2] }), "success"),
    ),
  },
];

function post(path: string, type: string, body: string | Uint8Array, expect: string): Request {
  return { path, method: "POST", type, body, expect };
}

function same(variants: Variant[], request: Request): Partial<Record<Variant, Request>> {
  return Object.fromEntries(variants.map((v) => [v, request]));
}

/** A wrk Lua script sending `request`; bytes as decimal escapes (Lua has no binary literal). */
function luaScript(request: Request): string {
  if (!request.method) return "";
  const bytes = typeof request.body === "string"
    ? new TextEncoder().encode(request.body)
    : request.body!;
  const body = [...bytes].map((b) => `\\${String(b).padStart(3, "0")}`).join("");
  return `wrk.method = "POST"\nwrk.body = "${body}"\nwrk.headers["Content-Type"] = "${request.type}"\n`;
}

/** Installs wrk from Debian's packages when it is missing. */
async function ensureWrk(): Promise<void> {
  const has = await new Deno.Command("sh", { args: ["-c", "command -v wrk"] }).output();
  if (has.success) return;
  console.error("wrk is missing: apt-get install -y wrk");
  const install = () => new Deno.Command("apt-get", { args: ["install", "-y", "wrk"] }).output();
  if ((await install()).success) return;
  await new Deno.Command("apt-get", { args: ["update"] }).output();
  if (!(await install()).success) throw new Error("Could not install wrk: apt-get install -y wrk");
}

/** Sends `request` once with fetch and checks the answer, so wrk never times error pages. */
async function check(url: string, request: Request): Promise<void> {
  const res = await fetch(url + request.path, {
    method: request.method ?? "GET",
    headers: request.type ? { "content-type": request.type } : {},
    body: request.body as BodyInit | undefined,
  });
  const text = await res.text();
  if (res.status !== 200 || !text.includes(request.expect)) {
    throw new Error(`${url}${request.path} answered ${res.status} ${text.slice(0, 200)}`);
  }
}

/** One wrk block: requests per second, and the server's CPU µs per request. Any non-2xx answer
 * fails the bench. */
async function wrk(server: Server, request: Request, script: string, seconds: number) {
  const url = server.url + request.path;
  const args = ["-t1", "-c32", `-d${seconds}s`, ...(script ? ["-s", script] : []), url];
  const cpuBefore = await server.cpuMicros();
  const [program, argv] = pinned(LOAD_CPU, "wrk", args);
  const out = await new Deno.Command(program, { args: argv, stdout: "piped", stderr: "piped" })
    .output();
  const cpu = await server.cpuMicros() - cpuBefore;
  const text = new TextDecoder().decode(out.stdout) + new TextDecoder().decode(out.stderr);
  const errors = /Non-2xx or 3xx responses: (\d+)/.exec(text);
  const rate = /Requests\/sec:\s+([\d.]+)/.exec(text);
  const count = /(\d+) requests in/.exec(text);
  if (!out.success || errors || !rate || !count) {
    throw new Error(`wrk ${args.join(" ")} failed:\n${text}`);
  }
  return { perSecond: Number(rate[1]), cpuPerRequest: cpu / Number(count[1]) };
}

/** Measures the server-only rows. */
export async function run(settings: Settings): Promise<Row[]> {
  await ensureWrk();
  const variants: Variant[] = ["tarp", "quiet", "bare", "hono", "orpc", "trpc", "capnweb"];
  const servers = {} as Record<Variant, Server>;
  for (const v of variants) servers[v] = await startServer(v);
  const baselines: Server[] = [];
  const dir = await Deno.makeTempDir({ prefix: "tarp-bench-wrk-" });
  try {
    const rows: Row[] = [];
    for (const { name, requests, bareArgs } of ROWS) {
      const rowServers = { ...servers };
      if (bareArgs) baselines.push(rowServers.bare = await startServer("bare", bareArgs));
      const scripts: Partial<Record<Variant, string>> = {};
      for (const [v, request] of Object.entries(requests) as [Variant, Request][]) {
        await check(rowServers[v].url, request);
        scripts[v] = request.method ? `${dir}/${v}-${rows.length}.lua` : "";
        if (scripts[v]) await Deno.writeTextFile(scripts[v]!, luaScript(request));
      }
      if (settings.wrkWarmSeconds) {
        for (const [v, request] of Object.entries(requests) as [Variant, Request][]) {
          await wrk(rowServers[v], request, scripts[v]!, settings.wrkWarmSeconds);
        }
      }
      const pairs = await paired(
        Object.keys(requests) as Variant[],
        settings.wrkRounds,
        async (v) => {
          const measured = await wrk(rowServers[v], requests[v]!, scripts[v]!, settings.wrkSeconds);
          console.error(`  ${name}: ${v} ${Math.round(measured.perSecond)} req/s`);
          return measured;
        },
      );
      rows.push(rowOf(name, "req/s", figures(pairs, (m) => m.perSecond), true));
      const cpuName = `${name}, server CPU per request`;
      rows.push(rowOf(cpuName, "µs", figures(pairs, (m) => m.cpuPerRequest), false));
    }
    const logged = servers.tarp.printed();
    if (logged === 0) throw new Error("the TARP server with the default options logged nothing");
    return rows;
  } finally {
    await Promise.all([
      ...variants.map((v) => servers[v].stop()),
      ...baselines.map((b) => b.stop()),
    ]);
    await Deno.remove(dir, { recursive: true });
  }
}

/** What the CPU rows are. */
export function notes(): string[] {
  return [
    "Server CPU per request: the server process's CPU time during a wrk block (all its threads, " +
    "from /proc/<pid>/task/*/schedstat) ÷ the requests wrk counted. Other work on the machine " +
    "moves it far less than it moves a throughput, so it tells a server's own cost on a busy machine.",
  ];
}
