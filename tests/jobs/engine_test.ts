// The job engine on its own, with no HTTP server: define, submit, wait with a deadline, cancel,
// list, watch, close and expiry, in its inline and worker modes.
import assert from "node:assert/strict";
import { type EngineSettings, MemoryJobEngine } from "../../jobs/_engine.ts";
import type { JobBackend, JobDefinition, JobInfo } from "../../jobs/mod.ts";
import { CancelledError, InvalidServerState } from "../../errors.ts";
import { makeServer } from "../../server.ts";
import {
  abortable,
  add,
  bump,
  fail,
  FNS,
  openGate,
  peek,
  seen,
  spinFor,
  stepper,
} from "../fixtures/jobs_fns.ts";

/** A deadline no test reaches: only the job's end answers such a wait. */
const LONG = 60_000;

/** An engine (inline unless told) that `await using` closes at the end of the test. */
function engine(settings: Partial<EngineSettings> = {}) {
  const jobs = new MemoryJobEngine({ mode: "inline", poolSize: 1, retention: 600, ...settings });
  return Object.assign(jobs, { [Symbol.asyncDispose]: () => jobs.close() });
}

/** A definition whose function a worker finds in the fixtures module by its export name. */
function defined(
  name: string,
  // deno-lint-ignore no-explicit-any
  fn: (...args: any[]) => unknown,
  more: Partial<JobDefinition> = {},
): JobDefinition {
  return {
    name,
    fn,
    target: { module: FNS, name, exportName: fn.name },
    suggestedWait: 1,
    ...more,
  };
}

/** Resolves with the job once `holds` is true of it, as the engine notifies its changes. */
function until(jobs: JobBackend, id: string, holds: (info: JobInfo) => boolean): Promise<JobInfo> {
  return new Promise((resolve) => {
    const stop = jobs.watch(id, (info) => {
      if (!holds(info)) return;
      stop?.();
      resolve(info);
    });
  });
}

Deno.test("engine: an inline job is queued by submit and completed when wait answers", async () => {
  await using jobs = engine();
  assert.equal(jobs.runsInServer, true);
  jobs.define(defined("add", add, { suggestedWait: 2 }));
  const job = await jobs.submit("add", [1, 2]);
  assert.match(job.id, /^[0-9a-f-]{36}$/);
  assert.deepEqual([job.endpoint, job.status, job.suggestedWait], ["add", "queued", 2]);
  const done = await jobs.wait(job.id, LONG);
  assert.equal(done?.status, "completed");
  assert.equal(done?.result, 3);
  assert.ok(done.createdAt <= done.startedAt! && done.startedAt! <= done.endedAt!);
  assert.deepEqual(await jobs.get(job.id), done);
});

Deno.test("engine: a worker job runs in a Web Worker that imports its target", async () => {
  await using jobs = engine({ mode: "worker" });
  assert.equal(jobs.runsInServer, false);
  jobs.define(defined("bump", bump));
  const before = peek();
  const done = await jobs.wait((await jobs.submit("bump", [])).id, LONG);
  assert.equal(done?.status, "completed");
  assert.equal(done?.result, 1, "the worker's own counter");
  assert.equal(peek(), before, "this isolate's counter is untouched");
  assert.throws(
    () => jobs.define({ name: "bare", fn: add, suggestedWait: 1 }),
    /Job "bare" needs a target for a worker to import/,
  );
});

Deno.test("engine: a job that throws or outlives its timeout ends failed with the error", async () => {
  await using jobs = engine();
  jobs.define(defined("fail", fail));
  jobs.define(defined("limited", abortable, { timeout: 0.05 }));
  const failed = await jobs.wait((await jobs.submit("fail", ["x must be positive"])).id, LONG);
  assert.equal(failed?.status, "failed");
  assert.deepEqual([failed?.error?.type, failed?.error?.message], [
    "RangeError",
    "x must be positive",
  ]);
  const timedOut = await jobs.wait((await jobs.submit("limited", ["engine-timeout"])).id, LONG);
  assert.equal(timedOut?.status, "failed");
  assert.equal(timedOut?.error?.type, "TimeoutError");
  assert.match(timedOut?.error?.message ?? "", /longer than its timeout of 0.05 s/);
});

Deno.test("engine: wait answers the job as it is when its deadline passes or its signal aborts", async () => {
  await using jobs = engine();
  jobs.define(defined("stepper", stepper));
  const { id } = await jobs.submit("stepper", ["engine-deadline"]);
  await until(jobs, id, (info) => info.progress === 0.5);
  const early = await jobs.wait(id, 20);
  assert.deepEqual([early?.status, early?.message], ["in_progress", "half way"]);
  const controller = new AbortController();
  const held = jobs.wait(id, LONG, controller.signal);
  controller.abort();
  assert.equal((await held)?.status, "in_progress");
  assert.equal((await jobs.wait(id, LONG, AbortSignal.abort()))?.status, "in_progress");
  assert.equal((await jobs.wait(id, 0))?.status, "in_progress");
  openGate("engine-deadline");
  assert.equal((await jobs.wait(id, LONG))?.result, "done");
});

Deno.test("engine: cancelling a running inline job aborts its signal; an ended job stays ended", async () => {
  await using jobs = engine();
  jobs.define(defined("abortable", abortable));
  jobs.define(defined("add", add));
  seen.aborted = undefined;
  const { id } = await jobs.submit("abortable", ["engine-cancel"]);
  await until(jobs, id, (info) => info.status === "in_progress");
  assert.equal((await jobs.cancel(id))?.status, "cancelled");
  assert.equal(seen.aborted, true);
  assert.ok(seen.reason instanceof CancelledError);
  assert.equal((seen.reason as CancelledError).jobId, id);
  const ended = await jobs.wait((await jobs.submit("add", [1, 1])).id, LONG);
  assert.equal((await jobs.cancel(ended!.id))?.status, "completed");
  assert.equal(ended?.result, 2);
  assert.equal(
    (await jobs.get(id))?.status,
    "cancelled",
    "the job's late end did not overwrite it",
  );
});

Deno.test("engine: cancelling drops a queued worker job unrun, and stops a running one's worker", async () => {
  await using jobs = engine({ mode: "worker", poolSize: 1 });
  jobs.define(defined("stepper", stepper));
  jobs.define(defined("bump", bump));
  jobs.define(defined("spin", spinFor));
  const first = await jobs.submit("stepper", ["engine-queue"]);
  await until(jobs, first.id, (info) => info.progress === 0.5);
  const queued = await jobs.submit("bump", []);
  assert.equal(queued.status, "queued");
  assert.equal((await jobs.cancel(queued.id))?.status, "cancelled");
  openGate("engine-queue");
  assert.equal((await jobs.wait(first.id, LONG))?.result, "done");
  const bumped = await jobs.wait((await jobs.submit("bump", [])).id, LONG);
  assert.equal(bumped?.result, 1, "the dropped bump never ran in the (single, warm) worker");
  const spin = await jobs.submit("spin", [1000]);
  assert.equal(spin.status, "in_progress");
  assert.equal((await jobs.cancel(spin.id))?.status, "cancelled");
  // (Its worker's slot frees once the loop has run out: Deno cannot stop it sooner.)
  const fresh = await jobs.wait((await jobs.submit("bump", [])).id, LONG);
  assert.equal(fresh?.result, 1, "a new worker replaced the stopped one");
});

Deno.test("engine: list answers every job held, queued, running and ended, oldest first", async () => {
  await using jobs = engine({ mode: "worker", poolSize: 1 });
  jobs.define(defined("stepper", stepper));
  jobs.define(defined("add", add));
  assert.deepEqual(await jobs.list(), []);
  const running = await jobs.submit("stepper", ["engine-list"]);
  const halfWay = until(jobs, running.id, (info) => info.progress === 0.5);
  const queued = await jobs.submit("add", [2, 3]);
  const statuses = (await jobs.list()).map((info) => [info.id, info.status]);
  assert.deepEqual(statuses, [[running.id, "in_progress"], [queued.id, "queued"]]);
  await halfWay; // the worker listens for its gate now
  openGate("engine-list");
  assert.equal((await jobs.wait(queued.id, LONG))?.result, 5);
  assert.deepEqual((await jobs.list()).map((info) => info.status), ["completed", "completed"]);
});

Deno.test("engine: watch reports each change of status and progress until it is stopped", async () => {
  await using jobs = engine();
  jobs.define(defined("stepper", stepper));
  const { id } = await jobs.submit("stepper", ["engine-watch"]);
  const changes: string[] = [];
  jobs.watch(id, (info) => changes.push(`${info.status} ${info.progress} ${info.message}`));
  jobs.watch(id, () => {
    throw new Error("a failing watcher stops neither the job nor the other watchers");
  });
  const once: string[] = [];
  const stop = jobs.watch(id, (info) => {
    once.push(info.status);
    stop?.();
  });
  await until(jobs, id, (info) => info.progress === 0.5);
  openGate("engine-watch");
  assert.equal((await jobs.wait(id, LONG))?.status, "completed");
  assert.deepEqual(changes, [
    "in_progress undefined undefined",
    "in_progress 0.5 half way",
    "completed 0.5 half way",
  ]);
  assert.deepEqual(once, ["in_progress"]);
});

Deno.test("engine: close fails unfinished jobs with ServerShutdown and refuses new ones", async () => {
  for (const mode of ["inline", "worker"] as const) {
    const jobs = engine({ mode });
    jobs.define(defined("stepper", stepper));
    const { id } = await jobs.submit("stepper", [`engine-close-${mode}`]);
    await until(jobs, id, (info) => info.progress === 0.5);
    const watched = until(jobs, id, (info) => info.status === "failed");
    const held = jobs.wait(id, LONG);
    await jobs.close();
    const [failed, waited] = await Promise.all([watched, held]);
    assert.equal(failed.error?.type, "ServerShutdown", mode);
    assert.match(failed.error?.message ?? "", /shut down before the job finished/);
    assert.equal(waited?.status, "failed", "a held wait ends");
    assert.equal(await jobs.get(id), undefined, "a closed engine holds no jobs");
    assert.equal(jobs.size, 0);
    await assert.rejects(jobs.submit("stepper", ["never"]), InvalidServerState);
    openGate(`engine-close-${mode}`); // an inline job's code still waits on its gate
  }
});

Deno.test("engine: an unknown job ID is undefined from every method, never an exception", async () => {
  for (const mode of ["inline", "worker"] as const) {
    await using jobs = engine({ mode });
    assert.equal(await jobs.get("no-such-job"), undefined);
    assert.equal(await jobs.wait("no-such-job", LONG), undefined, "answered at once");
    assert.equal(await jobs.cancel("no-such-job"), undefined);
    assert.equal(jobs.watch("no-such-job", () => {}), undefined);
    await assert.rejects(jobs.submit("nothing", []), /No async endpoint named "nothing"/);
  }
});

Deno.test("engine: a finished job is kept for the retention time, then forgotten", async () => {
  await using jobs = engine({ retention: 0.05 });
  jobs.define(defined("add", add));
  const { id } = await jobs.submit("add", [2, 3]);
  assert.equal((await jobs.wait(id, LONG))?.result, 5);
  assert.equal((await jobs.get(id))?.result, 5, "kept once it has ended");
  assert.equal(jobs.size, 1);
  for (let i = 0; i < 1000 && await jobs.get(id); i++) {
    await new Promise((r) => setTimeout(r, 10)); // the count is a hang guard, not a timing
  }
  assert.equal(await jobs.get(id), undefined);
  assert.equal(jobs.size, 0);
  assert.equal(await jobs.wait(id, LONG), undefined);
});

Deno.test("engine: a server's jobs are its engine's, usable without HTTP; a server can be given one", async () => {
  const server = makeServer({ jobs: "inline" }).addAsyncRPCEndpoint("add", add);
  const job = await server.jobs.submit("add", [20, 22]);
  assert.equal((await server.jobs.wait(job.id, LONG))?.result, 42);
  const probe = await server.fetch(new Request(`http://local/asyncProbe?UUID=${job.id}`));
  assert.equal((await probe.json()).result.status, "completed", "the routes see the same job");
  await server.close();
  await using own = engine();
  const served = makeServer({ jobs: own }).addAsyncRPCEndpoint("double", (x: number) => 2 * x);
  const started = await served.fetch(
    new Request("http://local/double", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ args: [21] }),
    }),
  );
  assert.equal(started.status, 202);
  const { ID } = (await started.json()).result;
  assert.equal((await own.wait(ID, LONG))?.result, 42);
});
