/**
 * The TARP server: register plain functions with {@linkcode makeServer} and serve them over HTTP
 * with {@linkcode runServer}, or answer requests in-process with `server.fetch`.
 *
 * @example A server with one RPC endpoint
 * ```ts
 * import { makeServer, runServer } from "@tarp/tarp/server";
 *
 * function my_function(x: number, y: number): number {
 *   return x + y;
 * }
 *
 * const server = makeServer().addRPCEndpoint("my_function", my_function);
 * const handle = runServer(server, { port: 0, bindTo: "127.0.0.1", quiet: true });
 * await handle.shutdown();
 * ```
 *
 * @module
 */
import { Hono } from "hono";
import { type AnyFunction, type Endpoint, type EndpointKind, Registry } from "./_registry.ts";
import { errorResponse, ProtocolError, successResponse } from "./_envelope.ts";
import { readCall } from "./_call.ts";
import { DEFAULT_MAX_BODY_BYTES } from "./_body.ts";
import { DEFAULT_MAX_DEPTH } from "./_codec.ts";

/** Options for {@linkcode makeServer}. */
export interface ServerOptions {
  /** Largest request body in bytes, refused with 413 before it is read whole. Default 64 MiB. */
  maxBodyBytes?: number;
  /** Deepest nesting a request value may have, refused with 400. Default 128. */
  maxDepth?: number;
  /** Send thrown errors' stack traces to clients (off by default: they reveal server paths). */
  exposeStack?: boolean;
}

/** Options for {@linkcode TarpServer.addRPCEndpoint}. */
export interface RpcEndpointOptions {
  /** What the function does; shown by discovery and on the client's method. */
  description?: string;
  /** MIME type describing the result, reported in the envelope and discovery. */
  resultMimetype?: string;
}

/** Type-level record of an RPC endpoint, so the client knows its signature. */
export interface RpcSpec<F extends AnyFunction = AnyFunction> {
  /** The endpoint kind. */
  readonly kind: "rpc";
  /** The registered function's type. */
  readonly fn: F;
}

/** Type-level record of an asynchronous RPC endpoint. */
export interface AsyncSpec<F extends AnyFunction = AnyFunction> {
  /** The endpoint kind. */
  readonly kind: "async";
  /** The registered function's type. */
  readonly fn: F;
}

/** Type-level record of a web GET endpoint. */
export interface GetSpec {
  /** The endpoint kind. */
  readonly kind: "get";
}

/** Type-level record of a web POST endpoint. */
export interface PostSpec {
  /** The endpoint kind. */
  readonly kind: "post";
}

/** Any endpoint's type-level record. */
export type EndpointSpec = RpcSpec | AsyncSpec | GetSpec | PostSpec;

/** Endpoint names mapped to their type-level records; a server's type parameter. */
export type EndpointMap = { [name: string]: EndpointSpec };

/** The server type with no endpoints yet. */
export type EmptyEndpoints = Record<never, never>;

/** Answers one kind of endpoint; the web and job modules plug theirs in. */
export type EndpointHandler = (endpoint: Endpoint, req: Request) => Promise<Response>;

/**
 * A TARP server: a registry of endpoints and the HTTP adapter that serves it. Made by
 * {@linkcode makeServer}; each `add…Endpoint` call returns the server with the new endpoint in its
 * type, so `client<typeof server>` can type every call.
 *
 * @example Chain registrations so the client is typed
 * ```ts
 * import { makeServer } from "@tarp/tarp/server";
 *
 * const server = makeServer()
 *   .addRPCEndpoint("add", (a: number, b: number) => a + b)
 *   .addRPCEndpoint("hello", (name: string) => `hello ${name}`);
 * const res = await server.fetch(
 *   new Request("http://x/add", {
 *     method: "POST",
 *     headers: { "content-type": "application/json" },
 *     body: JSON.stringify({ args: [1, 2] }),
 *   }),
 * );
 * console.log(await res.json()); // { status: "success", mimetype: "application/json", result: 3 }
 * ```
 */
export class TarpServer<E extends EndpointMap = EmptyEndpoints> {
  /** Phantom field carrying the endpoint types for `client<typeof server>`; never set. */
  declare readonly endpointTypes?: E;
  /** The endpoints by name. */
  readonly registry: Registry = new Registry();
  /** The options the server was made with, defaults filled in. */
  readonly options: Required<ServerOptions>;
  readonly #app: Hono = new Hono();
  readonly #handlers: Partial<Record<EndpointKind, EndpointHandler>> = {};
  readonly #closers: (() => void | Promise<void>)[] = [];

  /** Use {@linkcode makeServer} rather than this constructor. */
  constructor(options: ServerOptions = {}) {
    this.options = {
      maxBodyBytes: options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
      maxDepth: options.maxDepth ?? DEFAULT_MAX_DEPTH,
      exposeStack: options.exposeStack ?? false,
    };
    this.#handlers.rpc = (ep, req) => this.#callRpc(ep, req);
    this.#routes();
  }

  /**
   * Registers `fn` as a synchronous RPC endpoint: `POST /<name>` with `{"args": [...]}` calls it
   * and answers its (awaited) return value.
   *
   * @example
   * ```ts
   * import { makeServer } from "@tarp/tarp/server";
   *
   * // Adds two numbers.
   * function add(x: number, y: number): number {
   *   return x + y;
   * }
   * const server = makeServer().addRPCEndpoint("add", add, { description: "Adds two numbers" });
   * ```
   */
  addRPCEndpoint<N extends string, F extends AnyFunction>(
    name: N,
    fn: F,
    options: RpcEndpointOptions = {},
  ): TarpServer<E & { [K in N]: RpcSpec<F> }> {
    this.registry.add({
      kind: "rpc",
      name,
      fn,
      description: options.description,
      resultMimetype: options.resultMimetype,
      options: { ...options },
    });
    return this as unknown as TarpServer<E & { [K in N]: RpcSpec<F> }>;
  }

  /**
   * Answers one request in-process, exactly as the HTTP server would: for tests, or to mount a
   * TARP server inside another Hono or Deno app.
   *
   * @example
   * ```ts
   * import { makeServer } from "@tarp/tarp/server";
   *
   * const server = makeServer().addRPCEndpoint("ping", () => "pong");
   * const res = await server.fetch(new Request("http://local/"));
   * console.log((await res.json()).result.RPC); // [{ name: "ping", ... }]
   * ```
   */
  fetch = (request: Request): Promise<Response> => Promise.resolve(this.#app.fetch(request));

  /**
   * Plugs in the handler for one endpoint kind. Used by the web and job modules.
   *
   * @example
   * ```ts
   * import { makeServer } from "@tarp/tarp/server";
   *
   * const server = makeServer();
   * server.setHandler("get", () => Promise.resolve(new Response("hi")));
   * ```
   */
  setHandler(kind: EndpointKind, handler: EndpointHandler): void {
    this.#handlers[kind] = handler;
  }

  /**
   * The underlying Hono app, for modules that add routes of their own (such as the job routes).
   *
   * @example
   * ```ts
   * import { makeServer } from "@tarp/tarp/server";
   *
   * makeServer().app.get("/extra", (c) => c.text("extra"));
   * ```
   */
  get app(): Hono {
    return this.#app;
  }

  /**
   * Registers cleanup to run when the server is closed (for example, terminating job workers).
   *
   * @example
   * ```ts
   * import { makeServer } from "@tarp/tarp/server";
   *
   * makeServer().onClose(() => console.log("closed"));
   * ```
   */
  onClose(closer: () => void | Promise<void>): void {
    this.#closers.push(closer);
  }

  /**
   * Releases what the server holds (job workers, timers). `runServer`'s `shutdown()` calls it.
   *
   * @example
   * ```ts
   * import { makeServer } from "@tarp/tarp/server";
   *
   * await makeServer().close();
   * ```
   */
  async close(): Promise<void> {
    const closers = this.#closers.splice(0);
    await Promise.all(closers.map((c) => c()));
  }

  #routes(): void {
    const app = this.#app;
    app.get("/", () => successResponse(this.registry.discovery(), "application/json", "json"));
    app.all("/:name", (c) => this.#dispatch(c.req.param("name"), c.req.raw));
    app.notFound((c) => {
      throw new ProtocolError(
        "NotFound",
        `Nothing at ${new URL(c.req.url).pathname}. ${this.registry.describeNames()}`,
      );
    });
    app.onError((err) => errorResponse(err, { exposeStack: this.options.exposeStack }));
  }

  #dispatch(name: string, req: Request): Promise<Response> {
    const endpoint = this.registry.get(name);
    if (!endpoint) {
      throw new ProtocolError(
        "NotFound",
        `No endpoint named "${name}". ${this.registry.describeNames()}`,
      );
    }
    const allowed = endpoint.kind === "get" ? ["GET", "HEAD"] : ["POST"];
    if (!allowed.includes(req.method)) throw wrongMethod(endpoint, req.method, allowed);
    const handler = this.#handlers[endpoint.kind];
    if (!handler) {
      throw new Error(`No handler is installed for ${endpoint.kind} endpoints.`);
    }
    return handler(endpoint, req);
  }

  async #callRpc(endpoint: Endpoint, req: Request): Promise<Response> {
    const call = await readCall(req, this.options);
    const result = await endpoint.fn(...call.args);
    const mimetype = endpoint.resultMimetype ??
      (call.format === "cbor" ? "application/cbor" : "application/json");
    return successResponse(result, mimetype, call.format);
  }
}

function wrongMethod(endpoint: Endpoint, method: string, allowed: string[]): ProtocolError {
  const how = endpoint.kind === "get"
    ? "call it with GET and a query string"
    : endpoint.kind === "post"
    ? "call it with POST"
    : 'call it with POST and a JSON or CBOR body {"args": [...]}';
  return new ProtocolError(
    "MethodNotAllowed",
    `${method} is not allowed on "${endpoint.name}", a ${endpoint.kind} endpoint: ${how}.`,
    { allow: allowed.join(", ") },
  );
}

/**
 * Makes an empty TARP server; add endpoints with its `add…Endpoint` methods.
 *
 * @example
 * ```ts
 * import { makeServer } from "@tarp/tarp/server";
 *
 * const server = makeServer({ maxBodyBytes: 1024 * 1024 });
 * server.addRPCEndpoint("my_function", (x: number, y: number) => x + y);
 * ```
 */
export function makeServer(options: ServerOptions = {}): TarpServer {
  return new TarpServer(options);
}

export { runServer } from "./_run.ts";
export type { RunOptions, ServerHandle } from "./_run.ts";
