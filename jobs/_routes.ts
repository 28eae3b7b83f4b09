// The job routes, compatible with the Python TARP's: POST /<name> starts a job (202), GET
// /asyncProbe and GET /asyncGet look at it (with an optional long-poll), DELETE /jobs/<id> cancels.
import type { Hono } from "hono";
import type { ErrorEnvelope } from "../_protocol.ts";
import { type CallLimits, readCall, type WireFormat } from "../_call.ts";
import { ProtocolError, successResponse } from "../_envelope.ts";
import { isCborType, parseMediaType } from "../_media.ts";
import type { Endpoint } from "../_registry.ts";
import { OperationInProgress } from "../errors.ts";
import type { JobManager } from "./_manager.ts";
import { type JobRecord, probeOf } from "./_store.ts";
import type { JobTicket } from "./mod.ts";

/** What the routes need from the server's options. */
export interface RouteOptions extends CallLimits {
  exposeStack: boolean;
  /** Most long-polls held at once; beyond it, asyncGet answers at once as if no wait was asked. */
  maxLongPolls: number;
}

const READ_METHODS = ["GET", "HEAD"];

/** Mounts the job routes on `app`; call before the server's catch-all `/:name` route. */
export function mountJobRoutes(app: Hono, jobs: JobManager, options: RouteOptions): void {
  let held = 0;
  app.all("/asyncProbe", (c) => {
    allow(c.req.raw, READ_METHODS, "asyncProbe");
    const record = lookup(jobs, queryId(c.req.raw));
    return successResponse(probeOf(record), "application/json", "json");
  });
  app.all("/asyncGet", async (c) => {
    const req = c.req.raw;
    allow(req, READ_METHODS, "asyncGet");
    const url = new URL(req.url);
    const record = lookup(jobs, queryId(req, url));
    let wait = Math.min(waitSeconds(url), jobs.settings.maxLongPoll);
    // Past the limit a long-poll degrades to a plain poll, so held requests stay bounded.
    if (held >= options.maxLongPolls) wait = 0;
    held += wait > 0 ? 1 : 0;
    try {
      await jobs.waitFor(record, wait);
    } finally {
      held -= wait > 0 ? 1 : 0;
    }
    return answer(record, req, wait > 0, options);
  });
  app.all("/jobs/:id", (c) => {
    const req = c.req.raw;
    allow(req, ["DELETE"], "jobs/<id>");
    const record = lookup(jobs, c.req.param("id"));
    jobs.cancel(record);
    return successResponse(probeOf(record), "application/json", "json");
  });
}

/** The handler of `POST /<name>` for async endpoints: starts the job, answers 202 and its ID. */
export function submitHandler(
  jobs: JobManager,
  limits: CallLimits,
): (endpoint: Endpoint, req: Request) => Promise<Response> {
  return async (endpoint, req) => {
    const call = await readCall(req, limits);
    const record = jobs.submit(endpoint, call.args);
    const ticket: JobTicket = { ID: record.id, suggested_wait: record.suggestedWait };
    const mimetype = call.format === "cbor" ? "application/cbor" : "application/json";
    const res = successResponse(ticket, mimetype, call.format, 202);
    res.headers.set("location", `/asyncGet?UUID=${record.id}`);
    return res;
  };
}

function answer(record: JobRecord, req: Request, waited: boolean, options: RouteOptions) {
  switch (record.status) {
    case "completed": {
      const format = answerFormat(req);
      const mimetype = format === "cbor" ? "application/cbor" : "application/json";
      return successResponse(record.result, mimetype, format);
    }
    case "failed": {
      // Always 500, whatever the job's error type: a job that threw an error named, say,
      // OperationInProgress must not read as "still running".
      const error = record.error!;
      const envelope: ErrorEnvelope = { status: "error", type: error.type, message: error.message };
      if (options.exposeStack && error.stack) envelope.stack = error.stack;
      return new Response(JSON.stringify(envelope), {
        status: 500,
        headers: { "content-type": "application/json" },
      });
    }
    case "cancelled":
      throw new ProtocolError("Cancelled", `Job ${record.id} was cancelled; it has no result.`);
    default: {
      const done = record.progress === undefined
        ? ""
        : `, ${Math.round(record.progress * 100)}% done${
          record.message === undefined ? "" : `: ${record.message}`
        }`;
      // After a long-poll the client may ask again at once; otherwise, after the suggested wait.
      throw new OperationInProgress(
        `Job ${record.id} is ${record.status === "queued" ? "queued" : "running"}${done}.`,
        waited ? 0 : record.suggestedWait,
      );
    }
  }
}

function allow(req: Request, methods: string[], route: string): void {
  if (methods.includes(req.method)) return;
  const how = route === "jobs/<id>"
    ? "DELETE /jobs/<id> cancels a job; GET /asyncProbe?UUID=<id> shows its status"
    : `use GET /${route}?UUID=<job ID>`;
  throw new ProtocolError("MethodNotAllowed", `${req.method} is not allowed here: ${how}.`, {
    allow: methods.join(", "),
  });
}

function queryId(req: Request, url = new URL(req.url)): string {
  const id = url.searchParams.get("UUID");
  if (!id) {
    throw new ProtocolError(
      "BadRequest",
      "Say which job: add ?UUID=<the job's ID> (the ID that starting the job answered).",
    );
  }
  return id;
}

function lookup(jobs: JobManager, id: string): JobRecord {
  const record = jobs.store.get(id);
  if (record) return record;
  throw new ProtocolError(
    "NotFound",
    `No job with ID "${id.slice(0, 100)}": it is unknown or has expired (a finished job is ` +
      `kept for ${jobs.settings.retention} s).`,
  );
}

function waitSeconds(url: URL): number {
  const raw = url.searchParams.get("wait");
  if (raw === null || raw === "") return 0;
  const seconds = /^\d+(\.\d*)?$|^\.\d+$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isFinite(seconds)) {
    throw new ProtocolError(
      "BadRequest",
      `wait must be a number of seconds such as wait=10, not ${JSON.stringify(raw.slice(0, 50))}.`,
    );
  }
  return seconds;
}

// A result is JSON unless the request accepts CBOR (as the TARP client does).
function answerFormat(req: Request): WireFormat {
  const types = (req.headers.get("accept") ?? "").split(",").map((t) => parseMediaType(t).essence);
  return types.some(isCborType) ? "cbor" : "json";
}
