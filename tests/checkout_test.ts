// README's "Use it from your project", done as it says: a project in another folder whose deno.json
// maps TARP to a checkout (the README's own block, read from it), with the checkout's lock file,
// runs the README's main.ts with `deno run`.
import assert from "node:assert/strict";

const root = new URL("../", import.meta.url);

/** The code blocks of the README section with this heading, by language. */
async function sectionBlocks(heading: string): Promise<Record<string, string>> {
  const readme = await Deno.readTextFile(new URL("README.md", root));
  const start = readme.indexOf(`\n## ${heading}\n`);
  assert.ok(start >= 0, `README.md has no section "${heading}"`);
  const end = readme.indexOf("\n## ", start + 1);
  const section = readme.slice(start, end < 0 ? undefined : end);
  const blocks: Record<string, string> = {};
  for (const [, lang, body] of section.matchAll(/```(\w+)\n([\s\S]*?)```/g)) blocks[lang] = body;
  return blocks;
}

Deno.test("a project in another folder uses a checkout through its deno.json", async () => {
  const { json, sh, ts } = await sectionBlocks("Use it from your project");
  assert.match(sh, /^cp \.\.\/tarp\/deno\.lock \.$/m);
  const dir = await Deno.makeTempDir({ prefix: "tarp-project-" });
  try {
    await Deno.symlink(new URL(".", root).pathname, `${dir}/tarp`); // the checkout, in ../tarp
    await Deno.mkdir(`${dir}/my-lab`);
    await Deno.writeTextFile(`${dir}/my-lab/deno.json`, json);
    await Deno.copyFile(new URL("deno.lock", root), `${dir}/my-lab/deno.lock`);
    await Deno.writeTextFile(`${dir}/my-lab/main.ts`, ts);
    const out = await new Deno.Command(Deno.execPath(), {
      args: ["run", "-A", "main.ts"],
      cwd: `${dir}/my-lab`,
      env: { NO_COLOR: "1" },
      stdout: "piped",
      stderr: "piped",
    }).output();
    const [stdout, stderr] = [out.stdout, out.stderr].map((b) => new TextDecoder().decode(b));
    assert.equal(out.code, 0, stderr);
    assert.equal(stdout, "3\n");
    assert.doesNotMatch(stderr, /warning|error/i, stderr);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
