// _tools/check_layout.ts fires on each rule it states: every test copies the library (the public
// entries, the six folders and _tools/ itself, so the script checks the copy) into a temporary
// directory, breaks one rule there, and runs the script on it.
import assert from "node:assert/strict";

const REPO = new URL("../../", import.meta.url);
const ENTRIES = ["mod.ts", "server.ts", "client.ts", "web.ts", "errors.ts", "cli.ts"];
const FOLDERS = ["_wire", "cli", "client", "jobs", "server", "web", "_tools"];

/** A copy of the library in a temporary directory; disposing removes it. */
interface LibraryCopy extends AsyncDisposable {
  /** Appends a line break and `text` to the copy's file at `path` (relative to its root). */
  append(path: string, text: string): Promise<void>;
  /** Runs the copy's layout check: its exit code, and the problems it listed. */
  check(): Promise<{ code: number; problems: string[]; output: string }>;
}

async function copyLibrary(): Promise<LibraryCopy> {
  const root = await Deno.makeTempDir({ prefix: "tarp-layout-" });
  for (const entry of ENTRIES) await Deno.copyFile(new URL(entry, REPO), `${root}/${entry}`);
  for (const folder of FOLDERS) {
    await Deno.mkdir(`${root}/${folder}`);
    for await (const file of Deno.readDir(new URL(`${folder}/`, REPO))) {
      if (!file.isFile) continue;
      await Deno.copyFile(
        new URL(`${folder}/${file.name}`, REPO),
        `${root}/${folder}/${file.name}`,
      );
    }
  }
  return {
    append: async (path, text) => {
      await Deno.writeTextFile(`${root}/${path}`, `\n${text}`, { append: true });
    },
    check: async () => {
      const out = await new Deno.Command(Deno.execPath(), {
        args: ["run", "--no-config", `--allow-read=${root}`, `${root}/_tools/check_layout.ts`],
        cwd: root,
        stdout: "piped",
        stderr: "piped",
      }).output();
      const output = new TextDecoder().decode(out.stdout) + new TextDecoder().decode(out.stderr);
      const problems = output.split("\n").filter((line) => line.startsWith("- "));
      return { code: out.code, problems, output };
    },
    [Symbol.asyncDispose]: () => Deno.remove(root, { recursive: true }),
  };
}

/** Breaks the copy with `text` appended to `path`; asserts the check fails naming `problem`. */
async function assertFlagged(path: string, text: string, problem: RegExp): Promise<void> {
  await using lib = await copyLibrary();
  await lib.append(path, text);
  const { code, problems, output } = await lib.check();
  assert.equal(code, 1, output);
  assert.match(output, /^Layout check failed:/);
  assert.equal(problems.length, 1, `one problem expected, got:\n${output}`);
  assert.match(problems[0], problem);
}

/** Changes the copy with `text` appended to `path`; asserts the check still passes. */
async function assertAllowed(path: string, text: string): Promise<void> {
  await using lib = await copyLibrary();
  await lib.append(path, text);
  const { code, output } = await lib.check();
  assert.equal(code, 0, output);
}

Deno.test("layout check: the library as it is passes with no problems", async () => {
  await using lib = await copyLibrary();
  const { code, problems, output } = await lib.check();
  assert.equal(code, 0, output);
  assert.deepEqual(problems, []);
  assert.match(output, /^Layout check: \d+ modules, no problems\.\n$/);
});

Deno.test("layout check: an import cycle fails, naming the modules around it", async () => {
  await assertFlagged(
    "jobs/_store.ts",
    'import { MemoryJobEngine } from "./_engine.ts";',
    /^- import cycle: .*jobs\/_engine\.ts -> jobs\/_store\.ts -> jobs\/_engine\.ts$/,
  );
  // A side-effect import runs the module too.
  await assertFlagged(
    "jobs/_store.ts",
    'import "./_engine.ts";',
    /^- import cycle: .*jobs\/_engine\.ts -> jobs\/_store\.ts -> jobs\/_engine\.ts$/,
  );
  // A type-only import ends nothing at run time: no cycle.
  await assertAllowed("jobs/_store.ts", 'import type { MemoryJobEngine } from "./_engine.ts";');
});

Deno.test("layout check: a public entry that re-exports a private file fails", async () => {
  await assertFlagged(
    "mod.ts",
    'export * from "./_wire/codec.ts";',
    /^- mod\.ts re-exports the private file _wire\/codec\.ts$/,
  );
  await assertFlagged(
    "jobs/mod.ts",
    'export { MemoryJobEngine } from "./_engine.ts";',
    /^- jobs\/mod\.ts re-exports the private file jobs\/_engine\.ts$/,
  );
});

Deno.test("layout check: hono imported outside server/ fails", async () => {
  await assertFlagged(
    "client/_core.ts",
    'import { Hono } from "hono";',
    /^- client\/_core\.ts imports hono; only server\/ may$/,
  );
  await assertFlagged(
    "_wire/media.ts",
    'import { cors } from "hono/cors";',
    /^- _wire\/media\.ts imports hono; only server\/ may$/,
  );
  await assertAllowed("server/_respond.ts", 'import { cors } from "hono/cors";');
  await assertFlagged("jobs/_store.ts", 'import "hono";', /^- jobs\/_store\.ts imports hono/);
});

Deno.test("layout check: jobs/ or _wire/ making, typing or sending requests and answers fails", async () => {
  const cases: [string, string, RegExp][] = [
    [
      "jobs/_store.ts",
      'export const answer = () => new Response("done");',
      /^- jobs\/_store\.ts handles HTTP \("new Response"\); jobs\/ and _wire\/ may not$/,
    ],
    ["_wire/codec.ts", "export function read(req: Request) {}", /^- _wire\/codec\.ts handles HTTP/],
    ["jobs/_pool.ts", 'export const ping = () => fetch("http://x");', /handles HTTP \("fetch\("\)/],
    ["_wire/limits.ts", "export const serve = Deno.serve;", /handles HTTP \("Deno\.serve"\)/],
    [
      "jobs/_runner.ts",
      'import { respond } from "../server/_respond.ts";',
      /^- jobs\/_runner\.ts imports server\/_respond\.ts, which handles HTTP$/,
    ],
  ];
  for (const [path, text, problem] of cases) await assertFlagged(path, text, problem);
  // Words in comments, and checking what a value is, handle nothing.
  await assertAllowed("jobs/_store.ts", "// never new Response(...) here: the routes answer");
  await assertAllowed(
    "_wire/codec.ts",
    "export const isAnswer = (x: unknown) => x instanceof Response;",
  );
});

Deno.test("layout check: the client importing server code at run time fails; types are fine", async () => {
  await assertFlagged(
    "client/client.ts",
    'import { Registry } from "../server/_registry.ts";',
    /^- client\/client\.ts imports server\/_registry\.ts at run time; the client imports server types only$/,
  );
  await assertAllowed(
    "client/client.ts",
    'import type { Registry } from "../server/_registry.ts";',
  );
  await assertAllowed(
    "client/client.ts",
    'import { type Registry } from "../server/_registry.ts";',
  );
});

Deno.test("layout check: a library file over 300 lines fails, naming its length", async () => {
  const lines = (await Deno.readTextFile(new URL("web/types.ts", REPO))).split("\n").length - 1;
  const filler = (n: number) => "// filler\n".repeat(n); // one line each, after append's break
  await assertAllowed("web/types.ts", filler(299 - lines)); // exactly 300
  await assertFlagged(
    "web/types.ts",
    filler(300 - lines),
    /^- web\/types\.ts has 301 lines \(at most 300\)$/,
  );
});
