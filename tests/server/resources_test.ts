// What the server holds across requests is bounded, and what a client gives up is freed at once:
// bodies in flight (503), a refused body's connection (closed), slow bodies (408), long-polls and
// lock waits whose client went away, lock queues (503), queued jobs (503), kept results.
import assert from "node:assert/strict";
import { makeServer } from "../../server.ts";
import { local, serve } from "../_serve.ts";
import { statusIs, submit } from "../_jobs.ts";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A raw HTTP/1.1 exchange on a new connection: sends `head` (+ `body`), reads until closed. */
async function raw(port: number, head: string, body?: Uint8Array, readMs = 3000) {
  const conn = await Deno.connect({ hostname: "127.0.0.1", port });
  await conn.write(new TextEncoder().encode(head));
  if (body) await conn.write(body).catch(() => 0);
  let text = "";
  let closed = false;
  const buf = new Uint8Array(65536);
  const until = Date.now() + readMs;
  while (Date.now() < until) {
    const n = await Promise.race([conn.read(buf).catch(() => null), sleep(until - Date.now())]);
    if (n === null || n === undefined) {
      closed = n === null;
      break;
    }
    text += new TextDecoder().decode(buf.subarray(0, n as number));
  }
  conn.close();
  return { text, closed };
}

Deno.test("a 413 for a huge declared body answers at once and closes the connection", async () => {
  await using h = serve(makeServer({ maxBodyBytes: 1024 }).addRPCEndpoint("f", () => 1));
  const conn = await Deno.connect({ hostname: "127.0.0.1", port: h.port });
  await conn.write(new TextEncoder().encode(
    "POST /f HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 1000000000\r\n\r\n",
  ));
  let sent = 0;
  const chunk = new Uint8Array(64 * 1024);
  try {
    while (sent < 100 * 1024 * 1024) sent += await conn.write(chunk);
  } catch {
    // the server closed the connection
  }
  conn.close();
  assert.ok(sent < 20 * 1024 * 1024, `the server read ${sent} bytes of a refused body`);
});

Deno.test("a 413 for a modestly oversized body still reaches a client that sends it all", async () => {
  await using h = serve(makeServer({ maxBodyBytes: 1024 }).addRPCEndpoint("f", () => 1));
  const res = await fetch(`${h.url}/f`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ args: ["x".repeat(100_000)] }),
  });
  assert.equal(res.status, 413);
  assert.equal((await res.json()).type, "PayloadTooLarge");
});

Deno.test("bodies past maxBodyBytesInFlight get 503 with Retry-After; the server keeps serving", async () => {
  const server = makeServer({ maxBodyBytesInFlight: 3 * 1024 * 1024 })
    .addRPCEndpoint("slow", async (x: unknown) => {
      await sleep(300);
      return (x as string).length;
    });
  await using h = serve(server);
  const body = JSON.stringify({ args: ["x".repeat(1024 * 1024)] });
  const answers = await Promise.all(
    Array.from({ length: 6 }, () =>
      fetch(`${h.url}/slow`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body,
      })
        .then(async (res) => ({
          status: res.status,
          retry: res.headers.get("retry-after"),
          body: await res.json(),
        }))),
  );
  const busy = answers.filter((a) => a.status === 503);
  assert.ok(busy.length >= 3, JSON.stringify(answers.map((a) => a.status)));
  assert.ok(answers.some((a) => a.status === 200));
  for (const a of busy) {
    assert.equal(a.retry, "1");
    assert.match(a.body.message, /maxBodyBytesInFlight/);
  }
  const after = await fetch(`${h.url}/slow`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body,
  });
  assert.equal(after.status, 200, "the budget was released");
  await after.body?.cancel();
});

Deno.test("a body that does not arrive within bodyTimeout is a 408 that frees the request", async () => {
  // (Deno keeps the connection itself until the client closes it: see docs/protocol.md.)
  let calls = 0;
  await using h = serve(makeServer({ bodyTimeout: 0.3 }).addRPCEndpoint("f", () => ++calls));
  const { text } = await raw(
    h.port,
    "POST /f HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{",
    undefined,
    1500,
  );
  assert.match(text, /^HTTP\/1.1 408/);
  assert.match(text, /did not arrive within 0.3 s \(the server's bodyTimeout\)/);
  assert.equal(calls, 0);
});

Deno.test("a long-poll whose client goes away frees its slot at once", async () => {
  const server = makeServer({ jobs: "inline", maxLongPolls: 2 })
    .addAsyncRPCEndpoint("wait", () => sleep(3000));
  await using h = serve(server);
  const { ID } = await submit(h, "wait");
  const gone = new AbortController();
  const polls = [0, 1].map(() =>
    fetch(`${h.url}/asyncGet?UUID=${ID}&wait=30`, { signal: gone.signal }).catch(() => "aborted")
  );
  await sleep(100);
  gone.abort();
  await Promise.all(polls);
  await sleep(100);
  // Both slots free again: a new long-poll is held (not answered at once as a plain poll).
  const started = Date.now();
  const held = await fetch(`${h.url}/asyncGet?UUID=${ID}&wait=0.5`);
  await held.body?.cancel();
  assert.ok(Date.now() - started >= 400, "the long-poll was held: its slot was free");
});

Deno.test("a call waiting for a lock whose client went away never runs", async () => {
  const moves: number[] = [];
  const server = makeServer()
    .addRPCEndpoint("hold", () => sleep(600), { lock: "stage" })
    .addRPCEndpoint("move", (by: number) => moves.push(by), { lock: "stage" });
  await using h = serve(server);
  const call = (name: string, args: unknown[], signal?: AbortSignal) =>
    fetch(`${h.url}/${name}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ args }),
      signal,
    });
  const holding = call("hold", []);
  await sleep(50);
  const gone = new AbortController();
  const queued = call("move", [5], gone.signal).catch(() => "aborted");
  await sleep(100);
  gone.abort();
  await queued;
  await (await holding).body?.cancel();
  await sleep(200);
  assert.deepEqual(moves, [], "the aborted move never ran");
  assert.equal((await (await call("move", [1])).json()).result, 1);
  assert.deepEqual(moves, [1]);
});

Deno.test("lock queues are bounded and waits time out: 503 OperationInProgress with Retry-After", async () => {
  const server = makeServer({ maxLockWaiters: 1, lockWait: 0.3 })
    .addRPCEndpoint("hold", () => sleep(800), { lock: "stage" });
  await using h = local(server);
  const call = () =>
    h.fetch(`${h.url}/hold`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: '{"args": []}',
    });
  const first = call();
  await sleep(20);
  const second = call(); // waits, then times out
  await sleep(20);
  const third = await call(); // the queue is full
  assert.equal(third.status, 503);
  assert.equal(third.headers.get("retry-after"), "1");
  assert.match((await third.json()).message, /1 calls already wait for it .*maxLockWaiters/);
  const timedOut = await second;
  assert.equal(timedOut.status, 503);
  assert.match((await timedOut.json()).message, /stayed busy for 0.3 s .*lockWait/);
  assert.equal((await first).status, 200);
});

Deno.test("queued jobs are bounded: past maxQueuedJobs a submit is a 503", async () => {
  const server = makeServer({ jobs: "worker", poolSize: 1, maxQueuedJobs: 2 })
    .addAsyncRPCEndpoint("wait", sleep, {
      module: new URL("../fixtures/jobs_fns.ts", import.meta.url).href,
    });
  await using h = local(server);
  const running = await submit(h, "wait", [400]);
  await statusIs(h, running.ID, "in_progress");
  await submit(h, "wait", [1]);
  await submit(h, "wait", [1]);
  const res = await h.fetch(`${h.url}/wait`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: '{"args": [1]}',
  });
  assert.equal(res.status, 503);
  assert.match((await res.json()).message, /2 jobs already wait for a free slot .*maxQueuedJobs/);
  await statusIs(h, running.ID, "completed");
});

Deno.test("kept results are bounded: the oldest go first, and a result larger than all fails", async () => {
  const server = makeServer({ jobs: "inline", maxResultBytes: 300_000 })
    .addAsyncRPCEndpoint("bytes", (n: number) => new Uint8Array(n));
  await using h = local(server);
  const first = await submit(h, "bytes", [100_000]);
  await statusIs(h, first.ID, "completed");
  const second = await submit(h, "bytes", [100_000]);
  await statusIs(h, second.ID, "completed");
  const third = await submit(h, "bytes", [150_000]);
  await statusIs(h, third.ID, "completed");
  assert.equal((await h.fetch(`${h.url}/asyncProbe?UUID=${first.ID}`)).status, 404, "evicted");
  assert.equal((await h.fetch(`${h.url}/asyncProbe?UUID=${second.ID}`)).status, 200);
  const huge = await submit(h, "bytes", [400_000]);
  await statusIs(h, huge.ID, "failed");
  const res = await h.fetch(`${h.url}/asyncGet?UUID=${huge.ID}`);
  assert.equal((await res.json()).type, "ResultTooLarge");
});
