// The client: connect with client(url), then call the server's endpoints as methods. The types
// here carry each endpoint's signature from the server's type (imported as a type only).
import type {
  AsyncSpec,
  EndpointMap,
  EndpointSpec,
  GetSpec,
  PostSpec,
  RpcSpec,
} from "../server/types.ts";
import type { CallOptions, ClientOptions, EndpointInfo } from "./options.ts";
import { ClientCore } from "./_core.ts";
import { RemoteError } from "../errors.ts";
import { CLIENT_RESERVED } from "../_wire/protocol.ts";
import type { BodyInput, QueryInput, WebResult } from "../web/types.ts";
import { callWeb } from "./_web.ts";
import type { JobHandle } from "./job_handle.ts";
import { jobHandle, startJob } from "./_job.ts";

/**
 * What every remote method carries besides being callable.
 *
 * @example
 * ```ts
 * import { client, makeServer, type MethodInfo } from "@tarp/tarp";
 * import assert from "node:assert/strict";
 * # export type { Client, ClientHelpers, RemoteMethod, TypedClient, UntypedClient, UntypedMethod };
 *
 * const add = (a: number, b: number) => a + b;
 * const server = makeServer().addRPCEndpoint("add", add, { description: "Adds two numbers" });
 * const c = await client<typeof server>("http://tarp", { fetch: server.fetch });
 * const info: MethodInfo = c.add;
 * assert.deepEqual([info.description, info.params], ["Adds two numbers", ["a", "b"]]);
 * ```
 */
export interface MethodInfo {
  /** The server's description of the endpoint (undefined until discovery lists it). */
  readonly description: string | undefined;
  /** Parameter names, when the server could read them. */
  readonly params: string[] | undefined;
}

/**
 * A remote method of an untyped client.
 *
 * @example
 * ```ts
 * import { client, makeServer, type UntypedMethod } from "@tarp/tarp";
 * import assert from "node:assert/strict";
 * # export type { Client, ClientHelpers, MethodInfo, RemoteMethod, TypedClient, UntypedClient };
 *
 * const server = makeServer().addRPCEndpoint("add", (a: number, b: number) => a + b);
 * const c = await client("http://tarp", { fetch: server.fetch }); // untyped: no <typeof server>
 * const add: UntypedMethod = c.add;
 * assert.equal(await add(1, 2), 3);
 * ```
 */
// deno-lint-ignore no-explicit-any
export type UntypedMethod = ((...args: any[]) => Promise<any>) & MethodInfo;

/**
 * The client-side signature of one endpoint, from its type-level record.
 *
 * @example
 * ```ts
 * import { client, makeServer, type RemoteMethod, type RpcSpec } from "@tarp/tarp";
 * import assert from "node:assert/strict";
 * # export type { Client, ClientHelpers, MethodInfo, TypedClient, UntypedClient, UntypedMethod };
 *
 * const server = makeServer().addRPCEndpoint("add", (a: number, b: number) => a + b);
 * const c = await client<typeof server>("http://tarp", { fetch: server.fetch });
 * // (a: number, b: number) => Promise<number>, plus description and params:
 * const add: RemoteMethod<RpcSpec<(a: number, b: number) => number>> = c.add;
 * assert.equal(await add(1, 2), 3);
 * ```
 */
export type RemoteMethod<S extends EndpointSpec> =
  & (S extends RpcSpec<infer F> ? (...args: Parameters<F>) => Promise<Awaited<ReturnType<F>>>
    : S extends AsyncSpec<infer F>
      ? (...args: Parameters<F>) => Promise<JobHandle<Awaited<ReturnType<F>>>>
    : S extends GetSpec ? (query?: QueryInput) => Promise<WebResult>
    : S extends PostSpec ? (body?: BodyInput, query?: QueryInput) => Promise<WebResult>
    : never)
  & MethodInfo;

/**
 * The client's own helpers; all `$`-prefixed so that no endpoint name is ever shadowed.
 *
 * @example
 * ```ts
 * import { client, makeServer } from "@tarp/tarp";
 * import assert from "node:assert/strict";
 * # export type { Client, ClientHelpers, MethodInfo, RemoteMethod, TypedClient, UntypedClient, UntypedMethod };
 *
 * const server = makeServer().addRPCEndpoint("add", (a: number, b: number) => a + b);
 * const c = await client<typeof server>("http://tarp", { fetch: server.fetch });
 * assert.equal(await c.$connected(), true);
 * assert.deepEqual(c.$endpoints().map((e) => e.name), ["add"]);
 * assert.equal(await c.$call("add", 1, 2), 3);
 * ```
 */
export interface ClientHelpers<Self> {
  /** Every endpoint discovery listed. */
  $endpoints(): EndpointInfo[];
  /** Reads discovery again (after the server restarted with other endpoints, say). */
  $refresh(): Promise<void>;
  /** Calls an endpoint by name, e.g. one whose name is not a valid identifier. */
  // deno-lint-ignore no-explicit-any
  $call(name: string, ...args: unknown[]): Promise<any>;
  /** The same client with per-call options (timeout, signal) for the calls made through it. */
  $with(options: CallOptions): Self;
  /** The server's base URL. */
  $url(): string;
  /** True when the server answers its health check (`GET /health`); never throws. */
  $connected(): Promise<boolean>;
  /** Releases the connections of a client made with `caCerts` or for a Unix socket. */
  $close(): void;
  /**
   * A handle on an existing job, by its ID: to wait for, probe or cancel a job started elsewhere
   * (by another process, or before a restart of this one).
   */
  $job<T = unknown>(id: string): JobHandle<T>;
}

/**
 * A client typed from a server's endpoints.
 *
 * @example
 * ```ts
 * import { client, makeServer, type RpcSpec, type TypedClient } from "@tarp/tarp";
 * import assert from "node:assert/strict";
 * # export type { Client, ClientHelpers, MethodInfo, RemoteMethod, UntypedClient, UntypedMethod };
 *
 * type Endpoints = { add: RpcSpec<(a: number, b: number) => number> };
 * const server = makeServer().addRPCEndpoint("add", (a: number, b: number) => a + b);
 * const c: TypedClient<Endpoints> = await client<typeof server>("http://tarp", {
 *   fetch: server.fetch,
 * });
 * const sum: number = await c.add(1, 2);
 * assert.equal(sum, 3);
 * ```
 */
export type TypedClient<E extends EndpointMap> =
  & { readonly [K in keyof E as K extends "then" ? never : K]: RemoteMethod<E[K]> }
  & ClientHelpers<TypedClient<E>>;

/**
 * A client with no type information: every name is a method returning `Promise<any>`.
 *
 * @example
 * ```ts
 * import { client, makeServer, type UntypedClient } from "@tarp/tarp";
 * import assert from "node:assert/strict";
 * # export type { Client, ClientHelpers, MethodInfo, RemoteMethod, TypedClient, UntypedMethod };
 *
 * const server = makeServer().addRPCEndpoint("add", (a: number, b: number) => a + b);
 * const c: UntypedClient = await client("http://tarp", { fetch: server.fetch });
 * assert.equal(await c.add(1, 2), 3); // any name type-checks; the server decides
 * await assert.rejects(c.subtract(3, 2), { type: "NotFound" });
 * ```
 */
export type UntypedClient = ClientHelpers<UntypedClient> & {
  readonly [name: string]: UntypedMethod;
};

/**
 * The client type for server type `S` (`client<typeof server>`), or untyped.
 *
 * @example
 * ```ts
 * import { type Client, client, makeServer } from "@tarp/tarp";
 * import assert from "node:assert/strict";
 * # export type { ClientHelpers, MethodInfo, RemoteMethod, TypedClient, UntypedClient, UntypedMethod };
 *
 * const server = makeServer().addRPCEndpoint("add", (a: number, b: number) => a + b);
 * // The type to name a client by, e.g. in a function's parameters:
 * async function total(c: Client<typeof server>, xs: number[]): Promise<number> {
 *   let sum = 0;
 *   for (const x of xs) sum = await c.add(sum, x);
 *   return sum;
 * }
 * const c = await client<typeof server>("http://tarp", { fetch: server.fetch });
 * assert.equal(await total(c, [1, 2, 3]), 6);
 * ```
 */
export type Client<S = unknown> = S extends { endpointTypes?: infer E }
  ? E extends EndpointMap ? TypedClient<E> : UntypedClient
  : UntypedClient;

/**
 * Connects to a TARP server: reads its discovery document and returns the client.
 *
 * @example A typed client
 * ```ts
 * import { client, makeServer } from "@tarp/tarp";
 * import assert from "node:assert/strict";
 * # export type { Client, ClientHelpers, MethodInfo, RemoteMethod, TypedClient, UntypedClient, UntypedMethod };
 *
 * const server = makeServer().addRPCEndpoint("add", (a: number, b: number) => a + b);
 * // A server on another machine: `client<typeof server>("http://lab-pc:8080")`, with
 * // `import type { server } from "./my_server.ts"`. This one runs in this program, so the client
 * // calls its `fetch` without a socket.
 * const c = await client<typeof server>("http://tarp", { fetch: server.fetch, timeout: 5000 });
 * const sum: number = await c.add(1, 2);
 * assert.equal(sum, 3);
 * ```
 */
export async function client<S = unknown>(
  url: string,
  options: ClientOptions = {},
): Promise<Client<S>> {
  const core = new ClientCore(url, options);
  await core.refresh();
  return makeProxy(core, {}) as Client<S>;
}

/** Calls `name` with `args`: refreshes discovery once for an unknown name, then dispatches. */
async function invoke(
  core: ClientCore,
  name: string,
  args: unknown[],
  call: CallOptions,
): Promise<unknown> {
  let endpoint = core.endpoints.get(name);
  if (!endpoint) {
    await core.refresh(call);
    endpoint = core.endpoints.get(name);
  }
  if (!endpoint) {
    throw new RemoteError(
      "NotFound",
      `The server at ${core.url} has no endpoint named "${name}". ${core.describeNames()}`,
      { status: 404 },
    );
  }
  switch (endpoint.kind) {
    case "rpc":
      return await core.callRpc(name, args, call);
    case "get":
    case "post":
      return await callWeb(core, endpoint, args, call);
    case "async":
      return await startJob(core, name, args, call);
    default:
      throw new Error(`Calling ${endpoint.kind} endpoints is not supported by this client yet.`);
  }
}

function makeProxy(core: ClientCore, call: CallOptions): unknown {
  const methods = new Map<string, UntypedMethod>();
  const method = (name: string): UntypedMethod => {
    let fn = methods.get(name);
    if (!fn) {
      fn = ((...args: unknown[]) => invoke(core, name, args, call)) as UntypedMethod;
      Object.defineProperties(fn, {
        name: { value: name },
        description: { get: () => core.endpoints.get(name)?.description },
        params: { get: () => core.endpoints.get(name)?.params },
      });
      methods.set(name, fn);
    }
    return fn;
  };
  const helpers: Record<string, unknown> = {
    $endpoints: () => [...core.endpoints.values()],
    $refresh: () => core.refresh(call),
    $call: (name: string, ...args: unknown[]) => invoke(core, name, args, call),
    $with: (options: CallOptions) => makeProxy(core, { ...call, ...options }),
    $url: () => core.url,
    $connected: () => core.connected(call),
    $close: () => core.close(),
    $job: (id: string) => jobHandle(core, id, call),
  };
  return new Proxy(Object.create(null), {
    get(_target, prop) {
      if (typeof prop !== "string") return undefined;
      if (prop.startsWith("$")) return helpers[prop];
      // Reserved names are never endpoints: `then` must not make the client awaitable.
      if (CLIENT_RESERVED.includes(prop)) return undefined;
      return method(prop);
    },
    has: (_target, prop) =>
      typeof prop === "string" && (core.endpoints.has(prop) || prop in helpers),
    ownKeys: () => [...core.endpoints.keys()].filter((k) => !CLIENT_RESERVED.includes(k)),
    getOwnPropertyDescriptor(_target, prop) {
      if (typeof prop !== "string" || !core.endpoints.has(prop)) return undefined;
      return { value: method(prop), enumerable: true, configurable: true, writable: false };
    },
  });
}
