// While a job's wait() runs, a server that is restarting (connection refused or reset) or whose
// job queue is briefly out of reach (503 InvalidServerState) is asked again, with growing pauses,
// until the wait's own deadline: a client rides a restart of a server with a durable job store.
import { type Answer, parseEnvelope } from "./_core.ts";
import { ConnectionError, InvalidServerState } from "../errors.ts";

/** A 503 InvalidServerState from a job route: the server cannot look jobs up just now. */
export class Unavailable extends InvalidServerState {}

/** Throws {@linkcode Unavailable} for a 503 InvalidServerState answer. */
export function checkAvailable(answer: Answer): void {
  if (answer.status !== 503) return;
  const envelope = parseEnvelope(answer);
  if (envelope.status === "error" && envelope.type === "InvalidServerState") {
    throw new Unavailable(envelope.message);
  }
}

/** True for failures that a restart or a short outage explains. */
export function isTransient(e: unknown): e is Error {
  return e instanceof ConnectionError || e instanceof Unavailable;
}

const FIRST_PAUSE_MS = 50;
const LONGEST_PAUSE_MS = 1_000;

/** Pauses between attempts: 50 ms, doubling up to 1 s. */
export class Backoff {
  #next = FIRST_PAUSE_MS;
  /** The failure that caused the last pause, while attempts keep failing. */
  failure?: Error;

  /** The next pause, in milliseconds, after `failure`. */
  pause(failure: Error): number {
    this.failure = failure;
    const ms = this.#next;
    this.#next = Math.min(ms * 2, LONGEST_PAUSE_MS);
    return ms;
  }

  /** After a success: the next failure starts again with a short pause. */
  reset(): void {
    this.#next = FIRST_PAUSE_MS;
    this.failure = undefined;
  }
}
