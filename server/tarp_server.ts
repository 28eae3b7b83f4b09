// The TARP server: endpoints in a registry, a job backend, and the pipeline that answers HTTP.
import { Registry } from "./_registry.ts";
import { addObject } from "./_object.ts";
import { tokenGuard } from "./_auth.ts";
import { buildPipeline } from "./_pipeline.ts";
import { jobDefinition, makeBackend } from "./_async.ts";
import type { JobBackend } from "../jobs/types.ts";
import type { GetEndpointOptions, PostEndpointOptions, WebHandler } from "../web/types.ts";
import type { ResolvedServerOptions, ServerOptions } from "./options.ts";
import { resolveServerOptions } from "./_options.ts";
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
} from "./types.ts";
import type { TypedInput } from "./schema.ts";

/**
 * A TARP server: a registry of endpoints and the HTTP pipeline that serves it. Made by
 * {@linkcode makeServer}; each `add…Endpoint` call returns the server with the new endpoint in its
 * type, so `client<typeof server>` can type every call.
 *
 * @example Chain registrations so the client is typed
 * ```ts
 * import { client, makeServer } from "@tarp/tarp";
 * import assert from "node:assert/strict";
 * # export { TarpServer };
 *
 * const server = makeServer()
 *   .addRPCEndpoint("add", (a: number, b: number) => a + b)
 *   .addRPCEndpoint("hello", (name: string) => `hello ${name}`);
 * const c = await client<typeof server>("http://tarp", { fetch: server.fetch });
 * assert.equal(await c.add(1, 2), 3); // c.add("1", 2) would not type-check
 * assert.equal(await c.hello("Ada"), "hello Ada");
 * ```
 */
export class TarpServer<E extends EndpointMap = EmptyEndpoints> {
  /** Phantom field carrying the endpoint types for `client<typeof server>`; never set. */
  declare readonly endpointTypes?: E;
  /** The options the server was made with, defaults filled in. */
  readonly options: ResolvedServerOptions;
  /** The job backend that runs this server's async endpoints (usable without HTTP). */
  readonly jobs: JobBackend;
  /**
   * Answers one request in-process, exactly as the HTTP server would: for tests, for a client made
   * with `{ fetch: server.fetch }`, or to mount a TARP server inside another Hono or Deno app.
   *
   * @example
   * ```ts
   * import { makeServer } from "@tarp/tarp/server";
   * import assert from "node:assert/strict";
   * # export { TarpServer };
   *
   * const server = makeServer().addRPCEndpoint("ping", () => "pong");
   * const res = await server.fetch(new Request("http://local/"));
   * assert.equal((await res.json()).result.RPC[0].name, "ping");
   * ```
   */
  get fetch(): (request: Request) => Promise<Response> {
    return this.#fetch; // a getter, not an own property: `deno run` then gives no "deno serve" hint
  }
  readonly #fetch: (request: Request) => Promise<Response>;
  readonly #registry: Registry = new Registry(() => this.options);

  /** Use {@linkcode makeServer} rather than this constructor. */
  constructor(options: ServerOptions = {}) {
    this.options = resolveServerOptions(options);
    if (options.token !== undefined) this.requireToken(options.token);
    this.jobs = makeBackend(this.options);
    this.#fetch = buildPipeline({
      registry: this.#registry,
      jobs: this.jobs,
      options: this.options,
      startedAt: performance.now(),
    });
  }

  /**
   * Registers `fn` as a synchronous RPC endpoint: `POST /<name>` with `{"args": [...]}` calls it
   * and answers its (awaited) return value; `"kwargs": {"y": 2}` binds `y` by parameter name.
   *
   * @example
   * ```ts
   * import { makeServer } from "@tarp/tarp/server";
   * import assert from "node:assert/strict";
   * # export { TarpServer };
   *
   * const add = (x: number, y: number): number => x + y;
   * const server = makeServer().addRPCEndpoint("add", add, { description: "Adds two numbers" });
   * const res = await server.fetch(new Request("http://local/"));
   * assert.equal((await res.json()).result.RPC[0].description, "Adds two numbers");
   * ```
   */
  addRPCEndpoint<N extends string, F extends AnyFunction>(
    name: N,
    fn: F,
    options: TypedInput<RpcEndpointOptions, F> = {},
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
   * import { client, makeServer } from "@tarp/tarp";
   * import assert from "node:assert/strict";
   * # export { TarpServer };
   *
   * async function my_long_function(x: number, y: number): Promise<number> {
   *   await new Promise((r) => setTimeout(r, 10)); // simulate a long-running operation
   *   return x + y;
   * }
   * const server = makeServer({ jobs: "inline" })
   *   .addAsyncRPCEndpoint("my_long_function", my_long_function, { suggestedWait: 1 });
   * const c = await client<typeof server>("http://tarp", { fetch: server.fetch });
   * const job = await c.my_long_function(1, 2);
   * assert.equal(await job.wait(), 3);
   * await server.close();
   * ```
   */
  addAsyncRPCEndpoint<N extends string, F extends AnyFunction>(
    name: N,
    fn: F,
    options: TypedInput<AsyncEndpointOptions, F> = {},
  ): TarpServer<E & { [K in N]: AsyncSpec<F> }> {
    const definition = jobDefinition(name, fn, options, this.jobs);
    // The registry wraps a locked endpoint's function in its lock: the job must run that one.
    const entry = this.#add("async", name, fn, {
      ...options,
      suggestedWait: definition.suggestedWait,
    });
    this.jobs.define({ ...definition, fn: entry.fn });
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
   * import assert from "node:assert/strict";
   * # export { TarpServer };
   *
   * const options = { description: "Sets the lower bound", queryParams: { lower: "float" } };
   * const server = makeServer()
   *   .addGetEndpoint("set_params", (params) => ({ lower: Number(params.lower ?? 0) }), options);
   * const res = await server.fetch(new Request("http://local/set_params?lower=1.5"));
   * assert.deepEqual((await res.json()).result, { lower: 1.5 });
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
   * query and the body decoded by its Content-Type. The client calls it as `c.name(body?, query?)`.
   *
   * @example
   * ```ts
   * import { makeServer } from "@tarp/tarp/server";
   * import assert from "node:assert/strict";
   * # export { TarpServer };
   *
   * const readings: number[] = [];
   * const server = makeServer()
   *   .addPostEndpoint("record", (_params, body) => ({ count: readings.push(Number(body)) }));
   * await server.fetch(new Request("http://local/record", { method: "POST", body: "1.5" }));
   * assert.deepEqual(readings, [1.5]);
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
    kind: "rpc" | "async" | "get" | "post",
    name: string,
    fn: AnyFunction,
    options: RpcEndpointOptions & PostEndpointOptions & { suggestedWait?: number },
  ) {
    const { description, resultMimetype } = options;
    const init = { kind, name, fn, description, resultMimetype, options: { ...options } };
    return this.#registry.add(init);
  }

  /**
   * Registers each public method of `obj` (a class instance or a plain object) as an RPC endpoint
   * bound to it, named `prefix + methodName` (pyrpc's `callee`). Methods whose names start with
   * `_`, `#private` members, non-function properties and `constructor` are never exposed.
   *
   * @example Expose an instrument driver
   * ```ts
   * import { makeServer } from "@tarp/tarp/server";
   * import assert from "node:assert/strict";
   * # export { TarpServer };
   *
   * class Stage {
   *   position = 0;
   *   move(by: number): number {
   *     return this.position += by;
   *   }
   *   _calibrate(): void {} // never exposed
   * }
   * const server = makeServer().addObject(new Stage(), { prefix: "stage_" });
   * const { result } = await (await server.fetch(new Request("http://local/"))).json();
   * assert.equal(result.RPC.length, 1); // stage_move
   * ```
   */
  addObject<O extends object, P extends string = "">(
    obj: O,
    options: ObjectOptions<P> = {},
  ): TarpServer<E & ObjectEndpoints<O, P>> {
    addObject(this.#registry, obj, options);
    return this as unknown as TarpServer<E & ObjectEndpoints<O, P>>;
  }

  /**
   * Requires `Authorization: Bearer <token>` on every route but `/health` from now on, as the
   * `token` option of `makeServer` does (the command line's `--token` uses this).
   *
   * @example
   * ```ts
   * import { createToken, makeServer } from "@tarp/tarp/server";
   * import assert from "node:assert/strict";
   * # export { TarpServer };
   *
   * const server = makeServer();
   * server.requireToken(createToken());
   * assert.equal((await server.fetch(new Request("http://local/"))).status, 401);
   * ```
   */
  requireToken(token: string): void {
    tokenGuard(token); // refuses a token too short to be safe now, not at a request
    this.options.token = token;
  }

  /**
   * Releases what the server holds (job workers, timers). `runServer`'s `shutdown()` calls it.
   *
   * @example
   * ```ts
   * import { makeServer, type TarpServer } from "@tarp/tarp/server";
   * import assert from "node:assert/strict";
   *
   * const server: TarpServer = makeServer({ jobs: "inline" });
   * await server.close();
   * await assert.rejects(server.jobs.submit("f", []), /shutting down and accepts no new jobs/);
   * ```
   */
  async close(): Promise<void> {
    await this.jobs.close();
  }
}

/**
 * Makes an empty TARP server; add endpoints with its `add…Endpoint` methods.
 *
 * @example
 * ```ts
 * import { makeServer, type TarpServer } from "@tarp/tarp/server";
 * import assert from "node:assert/strict";
 *
 * const server: TarpServer = makeServer({ maxBodyBytes: 1 << 20 });
 * assert.equal(server.options.maxBodyBytes, 1 << 20);
 * ```
 */
export function makeServer(options: ServerOptions = {}): TarpServer {
  return new TarpServer(options);
}
