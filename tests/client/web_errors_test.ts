// Errors from web endpoints reach the client exactly as RPC errors do.
import assert from "node:assert/strict";
import { InvalidServerState, makeServer, OperationInProgress, RemoteError } from "../../mod.ts";
import { local } from "../_serve.ts";

function errorServer() {
  return makeServer()
    .addGetEndpoint("throws", () => {
      throw new RangeError("x must be positive");
    })
    .addGetEndpoint("busy", () => {
      throw new OperationInProgress("still measuring", 1.5);
    })
    .addPostEndpoint("busy_post", () => {
      throw new OperationInProgress("still measuring", 0.25);
    })
    .addGetEndpoint("not_started", () => {
      throw new InvalidServerState("call generate_data first");
    })
    .addPostEndpoint("json_only", () => "ok");
}

Deno.test("web client: errors reject exactly as RPC errors do", async () => {
  await using h = local(errorServer());
  const c = await h.client();
  await assert.rejects(() => c.throws(), (e) => {
    assert.ok(e instanceof RemoteError);
    assert.equal(e.type, "RangeError");
    assert.equal(e.status, 500);
    assert.match(e.message, /x must be positive/);
    return true;
  });
  for (const [call, retryAfter] of [[() => c.busy(), 1.5], [() => c.busy_post(), 0.25]] as const) {
    await assert.rejects(call, (e) => {
      assert.ok(e instanceof OperationInProgress);
      assert.equal(e.retryAfter, retryAfter);
      assert.equal(e.message, "still measuring");
      return true;
    });
  }
  await assert.rejects(() => c.not_started(), (e) => {
    assert.ok(e instanceof InvalidServerState);
    assert.equal(e.message, "call generate_data first");
    return true;
  });
  const untyped = await h.client<unknown>();
  await assert.rejects(() => untyped.no_such_endpoint(), (e) => {
    assert.ok(e instanceof RemoteError);
    assert.equal(e.status, 404);
    return true;
  });
});

Deno.test("web client: a server-side 400 reaches the client as a RemoteError", async () => {
  const server = makeServer().addPostEndpoint("strict", (_p, body) => body);
  await using h = local(server);
  const c = await h.client<unknown>();
  // A Blob that claims to be JSON but is not: the server must refuse it, not read bytes.
  await assert.rejects(() => c.strict(new Blob(["{nope"], { type: "application/json" })), (e) => {
    assert.ok(e instanceof RemoteError);
    assert.equal(e.type, "BadRequest");
    assert.equal(e.status, 400);
    return true;
  });
});
