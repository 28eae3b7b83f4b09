// The client's `fetch` option: requests go to the given function (here a server in this process).
import assert from "node:assert/strict";
import { client, makeServer, TimeoutError } from "../mod.ts";

Deno.test("with the fetch option, a timeout or a signal ends a call the fetch never answers", async () => {
  // server.fetch does not honour the request's signal: the client must stop waiting by itself.
  const { promise: never, resolve: release } = Promise.withResolvers<void>();
  const server = makeServer().addRPCEndpoint("hang", () => never).addRPCEndpoint("one", () => 1);
  const c = await client<typeof server>("http://tarp", { fetch: server.fetch, timeout: 20 });
  const err = await c.hang().catch((e) => e);
  assert.ok(err instanceof TimeoutError, String(err));
  assert.match(err.message, /call to hang\(\) timed out after 20 ms/);

  const controller = new AbortController();
  const call = c.$with({ timeout: 60_000, signal: controller.signal }).hang();
  controller.abort(new Error("operator pressed stop"));
  await assert.rejects(call, { message: "operator pressed stop" });
  assert.equal(await c.one(), 1, "a call that is answered in time is unaffected");
  release();
});
