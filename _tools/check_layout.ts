// Checks that the layout keeps its promises (run by `deno task check`):
// - no import cycles among the library's modules;
// - no public entry re-exports a private (`_`) file or folder;
// - only server/ imports hono;
// - jobs/ and _wire/ never handle Request or Response (they know nothing of HTTP);
// - the client imports server code as types only;
// - no library source file is over 300 lines.
// Exits 1 and lists every violation.

const ROOT = new URL("../", import.meta.url);
const FOLDERS = ["_wire", "cli", "client", "jobs", "server", "web"];
const ENTRIES = [
  "mod.ts",
  "server.ts",
  "client.ts",
  "web.ts",
  "errors.ts",
  "cli.ts",
  "jobs/mod.ts",
];
const MAX_LINES = 300;
// Making, typing or sending requests and answers (an `instanceof Response` check on a value is not).
const HTTP_HANDLING = [
  /\bnew (Request|Response|Headers)\b/,
  /[:<|]\s*(Request|Response|Headers)\b/,
  /\bfetch\(/,
  /\bDeno\.serve\b/,
];

interface Module {
  path: string; // relative to the root, e.g. "server/_jobs.ts"
  text: string;
  imports: { spec: string; target: string; typeOnly: boolean; reexport: boolean }[];
}

const IMPORT = /^(import|export)\s+(type\s+)?([^;"]*?)\s*from\s+"([^"]+)";/gms;
const SIDE_EFFECT = /^import\s+"([^"]+)";/gm;
const DYNAMIC = /\bimport\(\s*"([^"]+)"\s*\)/g;

async function readModules(): Promise<Map<string, Module>> {
  const paths = ENTRIES.filter((p) => !p.includes("/"));
  for (const folder of FOLDERS) {
    for await (const entry of Deno.readDir(new URL(`${folder}/`, ROOT))) {
      if (entry.isFile && entry.name.endsWith(".ts")) paths.push(`${folder}/${entry.name}`);
    }
  }
  const modules = new Map<string, Module>();
  for (const path of paths) {
    const text = await Deno.readTextFile(new URL(path, ROOT));
    const imports: Module["imports"] = [];
    for (const m of text.matchAll(IMPORT)) {
      if (!m[4].startsWith(".")) {
        imports.push({ spec: m[4], target: m[4], typeOnly: !!m[2], reexport: m[1] === "export" });
        continue;
      }
      const target = new URL(m[4], new URL(path, ROOT)).href.slice(ROOT.href.length);
      const typeOnly = !!m[2] || /^\{\s*(type\s+\w+\s*,?\s*)+\}$/.test(m[3]);
      imports.push({ spec: m[4], target, typeOnly, reexport: m[1] === "export" });
    }
    for (const m of [...text.matchAll(SIDE_EFFECT), ...text.matchAll(DYNAMIC)]) {
      if (!m[1].startsWith(".")) {
        imports.push({ spec: m[1], target: m[1], typeOnly: false, reexport: false });
        continue;
      }
      const target = new URL(m[1], new URL(path, ROOT)).href.slice(ROOT.href.length);
      imports.push({ spec: m[1], target, typeOnly: false, reexport: false });
    }
    modules.set(path, { path, text, imports });
  }
  return modules;
}

const isPrivate = (path: string) => path.split("/").some((part) => part.startsWith("_"));

function checkEntries(modules: Map<string, Module>, problems: string[]): void {
  for (const entry of ENTRIES) {
    for (const i of modules.get(entry)?.imports ?? []) {
      if (i.reexport && isPrivate(i.target)) {
        problems.push(`${entry} re-exports the private file ${i.target}`);
      }
    }
  }
}

function checkImports(modules: Map<string, Module>, problems: string[]): void {
  for (const m of modules.values()) {
    const folder = m.path.includes("/") ? m.path.split("/")[0] : "";
    for (const i of m.imports) {
      if ((i.spec === "hono" || i.spec.startsWith("hono/")) && folder !== "server") {
        problems.push(`${m.path} imports hono; only server/ may`);
      }
      if (folder === "client" && i.target.startsWith("server/") && !i.typeOnly) {
        problems.push(
          `${m.path} imports ${i.target} at run time; the client imports server types only`,
        );
      }
      if ((folder === "jobs" || folder === "_wire") && /^(server|client|cli)\//.test(i.target)) {
        if (!i.typeOnly) problems.push(`${m.path} imports ${i.target}, which handles HTTP`);
      }
    }
    if (folder === "jobs" || folder === "_wire") {
      const code = m.text.replace(/\/\/.*$|\/\*[\s\S]*?\*\//gm, "");
      for (const pattern of HTTP_HANDLING) {
        const hit = pattern.exec(code);
        if (hit) problems.push(`${m.path} handles HTTP ("${hit[0]}"); jobs/ and _wire/ may not`);
      }
    }
    const lines = m.text.split("\n").length - 1;
    if (lines > MAX_LINES) problems.push(`${m.path} has ${lines} lines (at most ${MAX_LINES})`);
  }
}

function checkCycles(modules: Map<string, Module>, problems: string[]): void {
  const state = new Map<string, "visiting" | "done">();
  const visit = (path: string, trail: string[]): void => {
    if (state.get(path) === "done") return;
    if (state.get(path) === "visiting") {
      problems.push(`import cycle: ${cycleText(trail.slice(trail.indexOf(path)))}`);
      return;
    }
    state.set(path, "visiting");
    for (const i of modules.get(path)?.imports ?? []) {
      if (!i.typeOnly && modules.has(i.target)) visit(i.target, [...trail, path]);
    }
    state.set(path, "done");
  };
  for (const path of modules.keys()) visit(path, []);
}

// A cycle named from its first module in name order, so that it reads the same whichever module
// the search happened to enter it by.
function cycleText(cycle: string[]): string {
  const first = cycle.indexOf([...cycle].sort()[0]);
  const turned = [...cycle.slice(first), ...cycle.slice(0, first)];
  return [...turned, turned[0]].join(" -> ");
}

const modules = await readModules();
const problems: string[] = [];
checkEntries(modules, problems);
checkImports(modules, problems);
checkCycles(modules, problems);
if (problems.length) {
  console.error(`Layout check failed:\n- ${problems.join("\n- ")}`);
  Deno.exit(1);
}
console.log(`Layout check: ${modules.size} modules, no problems.`);
