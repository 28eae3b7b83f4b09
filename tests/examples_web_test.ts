// The sine-wave and long-running examples, run as real processes: their URLs as a browser types
// them, and their clients.
import assert from "node:assert/strict";
import { decode as decodePng } from "fast-png";
import { spawnServer } from "./_spawn.ts";

const ROOT = new URL("../", import.meta.url);
const CONFIG = new URL("deno.json", ROOT).pathname;

/** Starts an example server on a free port; resolves once it prints its URL. */
function startExample(file: string) {
  return spawnServer(file, { args: ["--port", "0"] });
}

async function runExampleClient(file: string, url: string, cwd: string, extra: string[] = []) {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "--config", CONFIG, new URL(file, ROOT).pathname, "--url", url, ...extra],
    cwd,
  }).output();
  const text = new TextDecoder().decode(out.stdout) + new TextDecoder().decode(out.stderr);
  assert.equal(out.code, 0, text);
  return text;
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

function assertSinePlot(png: Uint8Array): void {
  assert.deepEqual([...png.subarray(0, 8)], PNG_SIGNATURE);
  const image = decodePng(png);
  assert.equal(image.width, 800);
  assert.equal(image.height, 400);
  // The curve is drawn in blue: some pixels are clearly blue, most are white background.
  let blue = 0;
  let white = 0;
  for (let i = 0; i < image.data.length; i += image.channels) {
    const [r, g, b] = [image.data[i], image.data[i + 1], image.data[i + 2]];
    if (b > 150 && r < 80) blue++;
    if (r === 255 && g === 255 && b === 255) white++;
  }
  assert.ok(blue > 1000, `only ${blue} blue pixels`);
  assert.ok(white > (image.width * image.height) / 2);
}

Deno.test("examples: the seed's three URLs work as a browser types them", async () => {
  await using server = await startExample("examples/sine_server.ts");
  const set = await fetch(`${server.url}/set_params?lower=0&upper=3.14159`);
  assert.deepEqual(await set.json(), {
    status: "success",
    mimetype: "application/json",
    result: { lower: 0, upper: 3.14159 },
  });
  const data = await (await fetch(`${server.url}/get_data`)).json();
  assert.equal(data.status, "success");
  assert.equal(data.result.x.length, 100);
  assert.equal(data.result.x[0], 0);
  assert.equal(data.result.x[99], 3.14159);
  assert.equal(data.result.y[50], Math.sin(data.result.x[50]));
  const plot = await fetch(`${server.url}/get_plot`);
  assert.equal(plot.headers.get("content-type"), "image/png");
  assertSinePlot(new Uint8Array(await plot.arrayBuffer()));
  const bad = await fetch(`${server.url}/set_params?lower=abc`);
  assert.equal(bad.status, 400);
  assert.match((await bad.json()).message, /lower must be one number/);
});

Deno.test("examples: sine_client.ts saves sine_wave.png, a PNG that decodes", async () => {
  await using server = await startExample("examples/sine_server.ts");
  const dir = await Deno.makeTempDir();
  try {
    const out = await runExampleClient("examples/sine_client.ts", server.url, dir);
    assert.match(out, /saved sine_wave\.png \(image\/png/);
    assertSinePlot(await Deno.readFile(`${dir}/sine_wave.png`));
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("examples: the long-running pattern retries on OperationInProgress", async () => {
  await using server = await startExample("examples/long_running_server.ts");
  const dir = await Deno.makeTempDir();
  try {
    const out = await runExampleClient("examples/long_running_client.ts", server.url, dir, [
      "--seconds",
      "0.3",
    ]);
    assert.match(out, /before starting: Nothing was started/);
    assert.match(out, /Retrying in [\d.]+ s/);
    assert.match(out, /ready: application\/json, 50 points/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
  // And on the wire: 503 + Retry-After while running.
  const start = await fetch(`${server.url}/generate_data?seconds=30`, { method: "POST" });
  assert.equal(start.status, 200);
  await start.body?.cancel();
  const busy = await fetch(`${server.url}/get_data`);
  assert.equal(busy.status, 503);
  assert.ok(Number(busy.headers.get("retry-after")) >= 1);
  assert.equal((await busy.json()).type, "OperationInProgress");
  const bad = await fetch(`${server.url}/generate_data?seconds=-1`, { method: "POST" });
  assert.equal(bad.status, 400);
  await bad.body?.cancel();
});
