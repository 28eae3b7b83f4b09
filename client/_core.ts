// The client's transport: the one place that talks HTTP (fetch), maps failures onto TARP's
// errors, and remembers what discovery said. client.ts wraps it in the user-facing proxy.
import type { DiscoveryDocument, Envelope, ErrorEnvelope, RpcEntry } from "../_wire/protocol.ts";
import { CBOR_TYPE, JSON_TYPE } from "../_wire/protocol.ts";
import { decodeCbor, encodeCborMessage } from "../_wire/codec.ts";
import { isCborType, isJsonType, parseMediaType } from "../_wire/media.ts";
import { errorFromEnvelope } from "../_wire/errors.ts";
import { TimeoutError } from "../errors.ts";
import { connectionFailure } from "./_browser.ts";
import type { CallOptions, ClientOptions, EndpointInfo } from "./options.ts";
import { denoHttpClient, type HttpClientLike } from "./_deno_http.ts";

/** A decoded answer: status, headers, and the body decoded by its content type. */
export interface Answer {
  status: number;
  headers: Headers;
  contentType: string;
  bytes: Uint8Array;
}

const KINDS = [["RPC", "rpc"], ["ASYNCRPC", "async"], ["GET", "get"], ["POST", "post"]] as const;

// Far larger than any sane answer nests, but still bounded; a server's BigInts are its own.
const ANSWER_LIMITS = { maxDepth: 10_000, maxBigIntBytes: Infinity, maxValues: Infinity };

/** The client's connection to one server. */
export class ClientCore {
  /** The URL as the user gave it (`http://…`, `https://…` or `unix:///path`). */
  readonly url: string;
  readonly options: ClientOptions;
  endpoints: Map<string, EndpointInfo> = new Map();
  // Where requests go: the URL itself, or a dummy host for a Unix socket.
  readonly #base: string;
  // Only for caCerts or a Unix socket (Deno only); otherwise the runtime's own fetch pool.
  readonly #httpClient?: HttpClientLike;

  constructor(url: string, options: ClientOptions) {
    this.url = url.replace(/\/+$/, "");
    this.options = options;
    const caCerts = options.caCerts;
    if (this.url.startsWith("unix://")) {
      const path = this.url.slice("unix://".length);
      this.#base = "http://localhost";
      this.#httpClient = denoHttpClient(
        { proxy: { transport: "unix", path }, caCerts },
        "unix",
        url,
      );
    } else if (/^https?:\/\//.test(this.url)) {
      this.#base = this.url;
      if (caCerts) this.#httpClient = denoHttpClient({ caCerts }, "caCerts", url);
    } else {
      throw new TypeError(
        `"${url}" is not a TARP server URL: use http://host:port, https://host:port or ` +
          "unix:///path/to/socket.",
      );
    }
  }

  /** Releases the connection pool made for `caCerts` or a Unix socket. */
  close(): void {
    this.#httpClient?.close();
  }

  /** True when the server answers `GET /health`. */
  async connected(call: CallOptions = {}): Promise<boolean> {
    try {
      const answer = await this.exchange("/health", { method: "GET" }, call, "health check");
      return answer.status === 200;
    } catch {
      return false;
    }
  }

  /** Reads discovery again. */
  async refresh(call: CallOptions = {}): Promise<void> {
    const answer = await this.exchange("/", { method: "GET" }, call, "discovery");
    const doc = this.decode(answer) as DiscoveryDocument;
    const endpoints = new Map<string, EndpointInfo>();
    for (const [key, kind] of KINDS) {
      for (const entry of (doc?.[key] ?? []) as RpcEntry[]) {
        endpoints.set(entry.name, {
          name: entry.name,
          kind,
          description: entry.description,
          params: entry.params,
          entry: entry as unknown as Record<string, unknown>,
        });
      }
    }
    this.endpoints = endpoints;
  }

  /** A sentence listing the endpoints, for "not found" messages. */
  describeNames(): string {
    const names = [...this.endpoints.values()].map((e) => `${e.name} (${e.kind})`);
    return names.length ? `It has: ${names.join(", ")}.` : "It has no endpoints.";
  }

  /** Calls an RPC endpoint with CBOR (`query` after its path) and returns its result. */
  async callRpc(name: string, args: unknown[], call: CallOptions, query = ""): Promise<unknown> {
    const body = encodeArgs(name, args);
    const answer = await this.exchange(
      `/${encodeURIComponent(name)}${query}`,
      {
        method: "POST",
        headers: { "content-type": CBOR_TYPE, accept: CBOR_TYPE },
        body,
      },
      call,
      `call to ${name}()`,
    );
    return this.decode(answer);
  }

  /**
   * Sends one request and reads the whole answer, under the call's timeout and signal. Network
   * failures become {@linkcode ConnectionError}, timeouts {@linkcode TimeoutError}.
   */
  async exchange(
    path: string,
    init: RequestInit,
    call: CallOptions,
    what: string,
  ): Promise<Answer> {
    const ms = call.timeout ?? this.options.timeout;
    call.signal?.throwIfAborted();
    // A controller only when something can abort: the common call stays allocation-light.
    const controller = ms === undefined && !call.signal ? undefined : new AbortController();
    const onAbort = () => controller?.abort(call.signal?.reason);
    call.signal?.addEventListener("abort", onAbort, { once: true });
    let timedOut = false;
    const timer = ms === undefined ? undefined : setTimeout(() => {
      timedOut = true;
      controller?.abort();
    }, ms);
    let headers = init.headers;
    if (this.options.token) {
      const withToken = new Headers(headers);
      withToken.set("authorization", `Bearer ${this.options.token}`);
      headers = withToken;
    }
    try {
      // No await before the request is made: it copies the body then, and an RPC's body is a
      // transient encoding that the next one overwrites (encodeArgs).
      const request = { ...init, headers, signal: controller?.signal };
      const res = this.options.fetch
        ? await untilAborted(
          this.options.fetch(new Request(this.#base + path, request)),
          request.signal,
        )
        : await fetch(this.#base + path, {
          ...request,
          client: this.#httpClient as Deno.HttpClient,
        });
      const bytes = await res.arrayBuffer().then((b) => new Uint8Array(b), (e) => {
        // A server refusing a large body answers, then closes before the answer's end.
        const cut = cutRefusal(res);
        if (cut) return cut;
        throw e;
      });
      const contentType = res.headers.get("content-type") ?? "";
      return { status: res.status, headers: res.headers, contentType, bytes };
    } catch (e) {
      if (timedOut) throw new TimeoutError(`The ${what} timed out after ${ms} ms.`);
      if (call.signal?.aborted) throw call.signal.reason;
      throw await connectionFailure(this.url, this.#base, e);
    } finally {
      if (timer !== undefined) clearTimeout(timer);
      call.signal?.removeEventListener("abort", onAbort);
    }
  }

  /** Opens `path` as a stream (Server-Sent Events): the answer with its body unread. */
  async stream(path: string, signal: AbortSignal): Promise<Response> {
    const headers = new Headers({ accept: "text/event-stream" });
    if (this.options.token) headers.set("authorization", `Bearer ${this.options.token}`);
    const init = { method: "GET", headers, signal };
    try {
      return this.options.fetch
        ? await untilAborted(this.options.fetch(new Request(this.#base + path, init)), signal)
        : await fetch(this.#base + path, { ...init, client: this.#httpClient as Deno.HttpClient });
    } catch (e) {
      if (signal.aborted) throw signal.reason;
      throw await connectionFailure(this.url, this.#base, e);
    }
  }

  /** Decodes an envelope answer; returns its result or throws the error it carries. */
  decode(answer: Answer): unknown {
    const envelope = parseEnvelope(answer);
    if (envelope.status === "error") throw errorOf(envelope, answer);
    return envelope.result;
  }
}

// A given fetch (server.fetch, say) may not watch the request's signal: the call must still end
// when its timeout or signal fires.
function untilAborted<T>(work: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return work;
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
  });
}

function encodeArgs(name: string, args: unknown[]): Uint8Array<ArrayBuffer> {
  try {
    // Transient: exchange() hands it to fetch (or a Request) before anything awaits, and both
    // copy a body as they take it.
    return encodeCborMessage({ args }, "args", true);
  } catch (e) {
    if (e instanceof TypeError) throw new TypeError(`Cannot call ${name}(): ${e.message}`);
    throw e;
  }
}

// The envelope of a 413 or 503 whose body the server cut short by closing the connection.
function cutRefusal(res: Response): Uint8Array | undefined {
  const retryAfter = Number(res.headers.get("retry-after") ?? 1);
  const envelope: ErrorEnvelope | undefined = res.status === 413
    ? {
      status: "error",
      type: "PayloadTooLarge",
      message: "The server refused the request body as too large (413) and closed the connection.",
    }
    : res.status === 503
    ? {
      status: "error",
      type: "OperationInProgress",
      message: "The server is busy (503) and closed the connection; retry later.",
      retry_after: retryAfter,
    }
    : undefined;
  return envelope && new TextEncoder().encode(JSON.stringify(envelope));
}

const utf8 = new TextDecoder();

/** Reads the body of an answer as an envelope, or explains why it is not one. */
export function parseEnvelope(answer: Answer): Envelope {
  const type = answer.contentType;
  // A TARP server sends these two exactly: no parsing for them (one per call).
  const essence = type === CBOR_TYPE || type === JSON_TYPE ? type : parseMediaType(type).essence;
  let body: unknown;
  try {
    if (isCborType(essence)) body = decodeCbor(answer.bytes, ANSWER_LIMITS);
    else if (isJsonType(essence)) body = JSON.parse(utf8.decode(answer.bytes));
  } catch {
    body = undefined;
  }
  const status = (body as Envelope | undefined)?.status;
  if (status === "success" || status === "error") return body as Envelope;
  const text = utf8.decode(answer.bytes.subarray(0, 200));
  return {
    status: "error",
    type: answer.status >= 400 ? "HTTPError" : "ProtocolError",
    message: `HTTP ${answer.status} answer is not a TARP envelope: ${text || "(empty)"}`,
  };
}

/** The client-side Error for an error envelope answer (the one conversion, in _wire/errors.ts). */
export function errorOf(envelope: ErrorEnvelope, answer: Answer, jobId?: string): Error {
  return errorFromEnvelope(envelope, {
    status: answer.status,
    retryAfterHeader: answer.headers.get("retry-after"),
    jobId,
  });
}
