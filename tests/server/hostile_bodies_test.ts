// Bodies that used to cost the server dearly get a 400 naming the limit and its option, before
// any work is done with them; JSON answers that would repeat shared objects without bound are
// refused with a 406 that says to ask for CBOR.
import assert from "node:assert/strict";
import { readEvents } from "../../client/_events.ts";
import { makeServer } from "../../server.ts";
import { client } from "../../client.ts";
import { local } from "../_serve.ts";

const echo = (x: unknown) => x;

async function post(
  h: { url: string; fetch(url: string, init?: RequestInit): Promise<Response> },
  path: string,
  type: string,
  body: BodyInit,
  accept?: string,
) {
  const headers: Record<string, string> = { "content-type": type };
  if (accept) headers.accept = accept;
  const res = await h.fetch(`${h.url}${path}`, { method: "POST", headers, body });
  return { status: res.status, text: await res.text(), headers: res.headers };
}

// {"args": [x]} in CBOR, x given as its encoded bytes.
function cborCall(...arg: (number | Uint8Array)[]): Uint8Array<ArrayBuffer> {
  const parts: Uint8Array[] = [
    new Uint8Array([0xa1, 0x64, ...new TextEncoder().encode("args"), 0x81]),
  ];
  for (const a of arg) parts.push(typeof a === "number" ? new Uint8Array([a]) : a);
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

Deno.test("a 256 KiB bignum is a 400 naming maxBigIntBytes; one within the limit is a BigInt", async () => {
  await using h = local(makeServer().addRPCEndpoint("echo", echo));
  const big = cborCall(0xc2, 0x5a, 0x00, 0x04, 0x00, 0x00, new Uint8Array(256 * 1024));
  const refused = await post(h, "/echo", "application/cbor", big);
  assert.equal(refused.status, 400);
  const envelope = JSON.parse(refused.text);
  assert.equal(envelope.type, "BadRequest");
  assert.match(envelope.message, /bignum \(tag 2\) of 262144 bytes .*limit of 1024 bytes/);
  assert.match(envelope.message, /maxBigIntBytes/);
  const c = await h.client();
  assert.equal(await c.$call("echo", 2n ** 1000n), 2n ** 1000n);
});

Deno.test("tags around the wrong content, dangling shared references and repeated keys are 400s", async () => {
  await using h = local(makeServer().addRPCEndpoint("echo", echo));
  const cases: [number[], RegExp][] = [
    [[0xc1, 0x80], /tag 1 must hold a number of seconds/],
    [[0xd8, 0x56, 0xa0], /tag 86 must hold a byte string/],
    [[0xd9, 0x01, 0x02, 0xa0], /tag 258 must hold an array/],
    [[0xd8, 0x1d, 0x03], /shared reference 3 \(tag 29\) comes before/],
    [[0xa2, 0x61, 0x61, 0x01, 0x61, 0x61, 0x02], /the map key "a" is given twice/],
  ];
  for (const [arg, message] of cases) {
    const { status, text } = await post(h, "/echo", "application/cbor", cborCall(...arg));
    assert.equal(status, 400, text);
    assert.match(JSON.parse(text).message, message);
  }
});

Deno.test("more arguments than maxArgs is a 400, never a stack overflow", async () => {
  await using h = local(makeServer().addRPCEndpoint("count", (...xs: unknown[]) => xs.length));
  const args = JSON.stringify({ args: new Array(300_000).fill(0) });
  const { status, text } = await post(h, "/count", "application/json", args);
  assert.equal(status, 400);
  assert.match(
    JSON.parse(text).message,
    /300000 arguments, more than this server's limit of 10000 \(maxArgs\)/,
  );
  const fine = await post(h, "/count", "application/json", JSON.stringify({ args: [1, 2] }));
  assert.equal(JSON.parse(fine.text).result, 2);
});

Deno.test("an RPC JSON body that is not UTF-8 is a 400, not replacement characters", async () => {
  await using h = local(makeServer().addRPCEndpoint("echo", echo));
  const body = new Uint8Array([
    ...new TextEncoder().encode('{"args": ["'),
    0xff,
    0xfe,
    0x22,
    0x5d,
    0x7d,
  ]);
  const { status, text } = await post(h, "/echo", "application/json", body);
  assert.equal(status, 400);
  assert.match(JSON.parse(text).message, /not valid UTF-8/);
});

Deno.test("more values than maxValues is a 400 naming the option, in JSON and in CBOR", async () => {
  await using h = local(makeServer({ maxValues: 1000 }).addRPCEndpoint("echo", echo));
  const json = await post(
    h,
    "/echo",
    "application/json",
    JSON.stringify({ args: [new Array(2000).fill({})] }),
  );
  assert.equal(json.status, 400);
  assert.match(JSON.parse(json.text).message, /more than 1000 values .*maxValues/);
  const c = await h.client();
  await assert.rejects(c.$call("echo", new Array(2000).fill(0)), { type: "BadRequest" });
  const typed = new Float64Array(100_000); // one value, however long
  assert.equal((await c.$call("echo", typed) as Float64Array).length, 100_000);
});

// a(i+1) = [a(i), a(i)], as CBOR shared references: 40 levels in a few hundred bytes.
function dag(levels: number): Uint8Array<ArrayBuffer> {
  const out: number[] = [];
  for (let i = 0; i < levels; i++) out.push(0xd8, 0x1c, 0x82);
  out.push(0xd8, 0x1c, 0x80);
  for (let i = levels; i >= 1; i--) out.push(0xd8, 0x1d, 0x18, i);
  return cborCall(...out);
}

Deno.test("a depth-40 DAG echoed as JSON is a quick 406 saying to ask for CBOR, which answers it", async () => {
  await using h = local(makeServer().addRPCEndpoint("echo", echo));
  const body = dag(40);
  assert.ok(body.length < 400);
  const json = await post(h, "/echo", "application/cbor", body, "application/json");
  assert.equal(json.status, 406);
  const envelope = JSON.parse(json.text);
  assert.equal(envelope.type, "NotAcceptable");
  assert.match(envelope.message, /Ask for CBOR \(Accept: application\/cbor.*maxJsonRepeatBytes/);
  const cbor = await post(h, "/echo", "application/cbor", body, "application/cbor");
  assert.equal(cbor.status, 200);
  assert.ok(cbor.text.length < 1000, "the CBOR answer keeps the sharing");
  // Modest sharing is still written out in full.
  const small = await post(h, "/echo", "application/cbor", dag(5), "application/json");
  assert.equal(small.status, 200);
  assert.equal(JSON.stringify(JSON.parse(small.text).result).split("[]").length - 1, 32);
});

Deno.test("the JSON budget covers web answers, job results and job event streams too", async () => {
  const shared = { big: "x".repeat(1000) };
  const many = Array.from({ length: 100 }, () => shared);
  const server = makeServer({ jobs: "inline", maxJsonRepeatBytes: 10_000 })
    .addGetEndpoint("many", () => many)
    .addAsyncRPCEndpoint("job", () => many);
  await using h = local(server);
  const web = await h.fetch(`${h.url}/many`);
  assert.equal(web.status, 406);
  assert.equal((await web.json()).type, "NotAcceptable");
  const c = await client(h.url, { fetch: server.fetch });
  const job = await c.$call("job") as { ID: string; wait(): Promise<unknown> };
  assert.equal((await job.wait() as unknown[]).length, 100, "the TARP client asks for CBOR");
  const asJson = await h.fetch(`${h.url}/asyncGet?UUID=${job.ID}`);
  assert.equal(asJson.status, 406);
  // The event stream's `end` is what asyncGet answers in JSON: the 406 envelope, not the result.
  const stream = await h.fetch(`${h.url}/jobs/${job.ID}/events`);
  const events = [];
  for await (const e of readEvents(stream.body!)) events.push(e);
  assert.equal(events.at(-1)?.event, "end");
  assert.equal(JSON.parse(events.at(-1)!.data).type, "NotAcceptable");
});
