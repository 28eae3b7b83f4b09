import { makeServer as newMake } from "../server.ts";
import { makeServer as baseMake } from "/tmp/hx/base/server.ts";
import { decodeCbor as newDec, encodeCborMessage as newEnc } from "../_wire/codec.ts";
import { decodeCbor as baseDec, encodeCborMessage as baseEnc } from "/tmp/hx/base/_wire/codec.ts";
const sb = baseMake({ log: false, jobs: "inline" }).addRPCEndpoint(
  "add",
  (x: number, y: number) => x + y,
);
const sn = newMake({ log: false, jobs: "inline" }).addRPCEndpoint(
  "add",
  (x: number, y: number) => x + y,
);
const body = newEnc({ args: [1, 2] }, "args");
const req = () =>
  new Request("http://x/add", {
    method: "POST",
    headers: {
      "content-type": "application/cbor",
      accept: "application/cbor",
      "content-length": String(body.length),
    },
    body,
  });
async function rate(f: () => Promise<unknown>, ms: number) {
  for (let i = 0; i < 2000; i++) await f();
  const end = performance.now() + ms;
  let n = 0;
  while (performance.now() < end) {
    await f();
    n++;
  }
  return Math.round(1e6 * (ms / 1000) / n) / 1000;
}
for (let r = 0; r < 3; r++) {
  console.log(
    "server.fetch µs/call base",
    await rate(async () => await (await sb.fetch(req())).arrayBuffer(), 1500),
    "new",
    await rate(async () => await (await sn.fetch(req())).arrayBuffer(), 1500),
  );
}
const msg = { args: [1, 2] };
function sync(f: () => unknown) {
  for (let i = 0; i < 10000; i++) f();
  const t = performance.now();
  for (let i = 0; i < 100000; i++) f();
  return ((performance.now() - t) / 100000 * 1000).toFixed(2) + "µs";
}
console.log(
  "encode base",
  sync(() => baseEnc(msg, "args")),
  "new",
  sync(() => newEnc(msg, "args")),
);
const bb = baseEnc(msg, "args");
console.log("decode base", sync(() => baseDec(bb)), "new", sync(() => newDec(body)));
const ans = { status: "success", mimetype: "application/cbor", result: 3 };
console.log(
  "encode answer base",
  sync(() => baseEnc(ans, "result")),
  "new",
  sync(() => newEnc(ans, "result")),
);
Deno.exit(0);
