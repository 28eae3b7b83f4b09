// The client in Node.js: the test fetches /client.js from a real server, writes it beside the
// shared scenario and a small .mjs program, and runs `node` on it (Node 20 or later: this machine
// has 20, which lacks Uint8Array.prototype.toBase64, so the base64 fallback is used for real).
import assert from "node:assert/strict";
import { createToken } from "../../mod.ts";
import { serve } from "../_serve.ts";
import { SCENARIO_JS, scenarioServer } from "../fixtures/client_server.ts";
import { assertScenario, EXPECTED, WITH_TOKEN } from "./_scenario_expected.ts";

const PROGRAM = `import * as tarp from "./client.js";
import { runScenario } from "./scenario.js";
const [url, token] = process.argv.slice(2);
const results = await runScenario(tarp, url, { token }, { notDeno: true });
console.log(JSON.stringify({ node: process.versions.node, results }));
`;

/** Runs `node program.mjs ...args` in `dir`; returns its stdout, or fails with its stderr. */
async function node(dir: string, args: string[]): Promise<string> {
  let out;
  try {
    out = await new Deno.Command("node", { args, cwd: dir, stdout: "piped", stderr: "piped" })
      .output();
  } catch (e) {
    throw new Error(`Cannot run node (install Node.js 20 or later): ${(e as Error).message}`);
  }
  const text = new TextDecoder();
  assert.ok(out.success, `node failed:\n${text.decode(out.stderr)}${text.decode(out.stdout)}`);
  return text.decode(out.stdout);
}

Deno.test("Node.js runs /client.js from a real server: rich values, web, jobs, errors", async () => {
  const token = createToken();
  await using server = serve(scenarioServer({ token }));
  const answer = await fetch(`${server.url}/client.js`); // no token needed for the module
  assert.equal(answer.status, 200);
  const dir = await Deno.makeTempDir({ prefix: "tarp-node-" });
  try {
    await Deno.writeTextFile(`${dir}/client.js`, await answer.text());
    await Deno.writeTextFile(`${dir}/scenario.js`, SCENARIO_JS);
    await Deno.writeTextFile(`${dir}/program.mjs`, PROGRAM);
    const { node: version, results } = JSON.parse(
      await node(dir, ["program.mjs", server.url, token]),
    );
    assert.ok(Number(version.split(".")[0]) >= 20, `Node.js ${version} is older than 20`);
    assertScenario(results, [...EXPECTED, ...WITH_TOKEN], /this is Node\.js \d+\.\d+\.\d+\./);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
