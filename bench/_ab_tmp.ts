// A/B: the cbor-x based TARP (main, before this branch) against this branch, same machine, same run.
import { client as newClient } from "../client.ts";
import { client as baseClient } from "/tmp/hx/base/client.ts";
async function start(file: string, cwd: string) {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", file],
    cwd,
    stdout: "piped",
    stderr: "null",
  }).spawn();
  const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  let out = "";
  while (!/\(http[^)]+\/\)/.test(out)) out += (await reader.read()).value;
  return { url: /\((http[^)]+)\/\)/.exec(out)![1], child };
}
const base = await start("/tmp/hx/base/ab_server.ts", "/tmp/hx/base");
const fresh = await start(
  new URL("./_ab_server_tmp.ts", import.meta.url).pathname,
  new URL("..", import.meta.url).pathname,
);
const cb = await baseClient(base.url), cn = await newClient(fresh.url);
const big = new Float64Array(131072).map((_, i) => Math.sqrt(i));
async function rate(f: () => Promise<unknown>, ms: number) {
  const end = performance.now() + ms;
  let n = 0;
  while (performance.now() < end) {
    await f();
    n++;
  }
  return n / (ms / 1000);
}
async function conc(f: () => Promise<unknown>, k: number, ms: number) {
  const end = performance.now() + ms;
  let n = 0;
  await Promise.all(Array.from({ length: k }, async () => {
    while (performance.now() < end) {
      await f();
      n++;
    }
  }));
  return n / (ms / 1000);
}
const cases: [string, (c: typeof cn) => () => Promise<unknown>, number][] = [
  ["add(1, 2) sequential", (c) => () => c.$call("add", 1, 2), 1],
  ["add(1, 2) 32 concurrent", (c) => () => c.$call("add", 1, 2), 32],
  ["1 MiB Float64Array echo sequential", (c) => () => c.$call("echo", big), 1],
  ["1 MiB Float64Array echo 8 concurrent", (c) => () => c.$call("echo", big), 8],
];
for (const [name, make, k] of cases) {
  let b = 0, n = 0;
  for (let round = 0; round < 3; round++) {
    b = Math.max(
      b,
      k === 1 ? await rate(make(cb as never), 2000) : await conc(make(cb as never), k, 2000),
    );
    n = Math.max(n, k === 1 ? await rate(make(cn), 2000) : await conc(make(cn), k, 2000));
  }
  console.log(
    `| ${name} | ${Math.round(b)} calls/s | ${Math.round(n)} calls/s | ${(n / b).toFixed(2)} |`,
  );
}
base.child.kill();
fresh.child.kill();
Deno.exit(0);
