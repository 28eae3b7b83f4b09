// The workers' side of the BullMQ queue (`tarp worker`): a BullMQ Worker takes jobs from Redis
// and runs each in a job process (TARP's process pool, as a server's jobs run by default), reporting
// progress, the result or the error back to the queue. Cancel and timeout kill the job's process.
// A job a dead worker left behind is BullMQ's "stalled" job: it comes back here while its
// endpoint's `retry` allows, and otherwise fails with type `WorkerLost`. Loaded only by
// `tarp worker`.
import { type Job, QueueEvents, UnrecoverableError, WaitingError, Worker } from "bullmq";
import type { JobError, JobTarget } from "./types.ts";
import type { Runner, RunnerEvents } from "./_runner.ts";
import { ProcessPool } from "./_process_pool.ts";
import { MAX_DELAY_MS } from "./_store.ts";
import {
  CANCEL_EVENT,
  cancelStream,
  failureReason,
  type QueueJobData,
  type RedisConnection,
  tarpKey,
} from "./_bullmq_shared.ts";
import { packText, unpackText } from "./_values.ts";

/** What a queue worker runs, and how. */
export interface QueueWorkerSettings {
  connection: RedisConnection;
  queue: string;
  /** Jobs run at once. */
  concurrency: number;
  /** Seconds after which a job whose worker went silent counts as stalled. */
  stalledAfter: number;
  /** Where each endpoint's function is found, by endpoint name. */
  targets: Map<string, JobTarget>;
  /** Told about Redis errors (default: ignored). */
  onError?: (error: Error) => void;
  /** The heap limit of each job process, in bytes (default: V8's). */
  maxJobHeapBytes?: number;
}

/** A running queue worker. */
export interface QueueWorker {
  /**
   * Stops taking jobs, lets running ones finish for up to `graceMs`, then hands the rest back to
   * the queue (they run again on another worker, without counting as a stall) and disconnects.
   */
  close(graceMs?: number): Promise<void>;
}

interface Running {
  resolve(value: unknown): void;
  reject(error: JobError): void;
  job: Job<QueueJobData, string>;
  /** Cancelled, or being handed back. */
  stopped?: boolean;
  handBack?: boolean;
}

// How long a cancel heard for a job this worker does not run is remembered, in case it takes it.
const CANCEL_HEARD_MS = 60_000;

const notHere = () => {
  throw new Error("Queue jobs run in job workers.");
};

/** Connects to the queue and starts taking jobs. */
export async function startQueueWorker(settings: QueueWorkerSettings): Promise<QueueWorker> {
  const { connection, queue, targets } = settings;
  const running = new Map<string, Running>();
  // Jobs whose cancel this worker heard before it took them (kept a while, then forgotten).
  const cancelledEarly = new Map<string, ReturnType<typeof setTimeout>>();
  const events: RunnerEvents = {
    start: () => {},
    progress: (id, fraction, message) => {
      running.get(id)?.job.updateProgress({ fraction, message }).catch(() => {});
    },
    result: (id, value) => running.get(id)?.resolve(value),
    error: (id, error) => running.get(id)?.reject(error),
  };
  const runner: Runner = new ProcessPool(settings.concurrency, events, {
    maxHeapBytes: settings.maxJobHeapBytes,
  });

  const processor = async (job: Job<QueueJobData, string>, token?: string) => {
    const id = job.id!;
    const target = targets.get(job.name);
    if (!target) {
      throw unrecoverable({
        type: "FunctionNotFound",
        message: `The worker that took job ${id} has no async endpoint "${job.name}" (it has ` +
          `${[...targets.keys()].join(", ") || "none"}). Run workers of the server's module, or ` +
          "give each module's servers and workers a queue of their own.",
      });
    }
    const { retry = 0 } = job.data;
    if (job.stalledCounter > retry) {
      throw unrecoverable({
        type: "WorkerLost",
        message: `The worker running job ${id} stopped (killed or crashed) before it finished, ` +
          `${job.stalledCounter} time(s). Register "${job.name}" with { retry: n } to run such ` +
          "jobs again.",
      });
    }
    const { promise, resolve, reject } = Promise.withResolvers<unknown>();
    promise.catch(() => {}); // seen below, unless the job ends before it runs
    const entry: Running = { resolve, reject, job };
    running.set(id, entry);
    try {
      // A cancel published before this worker took the job: heard (a live worker hears them all),
      // or, for a job a dead worker left, marked in Redis.
      if (cancelledEarly.has(id)) throw cancelled(id);
      if (job.stalledCounter > 0 && await (await worker.client).get(tarpKey(queue, "cancel", id))) {
        throw cancelled(id);
      }
      const { timeout } = job.data;
      const timeoutMs = timeout === undefined ? undefined : Math.min(timeout * 1000, MAX_DELAY_MS);
      if (!entry.stopped) {
        runner.run({
          id,
          fn: notHere,
          target,
          args: unpackText(job.data.args) as unknown[],
          timeoutMs,
        });
      }
      return packText(await promise, "The job's result");
    } catch (e) {
      if (entry.handBack) {
        await job.moveToWait(token);
        throw new WaitingError();
      }
      const error = e instanceof Error ? { type: e.name, message: e.message } : e as JobError;
      throw unrecoverable(error);
    } finally {
      running.delete(id);
    }
  };

  const stop = (id: string, error: JobError, handBack = false) => {
    const entry = running.get(id);
    if (!entry && !handBack) {
      clearTimeout(cancelledEarly.get(id));
      cancelledEarly.set(id, setTimeout(() => cancelledEarly.delete(id), CANCEL_HEARD_MS));
    }
    if (!entry) return;
    entry.stopped = true;
    entry.handBack = handBack;
    runner.cancel(id);
    entry.reject(error);
  };

  const worker = new Worker<QueueJobData, string>(queue, processor, {
    connection: { ...connection, maxRetriesPerRequest: null },
    concurrency: settings.concurrency,
    lockDuration: settings.stalledAfter * 1000,
    stalledInterval: settings.stalledAfter * 500,
    // The processor decides, by each endpoint's `retry`; BullMQ must never fail one first.
    maxStalledCount: Number.MAX_SAFE_INTEGER,
    autorun: false,
  });
  const cancels = new QueueEvents(cancelStream(queue), { connection });
  const onError = (e: Error) => settings.onError?.(e);
  worker.on("error", onError);
  cancels.on("error", onError);
  (cancels as unknown as { on(e: string, f: (a: { jobId: string }) => void): void })
    .on(CANCEL_EVENT, ({ jobId }) => stop(jobId, cancelled(jobId)));
  await Promise.all([worker.waitUntilReady(), cancels.waitUntilReady()]);
  worker.run().catch(onError);

  return {
    async close(graceMs = 10_000) {
      const finished = worker.close();
      let timer: ReturnType<typeof setTimeout> | undefined;
      await Promise.race([finished, new Promise((r) => timer = setTimeout(r, graceMs))]);
      clearTimeout(timer);
      for (const id of [...running.keys()]) {
        stop(id, { type: "WorkerStopped", message: "handed back" }, true);
      }
      await finished;
      await runner.close();
      for (const timer of cancelledEarly.values()) clearTimeout(timer);
      await cancels.close();
    },
  };
}

function cancelled(id: string): JobError {
  return { type: "Cancelled", message: `Job ${id} was cancelled.` };
}

// Unrecoverable: a job that failed is never tried again by BullMQ (only a dead worker's is).
function unrecoverable(error: JobError): UnrecoverableError {
  return new UnrecoverableError(failureReason(error));
}
