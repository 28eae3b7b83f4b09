// What the BullMQ backend (the servers' side) and `tarp worker` (the workers' side) agree on: the
// Redis connection, a job's data in the queue, its progress, how failures are told apart, and the
// keys and event that carry cancellation. BullMQ stores JSON: values ride in it as base64 CBOR.
import type { JobError, JobInfo, JobStatus } from "./types.ts";
import { unpackText } from "./_values.ts";

/** The queue servers and workers share when none is named. */
export const DEFAULT_QUEUE = "tarp";

/** The custom queue event a server publishes to stop a running job on whichever worker runs it. */
export const CANCEL_EVENT = "tarp-cancel";

/**
 * Where cancel events go: the event stream of a queue of their own, so that workers read only
 * those (and not every event of every job, as a queue's own event stream would have them).
 */
export function cancelStream(queue: string): string {
  return `${queue}-tarp-cancels`;
}

/** A job's data in the queue (its BullMQ name is the endpoint's). */
export interface QueueJobData {
  /** The arguments, base64 of their CBOR. */
  args: string;
  suggestedWait: number;
  /** Seconds it may run. */
  timeout?: number;
  /** How often it runs again after its worker died. */
  retry: number;
}

/** A job's progress in the queue. */
export interface QueueProgress {
  fraction: number;
  message?: string;
}

/** What BullMQ's `connection` option takes, from a `redis://` or `rediss://` URL. */
export interface RedisConnection {
  host: string;
  port: number;
  username?: string;
  password?: string;
  db?: number;
  tls?: Record<string, never>;
  /** BullMQ's workers need it; servers fail fast with it unset. */
  maxRetriesPerRequest?: null;
}

/** Reads a Redis URL: `redis://[user:password@]host[:port][/db]`, `rediss://` for TLS. */
export function redisConnection(url: string): RedisConnection {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    parsed = new URL("invalid:");
  }
  if (parsed.protocol !== "redis:" && parsed.protocol !== "rediss:" || !parsed.hostname) {
    throw new TypeError(
      `The Redis connection must be a URL such as "redis://localhost:6379" (or rediss:// for ` +
        `TLS), not ${JSON.stringify(url)}.`,
    );
  }
  const db = parsed.pathname.replace(/^\//, "");
  if (db !== "" && !/^\d+$/.test(db)) {
    throw new TypeError(`The Redis URL's path is a database number such as /0, not /${db}.`);
  }
  const connection: RedisConnection = {
    host: parsed.hostname.replace(/^\[|\]$/g, ""),
    port: parsed.port ? Number(parsed.port) : 6379,
  };
  if (parsed.username) connection.username = decodeURIComponent(parsed.username);
  if (parsed.password) connection.password = decodeURIComponent(parsed.password);
  if (db !== "") connection.db = Number(db);
  if (parsed.protocol === "rediss:") connection.tls = {};
  return connection;
}

/** Redis keys of our own beside BullMQ's, under its prefix and the queue's name. */
export function tarpKey(queue: string, kind: "cancel" | "cancelled", id: string): string {
  return `bull:${queue}:tarp-${kind}:${id}`;
}

/** The IDs TARP gives queue jobs (and the only ones looked up, so no other key is ever read). */
export function isJobId(id: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(id);
}

/** A job error as the reason a queue job failed (BullMQ keeps only a message). */
export function failureReason(error: JobError): string {
  return JSON.stringify({ type: error.type, message: error.message });
}

/** The job error a failed queue job's reason holds. */
export function failureOf(reason: string | undefined): JobError {
  try {
    const error = JSON.parse(reason ?? "");
    if (typeof error?.type === "string" && typeof error.message === "string") {
      return { type: error.type, message: error.message };
    }
  } catch {
    // BullMQ's own reasons are plain text
  }
  if (reason === "job stalled more than allowable limit") {
    return { type: "WorkerLost", message: "The workers running the job stopped too many times." };
  }
  return { type: "Error", message: reason ?? "The job failed." };
}

/** The fields of a BullMQ job that a JobInfo is made of. */
export interface QueueJobFields {
  id?: string;
  name: string;
  data: QueueJobData;
  progress: unknown;
  timestamp: number;
  processedOn?: number;
  finishedOn?: number;
  returnvalue: unknown;
  failedReason?: string;
}

const STATUS_OF_STATE: Record<string, JobStatus> = {
  waiting: "queued",
  delayed: "queued",
  prioritized: "queued",
  "waiting-children": "queued",
  active: "in_progress",
  completed: "completed",
  failed: "failed",
};

/** The JobInfo of a BullMQ job in `state`; undefined for a state TARP does not know. */
export function infoOfQueueJob(job: QueueJobFields, state: string): JobInfo | undefined {
  let status: JobStatus | undefined = STATUS_OF_STATE[state];
  if (!status || !job.id) return undefined;
  const error = status === "failed" ? failureOf(job.failedReason) : undefined;
  if (error?.type === "Cancelled") status = "cancelled";
  const info: JobInfo = {
    id: job.id,
    endpoint: job.name,
    status,
    suggestedWait: job.data?.suggestedWait ?? 5,
    createdAt: job.timestamp,
  };
  const progress = job.progress as QueueProgress | number | undefined;
  if (typeof progress === "object" && typeof progress?.fraction === "number") {
    info.progress = progress.fraction;
    if (typeof progress.message === "string") info.message = progress.message;
  }
  if (job.processedOn && status !== "queued") info.startedAt = job.processedOn;
  if (job.finishedOn && status !== "queued" && status !== "in_progress") {
    info.endedAt = job.finishedOn;
  }
  if (status === "completed") info.result = unpackText(String(job.returnvalue));
  if (status === "failed") info.error = error;
  return info;
}
