// Transient encodings: a message's bytes are a view of a buffer the next encoding reuses (no
// buffer made per message), so they must be copied at once, as Response and Request bodies are.
// Large arrays echoed from many concurrent callers, over a real socket, come back intact.
import assert from "node:assert/strict";
import { decodeCbor, encodeCborMessage } from "../../_wire/codec.ts";
import { makeServer } from "../../server.ts";
import { serve } from "../_serve.ts";

Deno.test("a transient encoding is a view of a reused buffer; a plain one is its own", () => {
  const first = encodeCborMessage({ args: [new Float64Array(300_000).fill(1)] }, "args", true);
  const copy = first.slice();
  const second = encodeCborMessage({ args: [new Float64Array(300_000).fill(2)] }, "args", true);
  assert.equal(second.buffer, first.buffer, "the grown buffer is kept for the next message");
  assert.notDeepEqual(first, copy, "the next encoding wrote over the first");
  assert.equal((decodeCbor(copy) as { args: Float64Array[] }).args[0][0], 1);
  const own = encodeCborMessage({ args: [new Float64Array(300_000).fill(3)] }, "args");
  const after = encodeCborMessage({ args: [new Float64Array(300_000).fill(4)] }, "args", true);
  assert.notEqual(own.buffer, after.buffer);
  assert.equal((decodeCbor(own) as { args: Float64Array[] }).args[0][0], 3);
});

Deno.test("a buffer past 8 MiB is not kept", () => {
  const big = encodeCborMessage({ args: [new Uint8Array(9 * 1024 * 1024)] }, "args", true);
  const next = encodeCborMessage({ args: [1] }, "args", true);
  assert.notEqual(next.buffer, big.buffer);
});

Deno.test("large answers to concurrent calls each carry their own values", async () => {
  const server = makeServer().addRPCEndpoint("echo", (x: Float64Array) => x);
  await using h = serve(server);
  const c = await h.client();
  const sent = Array.from({ length: 16 }, (_, i) => new Float64Array(131_072).fill(i));
  const got = await Promise.all(sent.map((x) => c.echo(x)));
  got.forEach((answer, i) => {
    assert.equal(answer.length, 131_072);
    assert.ok(answer.every((v) => v === i), `call ${i} came back with another call's values`);
  });
});
