// The parts of the OpenAPI 3.1 document every TARP server shares: the envelopes' schemas, the
// error answers by status, and the routes the server answers itself (discovery, health, jobs).
import { STATUS_OF } from "../_wire/errors.ts";

/** A JSON object in the document. */
export type Json = Record<string, unknown>;

const ref = (name: string): Json => ({ $ref: `#/components/schemas/${name}` });
/** A reference to a shared answer. */
export const answer = (name: string): Json => ({ $ref: `#/components/responses/${name}` });

/** The success envelope around `result`. */
export function envelopeOf(result: Json = {}, mimetype?: string): Json {
  return {
    type: "object",
    required: ["status", "mimetype", "result"],
    properties: {
      status: { const: "success" },
      mimetype: mimetype ? { type: "string", examples: [mimetype] } : { type: "string" },
      result,
    },
  };
}

/** A JSON answer with `schema`. */
export function json(description: string, schema: Json, headers?: Json): Json {
  return { description, content: { "application/json": { schema } }, ...(headers && { headers }) };
}

const ISSUE: Json = {
  type: "object",
  required: ["path", "message"],
  properties: {
    path: { type: "array", items: { type: ["string", "integer"] } },
    message: { type: "string" },
  },
};

const PROBE: Json = {
  type: "object",
  required: ["status", "suggested_wait"],
  properties: {
    status: { $ref: "#/components/schemas/JobStatus" },
    suggested_wait: { type: "number", minimum: 0 },
    progress: { type: "number", minimum: 0, maximum: 1 },
    message: { type: "string" },
  },
};

const time = { type: "string", format: "date-time" };

/** The shared schemas. */
export const SCHEMAS: Json = {
  ErrorEnvelope: {
    type: "object",
    required: ["status", "type", "message"],
    properties: {
      status: { const: "error" },
      type: { type: "string", description: "The error's class name; see the status table." },
      message: { type: "string" },
      retry_after: { type: "number", minimum: 0, description: "Seconds to wait (503)." },
      stack: { type: "string", description: "Only with exposeStack: true." },
      issues: { type: "array", items: ISSUE, description: "Input that failed the schema." },
    },
  },
  SuccessEnvelope: envelopeOf(),
  JobStatus: { enum: ["queued", "in_progress", "completed", "failed", "cancelled"] },
  Probe: PROBE,
  JobTicket: {
    type: "object",
    required: ["ID", "suggested_wait"],
    properties: {
      ID: { type: "string" },
      suggested_wait: { type: "number", minimum: 0 },
      status: { enum: ["completed"], description: "The start waited (?wait=) and the job ended." },
      result: { description: "The job's result, with status: completed." },
    },
  },
  JobSummary: {
    type: "object",
    required: ["ID", "endpoint", "status", "suggested_wait", "created"],
    properties: {
      ...(PROBE.properties as Json),
      ID: { type: "string" },
      endpoint: { type: "string" },
      created: time,
      started: time,
      ended: time,
    },
  },
  CallBody: {
    type: "object",
    properties: {
      args: { type: "array", description: "The positional arguments." },
      kwargs: { type: "object", description: "Named arguments: passed as one last argument." },
    },
  },
};

const WHEN: Record<string, string> = {
  BadRequest: "malformed JSON or CBOR, a bad args/kwargs shape, input failing the schema",
  Unauthorized: "no token, or a wrong one",
  NotFound: "no such endpoint, or an unknown (or expired) job",
  MethodNotAllowed: "a method the route does not take; Allow lists those it does",
  Cancelled: "the result of a cancelled job",
  PayloadTooLarge: "a body over maxBodyBytes",
  UnsupportedMediaType: "an RPC body neither JSON nor CBOR, or a charset the server cannot read",
  TooManyRequests: "too many job event streams open at once",
  ServiceUnavailable: "OperationInProgress (Retry-After) or InvalidServerState",
  ServerError: "the function threw (type: the error's name), or the job failed",
};

const retryAfter = { "Retry-After": { schema: { type: "integer", minimum: 0 } } };

/** The shared error answers, by name. */
export function errorAnswers(): Json {
  const error = ref("ErrorEnvelope");
  const answers: Json = {};
  for (const [name, when] of Object.entries(WHEN)) {
    const headers = name === "MethodNotAllowed"
      ? { Allow: { schema: { type: "string" } } }
      : name === "Unauthorized"
      ? { "WWW-Authenticate": { schema: { type: "string" } } }
      : name === "ServiceUnavailable" || name === "TooManyRequests"
      ? retryAfter
      : undefined;
    answers[name] = json(`${name}: ${when}.`, error, headers);
  }
  return answers;
}

/** The status table as Markdown, for the document's description. */
export function statusTable(): string {
  const rows = Object.entries(STATUS_OF).map(([type, status]) => `| ${type} | ${status} |`);
  return [
    'Every error is the JSON envelope `{status: "error", type, message}`; its status comes from',
    "its type:\n\n| type | status |\n| --- | --- |",
    ...rows,
    "| anything else (a function's own error) | 500 |",
  ].join("\n");
}

const uuid = (required: boolean): Json => ({
  name: "UUID",
  in: "query",
  required,
  schema: { type: "string" },
  description: "The job's ID, as starting it answered.",
});
const jobId: Json = { name: "id", in: "path", required: true, schema: { type: "string" } };

/** The routes the server answers itself. */
export function serverRoutes(): Json {
  const ok = (description: string, result: Json) => json(description, envelopeOf(result));
  return {
    "/": {
      get: {
        summary: "Discovery: every endpoint by kind (a browser asking for HTML gets the explorer)",
        operationId: "tarp:discovery",
        responses: {
          200: {
            description: "The discovery document, or the explorer page for Accept: text/html.",
            content: {
              "application/json": { schema: envelopeOf({ type: "object" }) },
              "text/html": { schema: { type: "string" } },
            },
          },
        },
      },
    },
    "/health": {
      get: {
        summary: "Is the server up (no token needed)",
        operationId: "tarp:health",
        security: [],
        responses: {
          200: json("Up.", {
            type: "object",
            required: ["status", "version", "uptime"],
            properties: {
              status: { const: "ok" },
              version: { type: "string" },
              uptime: { type: "number" },
            },
          }),
        },
      },
    },
    "/openapi.json": {
      get: {
        summary: "This document",
        operationId: "tarp:openapi",
        responses: { 200: json("The OpenAPI 3.1 document.", { type: "object" }) },
      },
    },
    "/jobs": {
      get: {
        summary: "The jobs the server holds: queued, running, and ended but kept",
        operationId: "tarp:listJobs",
        responses: {
          200: ok("The jobs, oldest first.", { type: "array", items: ref("JobSummary") }),
        },
      },
    },
    "/jobs/{id}": {
      delete: {
        summary: "Cancel a job",
        operationId: "tarp:cancelJob",
        parameters: [jobId],
        responses: {
          200: ok("The job's probe afterwards.", ref("Probe")),
          404: answer("NotFound"),
        },
      },
    },
    "/jobs/{id}/events": {
      get: {
        summary: "A job's changes as Server-Sent Events: `progress` (the probe), then `end`",
        operationId: "tarp:jobEvents",
        parameters: [jobId],
        responses: {
          200: {
            description: "event: progress, data: the probe; event: end, data: the outcome's " +
              "envelope; then the stream closes.",
            content: { "text/event-stream": { schema: { type: "string" } } },
          },
          404: answer("NotFound"),
          429: answer("TooManyRequests"),
        },
      },
    },
    "/asyncProbe": {
      get: {
        summary: "A job's status and progress",
        operationId: "tarp:asyncProbe",
        parameters: [uuid(true)],
        responses: {
          200: ok("The probe.", ref("Probe")),
          400: answer("BadRequest"),
          404: answer("NotFound"),
        },
      },
    },
    "/asyncGet": {
      get: {
        summary: "A job's outcome; with wait, held until the job ends or wait seconds pass",
        operationId: "tarp:asyncGet",
        parameters: [uuid(true), {
          name: "wait",
          in: "query",
          required: false,
          schema: { type: "number", minimum: 0 },
          description: "Seconds to hold the request while the job runs (long-poll).",
        }],
        responses: {
          200: {
            description: "The job's result (CBOR when Accept includes application/cbor).",
            content: {
              "application/json": { schema: ref("SuccessEnvelope") },
              "application/cbor": {},
            },
          },
          400: answer("BadRequest"),
          404: answer("NotFound"),
          409: answer("Cancelled"),
          500: answer("ServerError"),
          503: answer("ServiceUnavailable"),
        },
      },
    },
  };
}
