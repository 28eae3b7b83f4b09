// BullMQ (an npm package with native optional parts) loads only when used: the main entries never
// reach it, and the entries that can (`@tarp/tarp/bullmq`, the command line) import it only
// dynamically, when a server first uses the queue or `tarp worker` starts. Read from `deno info`.
import assert from "node:assert/strict";

const root = new URL("../../", import.meta.url);

interface Dependency {
  code?: { specifier: string };
  isDynamic?: boolean;
}
interface GraphModule {
  specifier: string;
  dependencies?: Dependency[];
}

/** The npm specifiers `entry` reaches, statically only or with its dynamic imports too. */
async function npmReached(entry: string, withDynamic: boolean): Promise<Set<string>> {
  const graph = await graphOf(entry);
  const modules = new Map(graph.modules.map((m) => [m.specifier, m]));
  const seen = new Set<string>();
  const npm = new Set<string>();
  const visit = (specifier: string) => {
    if (seen.has(specifier)) return;
    seen.add(specifier);
    for (const dep of modules.get(specifier)?.dependencies ?? []) {
      const target = dep.code?.specifier;
      if (!target || (dep.isDynamic && !withDynamic)) continue;
      if (target.startsWith("npm:")) npm.add(target);
      else visit(target);
    }
  };
  visit(new URL(entry, root).href);
  assert.ok(seen.size > 1, `${entry}: its module graph was read`);
  return npm;
}

async function graphOf(entry: string): Promise<{ modules: GraphModule[] }> {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["info", "--json", entry],
    cwd: root,
    stdout: "piped",
  }).output();
  return JSON.parse(new TextDecoder().decode(out.stdout));
}

const bullmq = (specifiers: Set<string>) => [...specifiers].filter((s) => s.includes("bullmq"));

Deno.test("the main entries never reach BullMQ, not even through a dynamic import", async () => {
  for (const entry of ["mod.ts", "server.ts", "client.ts", "jobs/mod.ts", "web.ts"]) {
    assert.deepEqual(bullmq(await npmReached(entry, true)), [], entry);
  }
});

Deno.test("@tarp/tarp/bullmq and the command line import BullMQ only when used", async () => {
  for (const entry of ["jobs/bullmq.ts", "cli.ts"]) {
    assert.deepEqual(bullmq(await npmReached(entry, false)), [], `${entry}: not at load`);
    assert.deepEqual(bullmq(await npmReached(entry, true)), ["npm:bullmq@^5.81.5"], entry);
  }
});
