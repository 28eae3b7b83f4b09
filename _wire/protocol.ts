// The TARP wire protocol's message shapes and constants: every request and answer body that
// crosses the wire is one of these types. docs/protocol.md is the prose form. Both sides import
// this file; it holds no code that runs on either side.
import type { JobTicket, ProbeResult } from "../jobs/types.ts";

export type { JobTicket, ProbeResult };

/** The protocol version this package speaks; carried in the discovery document. */
export const PROTOCOL_VERSION = 1;

/** The protocol version's type. */
export type ProtocolVersion = typeof PROTOCOL_VERSION;

/** The CBOR media type. */
export const CBOR_TYPE = "application/cbor";

/** The JSON media type. */
export const JSON_TYPE = "application/json";

/** The two encodings of calls and answers. */
export type WireFormat = "json" | "cbor";

/** Header marking a raw payload, so clients never mistake a JSON payload for an envelope. */
export const RAW_PAYLOAD_HEADER = "x-tarp-payload";

/** Paths the server answers itself; no endpoint may take them. */
export const SERVER_ROUTES: readonly string[] = [
  "asyncProbe",
  "asyncGet",
  "jobs",
  "health",
  "client.js",
  "openapi.json",
];

/** Names the client uses itself (besides every `$`-prefixed name). */
export const CLIENT_RESERVED: readonly string[] = [
  "then",
  "catch",
  "finally",
  "toJSON",
  "constructor",
  "prototype",
  "__proto__",
];

/** The four kinds of endpoint, as the discovery document names them. */
export type DiscoveryKind = "GET" | "POST" | "RPC" | "ASYNCRPC";

/** `{"status":"success"}` answer: the result and the MIME type describing it. */
export interface SuccessEnvelope<T = unknown> {
  status: "success";
  mimetype: string;
  result: T;
}

/** `{"status":"error"}` answer: the error's type (its class name) and a message. */
export interface ErrorEnvelope {
  status: "error";
  type: string;
  message: string;
  /** Seconds to wait before retrying; set for `OperationInProgress`. */
  retry_after?: number;
  /** Only when the server opted in with `exposeStack: true`. */
  stack?: string;
  /** Input that failed an endpoint's `input` schema: each issue and where it is. */
  issues?: InputIssue[];
}

/** One issue of input that failed an endpoint's `input` schema (in a 400 `BadRequest`). */
export interface InputIssue {
  /** Where in the input: keys and indexes from its top (`[]` for the input as a whole). */
  path: (string | number)[];
  /** What is wrong there. */
  message: string;
}

/** Any answer envelope. */
export type Envelope<T = unknown> = SuccessEnvelope<T> | ErrorEnvelope;

/** The body of an RPC or async RPC call, in JSON or CBOR. */
export interface CallBody {
  args: unknown[];
  /** Optional named arguments. */
  kwargs?: Record<string, unknown>;
}

/** One entry of the discovery document's `RPC` and `ASYNCRPC` arrays. */
export interface RpcEntry {
  name: string;
  description: string;
  /** Parameter names read from the function's source, when they could be read. */
  params?: string[];
  /** MIME type of the result, when the server declared one. */
  result_mimetype?: string;
  /** Async endpoints only: seconds a client should wait between polls. */
  suggested_wait?: number;
}

/** One entry of the discovery document's `GET` array. */
export interface GetEntry {
  name: string;
  description: string;
  query_params: Record<string, string> | string[] | null;
  result_mimetype?: string;
}

/** One entry of the discovery document's `POST` array. */
export interface PostEntry extends GetEntry {
  payload_mimetype: string | null;
  payload_schema: unknown;
}

/** The `result` of `GET /`: the Python TARP's four arrays plus TARP's protocol version. */
export interface DiscoveryDocument {
  GET: GetEntry[];
  POST: PostEntry[];
  RPC: RpcEntry[];
  ASYNCRPC: RpcEntry[];
  protocol: ProtocolVersion;
  server: string;
  version: string;
}

/** One job in `GET /jobs`'s `result`; times are ISO 8601 strings. */
export interface JobSummary {
  ID: string;
  /** The async endpoint it runs. */
  endpoint: string;
  status: ProbeResult["status"];
  suggested_wait: number;
  progress?: number;
  message?: string;
  /** When it was submitted. */
  created: string;
  /** When it started running. */
  started?: string;
  /** When it ended. */
  ended?: string;
}

/** `GET /health`'s answer (no envelope). */
export interface HealthAnswer {
  status: "ok";
  version: string;
  /** Seconds since the server was made. */
  uptime: number;
}
