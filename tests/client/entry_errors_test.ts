// The client entry (`@tarp/tarp/client`) exports every error class its calls reject with, so a
// program that imports only the client can tell failures apart with instanceof.
import assert from "node:assert/strict";
import * as clientEntry from "../../client.ts";
import * as errorsEntry from "../../errors.ts";
import { makeServer } from "../../server.ts";

const { InvalidServerState, OperationInProgress } = errorsEntry;

const { client } = clientEntry;

Deno.test("the client entry exports each error class of @tarp/tarp/errors, the same classes", () => {
  const names = Object.keys(errorsEntry).filter((k) => /^[A-Z]/.test(k)).sort();
  assert.deepEqual(names, [
    "BadRequest",
    "CancelledError",
    "ConnectionError",
    "InvalidServerState",
    "OperationInProgress",
    "RemoteError",
    "TimeoutError",
  ]);
  for (const name of names) {
    const fromClient = (clientEntry as Record<string, unknown>)[name];
    assert.equal(fromClient, (errorsEntry as Record<string, unknown>)[name], name);
  }
});

Deno.test("calls reject with the client entry's classes", async () => {
  const server = makeServer({ jobs: "inline" })
    .addRPCEndpoint("fail", () => {
      throw new RangeError("no");
    })
    .addRPCEndpoint("busy", () => {
      throw new OperationInProgress("warming up", 2);
    })
    .addRPCEndpoint("idle", () => {
      throw new InvalidServerState("nothing loaded");
    })
    .addRPCEndpoint("slow", () => new Promise((r) => setTimeout(r, 200)))
    .addAsyncRPCEndpoint("forever", () => new Promise(() => {}), { suggestedWait: 0.05 });
  const c = await client<typeof server>("http://tarp", { fetch: server.fetch });
  await assert.rejects(c.fail(), clientEntry.RemoteError);
  await assert.rejects(c.busy(), clientEntry.OperationInProgress);
  await assert.rejects(c.idle(), clientEntry.InvalidServerState);
  await assert.rejects(c.$with({ timeout: 20 }).slow(), clientEntry.TimeoutError);
  const job = await c.forever();
  await job.cancel();
  await assert.rejects(job.wait(), clientEntry.CancelledError);
  const down = () => Promise.reject(new TypeError("connection refused"));
  await assert.rejects(client("http://lab-pc:8080", { fetch: down }), clientEntry.ConnectionError);
  await server.close();
});
