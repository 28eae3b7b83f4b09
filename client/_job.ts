// The client side of a job: the JobHandle that calling an async endpoint resolves to.
import { type ClientCore, errorOf, parseEnvelope } from "./_core.ts";
import type { CallOptions } from "./options.ts";
import { RemoteError, TimeoutError } from "../errors.ts";
import type { JobStatus, JobTicket, ProbeResult } from "../jobs/types.ts";
import type { JobHandle, WaitOptions } from "./job_handle.ts";
import { followEvents } from "./_events.ts";
import { Backoff, checkAvailable, isTransient } from "./_job_retry.ts";

// Each long-poll asks for at most this long (servers hold at most 30 s by default).
const MAX_POLL_MS = 25_000;
// How much longer than its long-poll a request may take before it counts as lost.
const GRACE_MS = 5_000;
const DEFAULT_PROGRESS_INTERVAL_MS = 250;
// How long a job's start may wait for the job to end (ClientOptions.submitWait).
const DEFAULT_SUBMIT_WAIT_MS = 5;
const TIMED_OUT = Symbol("the wait's timeout");

type Outcome = { done: true; value: unknown } | { done: false; retryAfter: number };

/** Calls an async endpoint: starts the job and returns its handle. */
export async function startJob(
  core: ClientCore,
  name: string,
  args: unknown[],
  call: CallOptions,
): Promise<JobHandle> {
  const waitMs = core.options.submitWait ?? DEFAULT_SUBMIT_WAIT_MS;
  const query = waitMs > 0 ? `?wait=${Number((waitMs / 1000).toFixed(3))}` : "";
  const ticket = await core.callRpc(name, args, call, query) as Partial<JobTicket> | null;
  if (typeof ticket?.ID !== "string" || ticket.ID === "") {
    throw new RemoteError(
      "ProtocolError",
      `Starting ${name}() did not answer a job ID: ${JSON.stringify(ticket)?.slice(0, 200)}`,
      { status: 200 },
    );
  }
  const wait = typeof ticket.suggested_wait === "number" ? ticket.suggested_wait : undefined;
  // A job that completed while its start waited came back with its result.
  const completed = ticket.status === "completed" ? { value: ticket.result } : undefined;
  return new RemoteJob(core, ticket.ID, call, wait, completed);
}

/** A handle on an existing job, for `c.$job(id)`. */
export function jobHandle<T>(core: ClientCore, id: string, call: CallOptions): JobHandle<T> {
  if (typeof id !== "string" || id === "") {
    throw new TypeError("$job(id) takes the job's ID, a non-empty string.");
  }
  return new RemoteJob<T>(core, id, call);
}

class RemoteJob<T = unknown> implements JobHandle<T> {
  readonly ID: string;
  readonly #core: ClientCore;
  readonly #call: CallOptions;
  #suggestedWait?: number;
  readonly #completed?: { value: unknown };

  constructor(
    core: ClientCore,
    id: string,
    call: CallOptions,
    suggestedWait?: number,
    completed?: { value: unknown },
  ) {
    this.ID = id;
    this.#core = core;
    this.#call = { timeout: call.timeout };
    this.#suggestedWait = suggestedWait;
    this.#completed = completed;
  }

  async probe(): Promise<ProbeResult> {
    return await this.#probe(this.#call);
  }

  async status(): Promise<JobStatus> {
    return (await this.probe()).status;
  }

  async cancel(): Promise<ProbeResult> {
    const answer = await this.#core.exchange(
      `/jobs/${encodeURIComponent(this.ID)}`,
      { method: "DELETE" },
      this.#call,
      `cancelling job ${this.ID}`,
    );
    return this.#core.decode(answer) as ProbeResult;
  }

  async wait(options: WaitOptions = {}): Promise<T> {
    const { onProgress, signal } = options;
    // Known from the start's answer; with onProgress, the job's last report is asked for as ever.
    if (this.#completed && !onProgress) {
      signal?.throwIfAborted();
      return this.#completed.value as T;
    }
    const interval = options.progressInterval ?? DEFAULT_PROGRESS_INTERVAL_MS;
    const deadline = options.timeout === undefined ? Infinity : performance.now() + options.timeout;
    if (onProgress) {
      const ended = await this.#follow(onProgress, deadline, options.timeout, signal);
      if (ended) return ended.value as T;
    }
    const backoff = new Backoff();
    let last = "";
    for (;;) {
      signal?.throwIfAborted();
      let outcome: Outcome;
      try {
        if (onProgress) {
          const probe = await this.#probe({ signal, timeout: this.#call.timeout });
          const key = JSON.stringify(probe);
          if (key !== last) onProgress(probe);
          last = key;
        }
        const left = deadline - performance.now();
        if (left <= 0) throw this.#timedOut(options.timeout!, backoff.failure);
        const pollMs = Math.min(left, MAX_POLL_MS, onProgress ? interval : Infinity);
        outcome = await this.#get(pollMs / 1000, {
          signal,
          timeout: Math.min(pollMs + GRACE_MS, left + 1000),
        });
      } catch (e) {
        if (e instanceof TimeoutError && performance.now() >= deadline) {
          throw this.#timedOut(options.timeout!, backoff.failure);
        }
        if (!isTransient(e)) throw e;
        // The server is restarting, or its queue is out of reach: ask again until the deadline.
        const pause = Math.min(backoff.pause(e), deadline - performance.now());
        if (pause <= 0) throw this.#timedOut(options.timeout!, e);
        await sleep(pause, signal);
        continue;
      }
      backoff.reset();
      if (outcome.done) return outcome.value as T;
      const pause = Math.min(outcome.retryAfter * 1000, deadline - performance.now());
      if (pause > 0) await sleep(pause, signal);
    }
  }

  async waitCycle(): Promise<T | null> {
    if (this.#completed) return this.#completed.value as T;
    this.#suggestedWait ??= (await this.probe()).suggested_wait;
    const seconds = Math.max(0, this.#suggestedWait);
    const outcome = await this.#get(seconds, { timeout: seconds * 1000 + GRACE_MS });
    if (outcome.done) return outcome.value as T;
    // A server that held the request answers retry_after 0; one that cannot long-poll (the
    // Python TARP) answers at once, so wait out the suggested time here.
    const pause = Math.min(outcome.retryAfter, seconds) * 1000;
    if (pause > 0) await sleep(pause);
    return null;
  }

  // Follows the job's event stream to its end, then fetches the outcome (CBOR, exact); undefined
  // when the server has no stream or it broke off, and wait() long-polls instead.
  async #follow(
    onProgress: (probe: ProbeResult) => void,
    deadline: number,
    timeout: number | undefined,
    signal: AbortSignal | undefined,
  ): Promise<{ value: unknown } | undefined> {
    const controller = new AbortController();
    const onAbort = () => controller.abort(signal!.reason);
    signal?.addEventListener("abort", onAbort, { once: true });
    if (signal?.aborted) onAbort();
    const left = deadline - performance.now();
    const timer = Number.isFinite(left)
      ? setTimeout(() => controller.abort(TIMED_OUT), Math.max(0, left))
      : undefined;
    let last = "";
    try {
      const followed = await followEvents(this.#core, this.ID, controller.signal, (probe) => {
        const key = JSON.stringify(probe);
        if (key !== last) onProgress(probe);
        last = key;
      });
      if (followed !== "ended") return undefined;
    } catch (e) {
      if (controller.signal.reason === TIMED_OUT) throw this.#timedOut(timeout!);
      if (isTransient(e)) return undefined; // the server went away: long-poll, riding the restart
      throw e;
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener("abort", onAbort);
    }
    const outcome = await this.#get(0, { signal, timeout: this.#call.timeout });
    return outcome.done ? { value: outcome.value } : undefined;
  }

  #timedOut(ms: number, unreachable?: Error): TimeoutError {
    const why = unreachable
      ? `; its server could not be asked (${unreachable.message})`
      : "; it is still running";
    return new TimeoutError(`Job ${this.ID} did not end within ${ms} ms${why}.`);
  }

  async #probe(call: CallOptions): Promise<ProbeResult> {
    const answer = await this.#core.exchange(
      `/asyncProbe?UUID=${encodeURIComponent(this.ID)}`,
      { method: "GET" },
      call,
      `probe of job ${this.ID}`,
    );
    checkAvailable(answer);
    const probe = this.#core.decode(answer) as ProbeResult;
    this.#suggestedWait ??= probe.suggested_wait;
    return probe;
  }

  // One GET /asyncGet, held by the server up to `seconds`.
  async #get(seconds: number, call: CallOptions): Promise<Outcome> {
    const wait = seconds > 0 ? `&wait=${Number(seconds.toFixed(3))}` : "";
    const answer = await this.#core.exchange(
      `/asyncGet?UUID=${encodeURIComponent(this.ID)}${wait}`,
      { method: "GET", headers: { accept: "application/cbor, application/json" } },
      call,
      `wait for job ${this.ID}`,
    );
    checkAvailable(answer);
    const envelope = parseEnvelope(answer);
    if (envelope.status === "success") return { done: true, value: envelope.result };
    if (answer.status === 503 && envelope.type === "OperationInProgress") {
      const header = Number(answer.headers.get("retry-after"));
      const retryAfter = envelope.retry_after ??
        (Number.isFinite(header) ? header : this.#suggestedWait ?? 1);
      return { done: false, retryAfter };
    }
    throw errorOf(envelope, answer, this.ID);
  }
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
