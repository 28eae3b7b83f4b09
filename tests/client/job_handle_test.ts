// The client's side of jobs: the handle API, re-attaching by ID, typing, and a server that cannot
// long-poll. Servers are called in this process through the client's `fetch` option.
import assert from "node:assert/strict";
import { makeServer } from "../../server.ts";
import { client } from "../../client.ts";
import { CancelledError, RemoteError, TimeoutError } from "../../errors.ts";
import type { JobHandle } from "../../jobs/mod.ts";
import { local, LOCAL_URL, serve } from "../_serve.ts";
import { statusIs } from "../_jobs.ts";
import { add, echo, fail, openGate, stepper } from "../fixtures/jobs_fns.ts";

function inlineServer() {
  return makeServer({ jobs: "inline" })
    .addAsyncRPCEndpoint("add", add)
    .addAsyncRPCEndpoint("echo", echo)
    .addAsyncRPCEndpoint("fail", fail)
    .addAsyncRPCEndpoint("stepper", stepper, { suggestedWait: 0.05 });
}

Deno.test("a handle: ID, status(), probe(), wait()", async () => {
  await using h = local(inlineServer());
  const c = await h.client();
  const job = await c.stepper("client-basic");
  assert.match(job.ID, /^[0-9a-f-]{36}$/);
  await statusIs(h, job.ID, "in_progress");
  assert.equal(await job.status(), "in_progress");
  assert.deepEqual(await job.probe(), {
    status: "in_progress",
    suggested_wait: 0.05,
    progress: 0.5,
    message: "half way",
  });
  openGate("client-basic");
  assert.equal(await job.wait(), "done");
  assert.equal(await job.status(), "completed");
  assert.equal(await job.wait(), "done", "a result can be fetched again");
});

Deno.test("a job done within the start's wait: wait() asks the server nothing more", async () => {
  const server = inlineServer();
  const asked: string[] = [];
  const fetch = (req: Request) => {
    const url = new URL(req.url);
    asked.push(`${req.method} ${url.pathname}${url.search}`);
    return server.fetch(req);
  };
  try {
    const c = await client<typeof server>(LOCAL_URL, { fetch });
    asked.length = 0; // discovery
    const job = await c.add(2, 3);
    assert.equal(await job.wait(), 5);
    assert.equal(await job.waitCycle(), 5);
    assert.deepEqual(asked, ["POST /add?wait=0.005"]);
    // submitWait: 0 starts the job without waiting; wait() then fetches the result.
    const eager = await client<typeof server>(LOCAL_URL, { fetch, submitWait: 0 });
    asked.length = 0;
    assert.equal(await (await eager.add(2, 3)).wait(), 5);
    assert.deepEqual(asked.map((a) => a.split("?")[0]), ["POST /add", "GET /asyncGet"]);
    assert.equal(asked[0], "POST /add");
    // A job that fails within the wait comes back as an ID; wait() learns the failure.
    await assert.rejects((await c.fail("quick")).wait(), RemoteError);
  } finally {
    await server.close();
  }
});

Deno.test("waitCycle() answers null while running, then the result", async () => {
  await using h = local(inlineServer());
  const c = await h.client();
  const job = await c.stepper("client-cycle");
  assert.equal(await job.waitCycle(), null);
  openGate("client-cycle");
  let result: string | null = null;
  for (let i = 0; i < 1000 && result === null; i++) result = await job.waitCycle();
  assert.equal(result, "done");
});

Deno.test("wait() gives up after its timeout, or when its signal aborts; the job runs on", async () => {
  // On a socket: giving up aborts the held long-poll, and an in-process server.fetch cannot be
  // aborted (with the fetch option the client would wait for the server's answer first).
  await using h = serve(inlineServer());
  const c = await h.client();
  const job = await c.stepper("client-timeout");
  await assert.rejects(job.wait({ timeout: 50 }), TimeoutError);
  const controller = new AbortController();
  const waiting = job.wait({ signal: controller.signal });
  controller.abort(new Error("stop waiting"));
  await assert.rejects(waiting, /stop waiting/);
  assert.equal(await job.status(), "in_progress");
  openGate("client-timeout");
  assert.equal(await job.wait(), "done");
});

Deno.test("wait() rejects with RemoteError for a failed job, CancelledError for a cancelled one", async () => {
  await using h = local(inlineServer());
  const c = await h.client();
  const failed = await c.fail("x must be positive");
  const err = await failed.wait().catch((e) => e);
  assert.ok(err instanceof RemoteError);
  assert.equal(err.type, "RangeError");
  assert.equal(err.message, "RangeError: x must be positive");
  assert.equal(err.status, 500);
  await assert.rejects(failed.waitCycle(), RemoteError);

  const job = await c.stepper("client-cancel");
  const probe = await job.cancel();
  assert.equal(probe.status, "cancelled");
  await assert.rejects(job.wait(), CancelledError);
  await assert.rejects(job.waitCycle(), CancelledError);
  openGate("client-cancel");
});

Deno.test("$job(id) re-attaches to a job from another client", async () => {
  await using h = local(inlineServer());
  const c = await h.client();
  const job = await c.stepper("client-reattach");
  await statusIs(h, job.ID, "in_progress");
  const other = await h.client<unknown>();
  const again: JobHandle<string> = other.$job<string>(job.ID);
  assert.equal(again.ID, job.ID);
  assert.equal(await again.status(), "in_progress");
  openGate("client-reattach");
  assert.equal(await again.wait(), "done");
  assert.throws(() => other.$job(""), /\$job\(id\) takes the job's ID/);
  const unknown = await other.$job("no-such-job").probe().catch((e) => e);
  assert.ok(unknown instanceof RemoteError);
  assert.equal(unknown.status, 404);
  assert.equal(unknown.type, "NotFound");
});

Deno.test("values travel exactly through a job (CBOR both ways)", async () => {
  await using h = local(inlineServer());
  const c = await h.client();
  const value = {
    at: new Date(5),
    m: new Map([[1, "one"]]),
    big: 2n ** 65n,
    bytes: new Uint8Array([1, 2]),
  };
  assert.deepEqual(await (await c.echo(value)).wait(), value);
});

Deno.test("the typed client types an async method as returning a handle of its result", async () => {
  await using h = local(inlineServer());
  const c = await h.client();
  const job: JobHandle<number> = await c.add(1, 2);
  const sum: number = await job.wait();
  assert.equal(sum, 3);
  const typeOnly = async () => {
    // @ts-expect-error: add takes numbers
    c.add("1", 2);
    // @ts-expect-error: the result is a number, not a string
    const s: string = await (await c.add(1, 2)).wait();
    return s;
  };
  assert.equal(typeof typeOnly, "function");
});

Deno.test("the client honours Retry-After from a server that cannot long-poll (Python TARP)", async () => {
  // A stand-in for the Python TARP's job routes: 200 on start, no long-poll, 503 until done.
  let gets = 0;
  const python = (req: Request) => Promise.resolve(answer(req));
  const answer = (req: Request) => {
    const url = new URL(req.url);
    const json = (body: unknown, status = 200, headers: Record<string, string> = {}) =>
      Response.json(body, { status, headers });
    if (url.pathname === "/") {
      return json({
        status: "success",
        mimetype: "application/json",
        result: { GET: [], POST: [], RPC: [], ASYNCRPC: [{ name: "slow", description: "" }] },
      });
    }
    if (url.pathname === "/slow") {
      return json({
        status: "success",
        mimetype: "application/json",
        result: { ID: "py-1", suggested_wait: 0.05 },
      });
    }
    if (url.pathname === "/asyncGet" && url.searchParams.get("UUID") === "py-1") {
      if (++gets < 3) {
        return json(
          { status: "error", type: "OperationInProgress", message: "running", retry_after: 0.02 },
          503,
          { "retry-after": "1" },
        );
      }
      return json({ status: "success", mimetype: "application/json", result: 42 });
    }
    return json({ status: "error", type: "NotFound", message: "no" }, 404);
  };
  const c = await client(LOCAL_URL, { fetch: python });
  const job = await c.slow();
  assert.equal(job.ID, "py-1");
  assert.equal(await job.wait(), 42);
  assert.equal(gets, 3);
});
