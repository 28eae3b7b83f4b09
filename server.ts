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
import { type Endpoint, type EndpointHandler, type EndpointKind, Registry } from "./_registry.ts";
import { errorResponse, ProtocolError, successResponse } from "./_envelope.ts";
import { readCall } from "./_call.ts";
import { DEFAULT_MAX_BODY_BYTES } from "./_body.ts";
import { DEFAULT_MAX_DEPTH } from "./_codec.ts";
import { lockKey } from "./_locks.ts";
import { tokenGuard } from "./_auth.ts";
import { publicMethods } from "./_object.ts";
import { VERSION } from "./_version.ts";
import type { GetEndpointOptions, PostEndpointOptions, WebHandler } from "./web.ts";
import { webHandler } from "./_web_server.ts";
import { withCors } from "./_web_cors.ts";
import { asyncEndpoint, installJobs, jobDefaults } from "./jobs/_install.ts";
import type {
  AnyFunction,
  AsyncEndpointOptions,
  AsyncSpec,
  EmptyEndpoints,
  EndpointMap,
  GetSpec,
  ObjectEndpoints,
  ObjectOptions,
  PostSpec,
  RpcEndpointOptions,
  RpcSpec,
  ServerOptions,
} from "./_server_types.ts";

export type * from "./_server_types.ts";
export { createToken } from "./_auth.ts";
export { runServer } from "./_run.ts";
export type { RunOptions, ServerHandle } from "./_run.ts";
export type { LogEntry, LogOption } from "./_log.ts";

/**
 * The server's options with their defaults filled in.
 *
 * @example
 * ```ts ignore
 * import { makeServer } from "@tarp/tarp/server";
 *
 * console.log(makeServer().options.maxBodyBytes); // 67108864 (64 MiB)
 * ```
 */
export type ResolvedServerOptions =
  & Required<Omit<ServerOptions, "token" | "log" | "maxLongPolls">>
  & ServerOptions
  & { maxLongPolls: number };

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
  /** The options the server was made with, defaults filled in. */
  readonly options: ResolvedServerOptions;
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
  fetch: (request: Request) => Promise<Response>;
  readonly #registry: Registry = new Registry();
  readonly #app: Hono = new Hono();
  readonly #handlers: Partial<Record<EndpointKind, EndpointHandler>> = {};
  readonly #closers: (() => void | Promise<void>)[] = [];
  readonly #startedAt = performance.now();
  #guard?: (req: Request) => Response | undefined;

  /** Use {@linkcode makeServer} rather than this constructor. */
  constructor(options: ServerOptions = {}) {
    this.options = {
      maxBodyBytes: options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
      maxDepth: options.maxDepth ?? DEFAULT_MAX_DEPTH,
      exposeStack: options.exposeStack ?? false,
      cors: options.cors ?? false,
      ...jobDefaults(options),
      maxLongPolls: options.maxLongPolls ?? 1000,
      token: options.token,
      log: options.log,
    };
    if (options.token !== undefined) this.requireToken(options.token);
    this.#handlers.rpc = (ep, req) => this.#callRpc(ep, req);
    this.#handlers.get = this.#handlers.post = webHandler(this.options);
    this.#app.get("/health", () => this.#health());
    installJobs({
      app: this.#app,
      options: this.options,
      setHandler: (kind, handler) => this.#handlers[kind] = handler,
      onClose: (closer) => this.#closers.push(closer),
    }); // before #routes(), whose catch-all /:name would shadow the job routes
    this.#routes();
    const answer = (req: Request) => this.#answer(req);
    this.fetch = this.options.cors === false ? answer : withCors(this.options.cors, answer);
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
    this.#add("rpc", name, fn, options);
    return this as unknown as TarpServer<E & { [K in N]: RpcSpec<F> }>;
  }

  /**
   * Registers `fn` as an asynchronous RPC endpoint: `POST /<name>` with `{"args": [...]}` starts a
   * job running `fn` and answers 202 with its ID at once; the client's method resolves to a
   * `JobHandle` whose `wait()` gives the result. In worker mode (the default) the job runs in a
   * Web Worker that imports the module defining `fn` (see `module`), so a one-file server that
   * calls `runServer` at its top level works as it is: `runServer` does nothing in a job worker.
   *
   * @example A long job, started from a client
   * ```ts
   * import { client, makeServer, runServer } from "@tarp/tarp";
   *
   * async function my_long_function(x: number, y: number): Promise<number> {
   *   await new Promise((r) => setTimeout(r, 100)); // simulate a long-running operation
   *   return x + y;
   * }
   *
   * const server = makeServer({ jobs: "inline" })
   *   .addAsyncRPCEndpoint("my_long_function", my_long_function, { suggestedWait: 1 });
   * const handle = runServer(server, { port: 0, bindTo: "127.0.0.1", quiet: true });
   * const c = await client<typeof server>(handle.url);
   * const job = await c.my_long_function(1, 2);
   * console.log(await job.wait()); // 3
   * await handle.shutdown();
   * ```
   */
  addAsyncRPCEndpoint<N extends string, F extends AnyFunction>(
    name: N,
    fn: F,
    options: AsyncEndpointOptions = {},
  ): TarpServer<E & { [K in N]: AsyncSpec<F> }> {
    if (lockKey(name, options) && this.options.jobs !== "inline") {
      throw new TypeError(
        `addAsyncRPCEndpoint("${name}"): exclusive and lock work for jobs on the server's own ` +
          'isolate only: use makeServer({ jobs: "inline" }), or lock inside the job.',
      );
    }
    this.#registry.add(asyncEndpoint(name, fn, options, this.options.jobs));
    return this as unknown as TarpServer<E & { [K in N]: AsyncSpec<F> }>;
  }

  /**
   * Registers `fn` as a web GET endpoint: `GET /<name>?query` (or `HEAD`) calls `fn(params, body)`
   * with the decoded query string, and answers its return value in the JSON envelope, or as it is
   * when it is a `rawPayload`. Browsers, curl and the TARP client (`c.name(query?)`) can call it.
   *
   * @example
   * ```ts
   * import { makeServer } from "@tarp/tarp/server";
   *
   * let lower = 0;
   * const server = makeServer().addGetEndpoint("set_params", (params) => {
   *   if (typeof params.lower === "string") lower = Number(params.lower);
   *   return { lower };
   * }, { description: "Sets the lower bound", queryParams: { lower: "float" } });
   * // GET /set_params?lower=1.5 → {"status":"success","mimetype":"application/json","result":{"lower":1.5}}
   * ```
   */
  addGetEndpoint<N extends string>(
    name: N,
    fn: WebHandler,
    options: GetEndpointOptions = {},
  ): TarpServer<E & { [K in N]: GetSpec }> {
    this.#add("get", name, fn, options);
    return this as unknown as TarpServer<E & { [K in N]: GetSpec }>;
  }

  /**
   * Registers `fn` as a web POST endpoint: `POST /<name>?query` calls `fn(params, body)` with the
   * decoded query string and the body decoded by its Content-Type (JSON, form, text, multipart,
   * else bytes). The TARP client calls it as `c.name(body?, query?)`.
   *
   * @example
   * ```ts
   * import { makeServer } from "@tarp/tarp/server";
   *
   * const readings: number[] = [];
   * const server = makeServer().addPostEndpoint("record", (_params, body) => {
   *   readings.push(Number((body as { value: number }).value));
   *   return { count: readings.length };
   * }, { payloadMimetype: "application/json", payloadSchema: { value: "number" } });
   * ```
   */
  addPostEndpoint<N extends string>(
    name: N,
    fn: WebHandler,
    options: PostEndpointOptions = {},
  ): TarpServer<E & { [K in N]: PostSpec }> {
    this.#add("post", name, fn, options);
    return this as unknown as TarpServer<E & { [K in N]: PostSpec }>;
  }

  #add(
    kind: "rpc" | "get" | "post",
    name: string,
    fn: AnyFunction,
    options: RpcEndpointOptions & PostEndpointOptions,
  ): void {
    this.#registry.add({
      kind,
      name,
      fn,
      description: options.description,
      resultMimetype: options.resultMimetype,
      options: { ...options },
    });
  }

  /**
   * Registers each public method of `obj` (a class instance or a plain object) as an RPC endpoint
   * bound to it, named `prefix + methodName` (pyrpc's `callee`). Methods whose names start with
   * `_`, `#private` members, non-function properties and `constructor` are never exposed.
   *
   * @example Expose an instrument driver
   * ```ts
   * import { makeServer } from "@tarp/tarp/server";
   *
   * class Stage {
   *   position = 0;
   *   move(by: number): number {
   *     return this.position += by;
   *   }
   *   _calibrate(): void {} // never exposed
   * }
   * const server = makeServer().addObject(new Stage(), { prefix: "stage_" }); // stage_move
   * ```
   */
  addObject<O extends object, P extends string = "">(
    obj: O,
    options: ObjectOptions<P> = {},
  ): TarpServer<E & ObjectEndpoints<O, P>> {
    const { prefix = "", ...lock } = options;
    const owner = obj.constructor?.name && obj.constructor !== Object ? obj.constructor.name : "";
    for (const [name, method] of publicMethods(obj)) {
      this.#registry.add({
        kind: "rpc",
        name: prefix + name,
        fn: method.bind(obj),
        source: method,
        description: owner ? `${owner}.${name}` : undefined,
        options: { ...lock },
      });
    }
    return this as unknown as TarpServer<E & ObjectEndpoints<O, P>>;
  }

  /**
   * Requires `Authorization: Bearer <token>` on every route but `/health` from now on, as the
   * `token` option of `makeServer` does (the command line's `--token` uses this).
   *
   * @example
   * ```ts
   * import { createToken, makeServer } from "@tarp/tarp/server";
   *
   * const server = makeServer();
   * server.requireToken(createToken());
   * ```
   */
  requireToken(token: string): void {
    this.#guard = tokenGuard(token);
    this.options.token = token;
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

  async #answer(req: Request): Promise<Response> {
    try {
      if (this.#guard && new URL(req.url).pathname !== "/health") {
        const handover = this.#guard(req);
        if (handover) return handover;
      }
      return await this.#app.fetch(req);
    } catch (e) {
      // Hono hands only Error objects to onError; anything else thrown still gets the envelope.
      return errorResponse(e, { exposeStack: this.options.exposeStack });
    }
  }

  #health(): Response {
    const uptime = Math.round(performance.now() - this.#startedAt) / 1000;
    return Response.json({ status: "ok", version: VERSION, uptime });
  }

  #routes(): void {
    const app = this.#app;
    app.get("/", () => successResponse(this.#registry.discovery(), "application/json", "json"));
    app.all("/:name", (c) => this.#dispatch(c.req.param("name"), c.req.raw));
    app.notFound((c) => {
      throw new ProtocolError(
        "NotFound",
        `Nothing at ${new URL(c.req.url).pathname}. ${this.#registry.describeNames()}`,
      );
    });
    app.onError((err) => errorResponse(err, { exposeStack: this.options.exposeStack }));
  }

  #dispatch(name: string, req: Request): Promise<Response> {
    const endpoint = this.#registry.get(name);
    if (!endpoint) {
      throw new ProtocolError(
        "NotFound",
        `No endpoint named "${name}". ${this.#registry.describeNames()}`,
      );
    }
    const allowed = endpoint.kind === "get" ? ["GET", "HEAD"] : ["POST"];
    if (!allowed.includes(req.method)) throw wrongMethod(endpoint, req.method, allowed);
    return this.#handlers[endpoint.kind]!(endpoint, req);
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
