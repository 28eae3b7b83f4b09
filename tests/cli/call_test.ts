// `tarp call` for scripts and for people: JSON when its output is not a terminal (or with
// --json), a progress bar only on a terminal, and `-o FILE` to save a raw payload.
import assert from "node:assert/strict";
import { createToken } from "../../mod.ts";
import { spawnServer } from "../_spawn.ts";
import { tarp, tarpOnTerminal } from "./_tarp.ts";

Deno.test("piped: web results are JSON; -o FILE saves a raw payload as its bytes", async () => {
  await using sine = await spawnServer("examples/sine_server.ts", { args: ["--port", "0"] });
  const dir = await Deno.makeTempDir();
  try {
    const set = await tarp(["call", sine.url, "set_params", "lower=0", "upper=1"]);
    assert.deepEqual(JSON.parse(set.stdout), { lower: 0, upper: 1 });
    const data = JSON.parse((await tarp(["call", sine.url, "get_data"])).stdout);
    assert.equal(data.x.length, 100);

    const saved = await tarp(["call", sine.url, "get_plot", "-o", `${dir}/plot.png`]);
    assert.equal(saved.code, 0, saved.stderr);
    assert.equal(saved.stdout, "");
    const png = await Deno.readFile(`${dir}/plot.png`);
    assert.deepEqual([...png.subarray(1, 4)], [0x50, 0x4e, 0x47]); // "PNG"
    assert.equal(saved.stderr, `saved ${png.byteLength} bytes of image/png to ${dir}/plot.png\n`);

    const json = await tarp(["call", sine.url, "get_data", "--output", `${dir}/data.json`]);
    assert.equal(json.code, 0, json.stderr);
    assert.deepEqual(JSON.parse(await Deno.readTextFile(`${dir}/data.json`)), data);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("on a terminal: a progress bar and readable results; --json still JSON", async () => {
  const token = createToken();
  const env = { TARP_TOKEN: token, TARP_PORT: "0" };
  await using lab = await spawnServer("examples/lab_server.ts", { env });
  const scan = await tarpOnTerminal(["call", lab.url, "scan", "5"], env);
  assert.equal(scan.code, 0, scan.output);
  assert.match(scan.output, /\r\[[#.]{30}\] +\d+% (queued|in_progress)/);
  assert.match(scan.output, /\r\[#{30}\] 100% completed point 5 of 5 *\r?\n/);
  assert.match(
    scan.output,
    /\n\[\r?\n {2}0,\r?\n {2}0\.19\d+,/,
    "Deno's readable form of the array",
  );

  const json = await tarpOnTerminal(["call", lab.url, "add", "1", "2", "--json"], env);
  assert.equal(json.output.trim(), "3");

  await using sine = await spawnServer("examples/sine_server.ts", { args: ["--port", "0"] });
  const plot = await tarpOnTerminal(["call", sine.url, "get_plot"]);
  assert.match(plot.output, /^\(\d+ bytes of image\/png: save them with -o FILE\)\r?\n$/);
});
