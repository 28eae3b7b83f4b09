// The in-memory job store's bookkeeping for kept jobs: each ended job is kept for the retention
// time from its own end (one timer serves them all), and an ended job's waiters and watchers are
// answered without holding anything for them.
import assert from "node:assert/strict";
import { MemoryJobStore } from "../../jobs/_store.ts";

const RETENTION_MS = 300;

Deno.test("memory store: jobs ended at different times are each kept for the retention time", async () => {
  const store = new MemoryJobStore(RETENTION_MS);
  try {
    const a = store.create("add", 0).id;
    const b = store.create("add", 0).id;
    store.complete(a, 1);
    await new Promise((r) => setTimeout(r, RETENTION_MS / 2));
    store.complete(b, 2);
    const bEnded = performance.now(); // b's expiry is at least this plus the retention time
    for (let i = 0; i < 1000 && (store.get(a) || store.get(b)); i++) {
      const bKept = store.get(b) !== undefined;
      const bAge = performance.now() - bEnded;
      if (bAge < RETENTION_MS) assert.ok(bKept, `b forgotten ${bAge} ms after it ended`);
      if (!bKept) assert.equal(store.get(a), undefined, "a ended first: it goes first");
      await new Promise((r) => setTimeout(r, 10)); // the count is a hang guard, not a timing
    }
    assert.equal(store.size, 0);
  } finally {
    store.close();
  }
});

Deno.test("memory store: waiting for or watching an ended job answers at once", async () => {
  const store = new MemoryJobStore(60_000);
  try {
    const id = store.create("add", 0).id;
    const waited = store.ended(id)!;
    const seen: string[] = [];
    const unwatch = store.watch(id, (info) => seen.push(info.status))!;
    store.complete(id, 3);
    await waited;
    assert.deepEqual(seen, ["completed"]);
    unwatch();
    await store.ended(id); // settled already
    const late = store.watch(id, (info) => seen.push(info.status));
    assert.equal(typeof late, "function", "a kept job can be watched; it changes no more");
    late!();
    assert.deepEqual(seen, ["completed"]);
    assert.equal(store.get(id)?.result, 3);
  } finally {
    store.close();
  }
});

Deno.test("memory store: closing wakes the waiters of unfinished jobs and clears the expiry timer", async () => {
  const store = new MemoryJobStore(60_000);
  const running = store.create("add", 0).id;
  const done = store.create("add", 0).id;
  store.complete(done, 1); // starts the expiry timer: close() must clear it (the test's sanitizer)
  const waited = store.ended(running)!;
  store.close();
  await waited;
  assert.equal(store.size, 0);
});
