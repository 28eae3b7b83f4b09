// The BullMQ job backend, a server's side of a queue shared by any number of servers and
// `tarp worker` processes: submit adds to the queue, the other methods read it back, completion is
// heard from the queue's events, cancel removes a queued job or asks the worker running it to stop.
import type { JobBackend, JobDefinition, JobInfo } from "./types.ts";
import { isFinal, MAX_DELAY_MS } from "./_store.ts";
import {
  CANCEL_EVENT,
  infoOfQueueJob,
  isJobId,
  type QueueJobData,
  type RedisConnection,
  tarpKey,
} from "./_bullmq_shared.ts";
import { END_EVENTS, openLink, type QueueLink, unreachable } from "./_bullmq_link.ts";
import { packText } from "./_values.ts";
import { InvalidServerState } from "../errors.ts";

// BullMQ states in which a job's record no longer changes (or it is gone).
const FINAL_STATES: ReadonlySet<string> = new Set(["completed", "failed", "unknown"]);
// A waiter also looks at the job this often, in case an event was missed (a reconnect, say).
const RECHECK_MS = 2_000;
// How long cancel() waits for the worker running a job to stop it.
const CANCEL_WAIT_MS = 5_000;
// How long a cancel is marked in Redis, for a worker that takes the job after its first one died.
const CANCEL_MARK_SECONDS = 3_600;

/** The settings of a BullMQ backend. */
export interface BackendSettings {
  connection: RedisConnection;
  queue: string;
  /** Seconds a finished job is kept. */
  retention: number;
}

/** A server's side of a BullMQ queue. Connects on first use. */
export class BullMQBackend implements JobBackend {
  readonly runsInServer = false;
  readonly #settings: BackendSettings;
  readonly #definitions = new Map<string, JobDefinition>();
  #link?: Promise<QueueLink>;
  #closed = false;

  constructor(settings: BackendSettings) {
    this.#settings = settings;
  }

  define(definition: JobDefinition): void {
    this.#definitions.set(definition.name, definition);
  }

  async submit(endpoint: string, args: unknown[]): Promise<JobInfo> {
    const definition = this.#definitions.get(endpoint);
    if (!definition) throw new TypeError(`No async endpoint named "${endpoint}" was defined.`);
    const data: QueueJobData = {
      args: packText(args, "args"),
      suggestedWait: definition.suggestedWait,
      retry: definition.retry ?? 0,
    };
    if (definition.timeout !== undefined) data.timeout = definition.timeout;
    const keep = { age: this.#retentionSeconds() };
    const id = crypto.randomUUID();
    const job = await this.#use((link) =>
      link.queue.add(endpoint, data, {
        jobId: id,
        attempts: 1,
        removeOnComplete: keep,
        removeOnFail: keep,
      })
    );
    return {
      id,
      endpoint,
      status: "queued",
      suggestedWait: definition.suggestedWait,
      createdAt: job.timestamp,
    };
  }

  async get(id: string): Promise<JobInfo | undefined> {
    return await this.#read(id);
  }

  // The job, read in `state` when an event told it (one round trip fewer), else in its state now.
  async #read(id: string, state?: string): Promise<JobInfo | undefined> {
    if (!isJobId(id)) return undefined;
    return await this.#use(async (link) => {
      // The state first: a job read after it is final (so its outcome is there).
      state ??= await link.queue.getJobState(id);
      const job = state === "unknown" ? undefined : await link.queue.getJob(id);
      if (!job) return await this.#cancelledWhileQueued(link, id);
      const info = infoOfQueueJob(job, state);
      if (info?.endedAt !== undefined && info.endedAt + this.#retentionMs() < Date.now()) {
        return undefined; // expired: BullMQ removes it lazily, when later jobs end
      }
      return info;
    });
  }

  async wait(id: string, ms: number, signal?: AbortSignal): Promise<JobInfo | undefined> {
    if (!isJobId(id)) return undefined;
    const link = await this.#use((link) => Promise.resolve(link));
    const deadline = performance.now() + Math.min(ms, MAX_DELAY_MS);
    let told: { state?: string } | undefined; // by an end event: the job's state, if it has one
    let wake = () => {};
    const off = link.on(id, (event) => {
      if (!END_EVENTS.has(event)) return;
      told = { state: event === "removed" ? undefined : event };
      wake();
    });
    const onAbort = () => wake();
    signal?.addEventListener("abort", onAbort, { once: true });
    try {
      let state: string | undefined;
      for (;;) {
        // While the job runs only its state is read (one round trip); its record once it ends.
        state ??= await this.#use((link) => link.queue.getJobState(id));
        const left = deadline - performance.now();
        if (FINAL_STATES.has(state) || left <= 0 || signal?.aborted) {
          return await this.#read(id, state);
        }
        if (!told) await sleep(Math.min(left, RECHECK_MS), (resolve) => wake = resolve);
        state = told?.state;
        told = undefined;
      }
    } finally {
      off();
      signal?.removeEventListener("abort", onAbort);
    }
  }

  async cancel(id: string): Promise<JobInfo | undefined> {
    const info = await this.get(id);
    if (!info || isFinal(info.status)) return info;
    const { queue } = this.#settings;
    const removed = await this.#use(async (link) => {
      const redis = await link.queue.client;
      // Marked first: a worker that takes the job from now on finds the mark as it starts.
      await redis.set(tarpKey(queue, "cancel", id), "1", { EX: CANCEL_MARK_SECONDS });
      if (info.status !== "queued") return false;
      const cancelled: JobInfo = { ...info, status: "cancelled", endedAt: Date.now() };
      const record = tarpKey(queue, "cancelled", id);
      await redis.set(record, JSON.stringify(cancelled), { EX: this.#retentionSeconds() });
      if (await link.queue.remove(id) === 1) return true;
      await redis.del(record); // a worker took it meanwhile: stop it there
      return false;
    });
    if (removed) return await this.get(id);
    await this.#use((link) => link.producer.publishEvent({ eventName: CANCEL_EVENT, jobId: id }));
    return await this.wait(id, CANCEL_WAIT_MS);
  }

  async list(): Promise<JobInfo[]> {
    return await this.#use(async (link) => {
      const jobs = await link.queue.getJobs(["waiting", "delayed", "prioritized", "active"]);
      const ended = await link.queue.getJobs(["completed", "failed"]);
      const infos = await Promise.all([...jobs, ...ended].map((job) => this.get(job.id ?? "")));
      return infos.filter((info) => info !== undefined).sort((a, b) => a.createdAt - b.createdAt);
    });
  }

  watch(id: string, listener: (info: JobInfo) => void): (() => void) | undefined {
    if (!isJobId(id)) return undefined;
    let off: (() => void) | undefined;
    let stopped = false;
    let last = "";
    let chain = Promise.resolve();
    const look = () =>
      chain = chain.then(async () => {
        const info = await this.get(id).catch(() => undefined);
        const key = JSON.stringify(info ? [info.status, info.progress, info.message] : null);
        if (!stopped && info && key !== last) listener(info);
        last = key;
      });
    this.#use((link) => Promise.resolve(link)).then((link) => {
      if (!stopped) off = link.on(id, look);
    }, () => {});
    return () => {
      stopped = true;
      off?.();
    };
  }

  /** Closes this server's connections; the queue, its jobs and the workers go on. */
  async close(): Promise<void> {
    this.#closed = true;
    const link = this.#link;
    this.#link = undefined;
    await (await link?.catch(() => undefined))?.close();
  }

  #retentionMs(): number {
    return this.#settings.retention * 1000;
  }

  // Redis expiries are whole seconds, at least one.
  #retentionSeconds(): number {
    return Math.max(1, Math.ceil(this.#settings.retention));
  }

  // Runs `work` on the link (opened on first use, again after a failed attempt); Redis failures
  // become a 503 that says what is wrong.
  async #use<T>(work: (link: QueueLink) => Promise<T>): Promise<T> {
    if (this.#closed) {
      throw new InvalidServerState("The server is shutting down and accepts no new jobs.");
    }
    const opening = this.#link ??= openLink(this.#settings.connection, this.#settings.queue);
    let link: QueueLink;
    try {
      link = await opening;
    } catch (e) {
      if (this.#link === opening) this.#link = undefined;
      throw e;
    }
    try {
      return await work(link);
    } catch (e) {
      if (e instanceof TypeError || e instanceof RangeError) throw e; // ours, not Redis's
      throw unreachable(this.#settings.connection, e);
    }
  }

  async #cancelledWhileQueued(link: QueueLink, id: string): Promise<JobInfo | undefined> {
    const redis = await link.queue.client;
    const text = await redis.get(tarpKey(this.#settings.queue, "cancelled", id));
    return text ? JSON.parse(text) as JobInfo : undefined;
  }
}

function sleep(ms: number, setWake: (resolve: () => void) => void): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    setWake(() => {
      clearTimeout(timer);
      resolve();
    });
  });
}
