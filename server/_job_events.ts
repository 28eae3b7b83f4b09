// The job routes TARP adds to the Python TARP's: GET /jobs lists the jobs the server holds, and
// GET /jobs/<id>/events streams one job's changes as Server-Sent Events until it ends, so a page,
// the CLI or a client sees progress without polling.
import type { Hono } from "hono";
import type { JobBackend, JobInfo } from "../jobs/types.ts";
import type { ErrorEnvelope, JobSummary } from "../_wire/protocol.ts";
import { JSON_TYPE } from "../_wire/protocol.ts";
import { describeError, JobFailure, TarpError } from "../_wire/errors.ts";
import { toJsonValue } from "../_wire/json.ts";
import { successResponse } from "./_respond.ts";
import { probeOf } from "./_jobs.ts";

/** What these routes need from the server's options. */
export interface JobEventOptions {
  /** Seconds a finished job is kept (for "unknown or expired" messages). */
  retention: number;
  /** Most event streams open at once; more are refused with 429. */
  maxEventStreams: number;
  /** Whether failed jobs' envelopes carry stack traces. */
  exposeStack: boolean;
  /** About how many bytes a JSON answer may spend repeating shared objects (the `end` event's). */
  maxJsonRepeatBytes: number;
}

// A comment line every so often keeps proxies and idle-connection timers from closing the stream.
const HEARTBEAT_MS = 15_000;

/** Mounts `GET /jobs` and `GET /jobs/<id>/events` on `app` (before the job routes' `/jobs/:id`). */
export function mountJobEvents(app: Hono, jobs: JobBackend, options: JobEventOptions): void {
  let open = 0;
  app.all("/jobs", async (c) => {
    readOnly(c.req.raw, "GET /jobs lists the jobs");
    const list = (await jobs.list()).map(summaryOf);
    return successResponse(list, JSON_TYPE, "json", 200, options.maxJsonRepeatBytes);
  });
  app.all("/jobs/:id/events", async (c) => {
    const req = c.req.raw;
    readOnly(req, "GET /jobs/<id>/events streams a job's progress");
    const id = c.req.param("id");
    const info = await jobs.get(id);
    if (!info) {
      throw new TarpError(
        "NotFound",
        `No job with ID "${id.slice(0, 100)}": it is unknown or has expired (a finished job is ` +
          `kept for ${options.retention} s).`,
      );
    }
    if (open >= options.maxEventStreams) {
      throw new TarpError(
        "TooManyRequests",
        `${open} event streams are open, the most this server allows (maxEventStreams); ` +
          "poll GET /asyncGet?UUID=<id>&wait=<s> instead, or try again later.",
        { retryAfter: 1 },
      );
    }
    open++;
    return eventStream(jobs, info, options, () => open--);
  });
}

/** A job as `GET /jobs` lists it. */
export function summaryOf(info: JobInfo): JobSummary {
  const summary: JobSummary = {
    ID: info.id,
    endpoint: info.endpoint,
    status: info.status,
    suggested_wait: info.suggestedWait,
    created: new Date(info.createdAt).toISOString(),
  };
  if (info.progress !== undefined) summary.progress = info.progress;
  if (info.message !== undefined) summary.message = info.message;
  if (info.startedAt !== undefined) summary.started = new Date(info.startedAt).toISOString();
  if (info.endedAt !== undefined) summary.ended = new Date(info.endedAt).toISOString();
  return summary;
}

/**
 * The envelope `GET /asyncGet` would answer for an ended job, in JSON: a result whose JSON would
 * repeat shared objects past `maxRepeatBytes` is the 406 envelope asyncGet answers then (fetch
 * the result as CBOR instead).
 */
export function outcomeOf(
  info: JobInfo,
  exposeStack: boolean,
  maxRepeatBytes?: number,
): object {
  if (info.status === "completed") {
    try {
      const result = toJsonValue(info.result, maxRepeatBytes);
      return { status: "success", mimetype: JSON_TYPE, result };
    } catch (e) {
      return describeError(e, exposeStack).envelope;
    }
  }
  const error = info.status === "failed"
    ? new JobFailure(info.error ?? { type: "Error", message: "The job failed." })
    : new TarpError("Cancelled", `Job ${info.id} was cancelled; it has no result.`);
  const envelope: ErrorEnvelope = describeError(error, exposeStack).envelope;
  return envelope;
}

const isFinal = (info: JobInfo) =>
  info.status === "completed" || info.status === "failed" || info.status === "cancelled";

// Sends `progress` events (the probe) on every change, then `end` (the outcome), then closes. The
// stream also closes, and frees its slot at once, when the client goes away: Deno.serve cancels
// the body then. (request.signal is not watched: in Deno it also aborts after every answer.)
function eventStream(
  jobs: JobBackend,
  first: JobInfo,
  options: JobEventOptions,
  release: () => void,
): Response {
  const { exposeStack, maxJsonRepeatBytes } = options;
  const encoder = new TextEncoder();
  let finish = () => {};
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      let closed = false;
      let last = "";
      const write = (text: string) => controller.enqueue(encoder.encode(text));
      const update = (info: JobInfo) => {
        if (closed) return;
        const data = JSON.stringify(probeOf(info));
        if (data !== last) write(`event: progress\ndata: ${data}\n\n`);
        last = data;
        if (!isFinal(info)) return;
        const outcome = outcomeOf(info, exposeStack, maxJsonRepeatBytes);
        write(`event: end\ndata: ${JSON.stringify(outcome)}\n\n`);
        finish();
      };
      const heartbeat = setInterval(() => write(": keep-alive\n\n"), HEARTBEAT_MS);
      const unwatch = jobs.watch(first.id, update);
      finish = () => {
        if (closed) return;
        closed = true;
        unwatch?.();
        clearInterval(heartbeat);
        release();
        try {
          controller.close();
        } catch {
          // already closed by the client going away
        }
      };
      update(first);
      // The job may have changed between the lookup and watch(): send where it is now.
      if (!closed) jobs.get(first.id).then((now) => now ? update(now) : finish(), () => {});
    },
    cancel() {
      finish();
    },
  });
  return new Response(body, {
    headers: {
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-store",
      "x-accel-buffering": "no",
    },
  });
}

function readOnly(req: Request, what: string): void {
  if (req.method === "GET" || req.method === "HEAD") return;
  throw new TarpError("MethodNotAllowed", `${req.method} is not allowed here: ${what}.`, {
    allow: ["GET", "HEAD"],
  });
}
