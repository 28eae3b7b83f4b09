// The job routes, compatible with the Python TARP's: POST /<name> starts a job (202; with ?wait=,
// a job that ends soon comes back with its result), GET /asyncProbe and GET /asyncGet look at it
// (with an optional long-poll), DELETE /jobs/<id> cancels. They adapt the server's job backend to
// HTTP.
import type { Hono } from "hono";
import type { JobBackend, JobInfo, JobTicket, ProbeResult } from "../jobs/types.ts";
import { JobFailure, TarpError } from "../_wire/errors.ts";
import { JSON_TYPE } from "../_wire/protocol.ts";
import { negotiateFormat } from "../_wire/media.ts";
import { OperationInProgress } from "../errors.ts";
import type { RequestLimits } from "./_body.ts";
import { readCall } from "./_call.ts";
import { successResponse } from "./_respond.ts";
import { keepHeld } from "./_scope.ts";
import { parseQuery } from "./_web_body.ts";
import type { QueryParams } from "../web/types.ts";
import type { Endpoint } from "./_registry.ts";
import { isFinal } from "../jobs/_store.ts";

/** What the routes need from the server's options. */
export interface JobRouteOptions extends RequestLimits {
  /** Seconds a finished job is kept (for "unknown or expired" messages). */
  retention: number;
  /** Longest long-poll, in seconds. */
  maxLongPoll: number;
  /** Most long-polls held at once; beyond it, asyncGet answers at once as if no wait was asked. */
  maxLongPolls: number;
}

const READ_METHODS = ["GET", "HEAD"];

/**
 * The requests held waiting for a job to end (`asyncGet?wait=`, and starts with `?wait=`), bounded
 * by maxLongPolls: past it, they are answered at once, as if no wait was asked.
 */
export class LongPolls {
  #held = 0;
  readonly #max: number;

  constructor(max: number) {
    this.#max = max;
  }

  /** Waits with `wait()`, or answers `otherwise` at once when every slot is taken. */
  async hold<T>(wait: () => Promise<T>, otherwise: () => T | Promise<T>): Promise<T> {
    if (this.#held >= this.#max) return await otherwise();
    this.#held++;
    try {
      return await wait();
    } finally {
      this.#held--;
    }
  }
}

/** The probe answer for a job. */
export function probeOf(info: JobInfo): ProbeResult {
  const probe: ProbeResult = { status: info.status, suggested_wait: info.suggestedWait };
  if (info.progress !== undefined) probe.progress = info.progress;
  if (info.message !== undefined) probe.message = info.message;
  return probe;
}

/** Mounts the job routes on `app`. */
export function mountJobRoutes(
  app: Hono,
  jobs: JobBackend,
  options: JobRouteOptions,
  polls: LongPolls,
): void {
  const lookup = async (id: string) => found(await jobs.get(id), id, options);
  app.all("/asyncProbe", async (c) => {
    allow(c.req.raw, READ_METHODS, "asyncProbe");
    const info = await lookup(queryId(parseQuery(c.req.url)));
    return successResponse(probeOf(info), JSON_TYPE, "json");
  });
  app.all("/asyncGet", async (c) => {
    const req = c.req.raw;
    allow(req, READ_METHODS, "asyncGet");
    const query = parseQuery(req.url);
    const id = queryId(query);
    const wait = Math.min(waitSeconds(query.wait), options.maxLongPoll);
    const plain = async () => answer(await lookup(id), req, false, options);
    if (wait === 0) return await plain();
    // Past the limit a long-poll degrades to a plain poll, so held requests stay bounded. A
    // client that goes away frees its slot at once (the request's signal aborts).
    return await polls.hold(async () => {
      const info = await jobs.wait(id, wait * 1000, req.signal);
      return answer(found(info, id, options), req, true, options);
    }, plain);
  });
  app.all("/jobs/:id", async (c) => {
    const req = c.req.raw;
    allow(req, ["DELETE"], "jobs/<id>");
    const id = c.req.param("id");
    const info = found(await jobs.cancel(id), id, options);
    return successResponse(probeOf(info), JSON_TYPE, "json");
  });
}

/**
 * The handler of `POST /<name>` for async endpoints: starts the job, answers 202 and its ID. With
 * `?wait=<s>` it first waits up to `s` seconds for the job to end, and a job that completed comes
 * back with its result in the ticket: a short job then takes one round trip, not two.
 */
export function submitHandler(
  jobs: JobBackend,
  options: JobRouteOptions,
  polls: LongPolls,
): (endpoint: Endpoint, req: Request) => Promise<Response> {
  return async (endpoint, req) => {
    // Read before the job starts: a bad wait must not leave a job behind.
    const wait = Math.min(waitSeconds(parseQuery(req.url).wait), options.maxLongPoll);
    const call = await readCall(req, options, endpoint);
    let info = await jobs.submit(endpoint.name, call.args);
    holdUntilStarted(jobs, info, req);
    if (wait > 0 && !isFinal(info.status)) {
      const started = info;
      // A client that goes away frees a long wait's slot at once; a short wait ends soon anyway,
      // and asking for the request's signal costs more than a short job.
      const signal = wait > 1 ? req.signal : undefined;
      info = await polls.hold(
        async () => await jobs.wait(started.id, wait * 1000, signal) ?? started,
        () => started,
      );
    }
    const ticket: JobTicket = { ID: info.id, suggested_wait: info.suggestedWait };
    if (wait > 0 && info.status === "completed") {
      ticket.status = "completed";
      ticket.result = info.result;
    }
    const mimetype = call.format === "cbor" ? "application/cbor" : JSON_TYPE;
    const location = `/asyncGet?UUID=${info.id}`;
    return successResponse(
      ticket,
      mimetype,
      call.format,
      202,
      options.maxJsonRepeatBytes,
      location,
    );
  };
}

// A queued job's arguments stay in the server's memory: its request's share of the body budget
// is kept until the job leaves the queue.
function holdUntilStarted(jobs: JobBackend, info: JobInfo, req: Request): void {
  const release = keepHeld(req);
  if (info.status !== "queued") return release();
  const stop = jobs.watch(info.id, (now) => {
    if (now.status === "queued") return;
    release();
    stop?.();
  });
  if (!stop) release();
}

function answer(info: JobInfo, req: Request, waited: boolean, limits: RequestLimits): Response {
  switch (info.status) {
    case "completed": {
      // A result is JSON unless the request accepts CBOR (as the TARP client does).
      const format = negotiateFormat(req.headers.get("accept"), "json");
      const mimetype = format === "cbor" ? "application/cbor" : JSON_TYPE;
      return successResponse(info.result, mimetype, format, 200, limits.maxJsonRepeatBytes);
    }
    case "failed":
      // Always 500, whatever the job's error type: a job that threw an error named, say,
      // OperationInProgress must not read as "still running".
      throw new JobFailure(info.error!);
    case "cancelled":
      throw new TarpError("Cancelled", `Job ${info.id} was cancelled; it has no result.`);
    default: {
      const done = info.progress === undefined
        ? ""
        : `, ${Math.round(info.progress * 100)}% done${
          info.message === undefined ? "" : `: ${info.message}`
        }`;
      // After a long-poll the client may ask again at once; otherwise, after the suggested wait.
      throw new OperationInProgress(
        `Job ${info.id} is ${info.status === "queued" ? "queued" : "running"}${done}.`,
        waited ? 0 : info.suggestedWait,
      );
    }
  }
}

function allow(req: Request, methods: string[], route: string): void {
  if (methods.includes(req.method)) return;
  const how = route === "jobs/<id>"
    ? "DELETE /jobs/<id> cancels a job; GET /asyncProbe?UUID=<id> shows its status"
    : `use GET /${route}?UUID=<job ID>`;
  throw new TarpError("MethodNotAllowed", `${req.method} is not allowed here: ${how}.`, {
    allow: methods,
  });
}

function queryId(query: QueryParams): string {
  const raw = query.UUID;
  const id = typeof raw === "string" ? raw : raw?.[0]; // given twice: the first, as before
  if (!id) {
    throw new TarpError(
      "BadRequest",
      "Say which job: add ?UUID=<the job's ID> (the ID that starting the job answered).",
    );
  }
  return id;
}

function found(info: JobInfo | undefined, id: string, options: JobRouteOptions): JobInfo {
  if (info) return info;
  throw new TarpError(
    "NotFound",
    `No job with ID "${id.slice(0, 100)}": it is unknown or has expired (a finished job is ` +
      `kept for ${options.retention} s, while kept results stay under maxResultBytes).`,
  );
}

function waitSeconds(raw: string | string[] | undefined): number {
  if (raw === undefined || raw === "") return 0;
  const text = typeof raw === "string" ? raw : raw[0]; // given twice: the first, as URLSearchParams
  const seconds = /^\d+(\.\d*)?$|^\.\d+$/.test(text) ? Number(text) : NaN;
  if (!Number.isFinite(seconds)) {
    throw new TarpError(
      "BadRequest",
      `wait must be a number of seconds such as wait=10, not ${JSON.stringify(text.slice(0, 50))}.`,
    );
  }
  return seconds;
}
