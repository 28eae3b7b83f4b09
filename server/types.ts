// Registration options, and the type-level records that carry endpoints to `client<typeof server>`.
import type { InputOptions } from "./schema.ts";

/**
 * Any function a server can register.
 *
 * @example
 * ```ts
 * import type { AnyFunction } from "@tarp/tarp/server";
 * import assert from "node:assert/strict";
 * # export type { AsyncEndpointOptions, AsyncSpec, EmptyEndpoints, EndpointMap, EndpointSpec, GetSpec, LockOptions, ObjectEndpoints, ObjectOptions, PostSpec, PublicMethodNames, RpcEndpointOptions, RpcSpec };
 *
 * const fn: AnyFunction = (a: number, b: number) => a + b;
 * assert.equal(fn(1, 2), 3);
 * ```
 */
// deno-lint-ignore no-explicit-any
export type AnyFunction = (...args: any[]) => unknown;

/**
 * Instrument locks: keep calls from overlapping (RPC, web and inline async endpoints).
 *
 * @example
 * ```ts
 * import { client, type LockOptions, makeServer } from "@tarp/tarp";
 * import assert from "node:assert/strict";
 * # export type { AnyFunction, AsyncEndpointOptions, AsyncSpec, EmptyEndpoints, EndpointMap, EndpointSpec, GetSpec, ObjectEndpoints, ObjectOptions, PostSpec, PublicMethodNames, RpcEndpointOptions, RpcSpec };
 *
 * let running = 0, most = 0;
 * async function switchLaser(): Promise<void> {
 *   most = Math.max(most, ++running);
 *   await new Promise((r) => setTimeout(r, 10));
 *   running--;
 * }
 * const laser: LockOptions = { lock: "laser" };
 * const server = makeServer()
 *   .addRPCEndpoint("laser_on", switchLaser, laser)
 *   .addRPCEndpoint("laser_off", switchLaser, laser);
 * const c = await client<typeof server>("http://tarp", { fetch: server.fetch });
 * await Promise.all([c.laser_on(), c.laser_off(), c.laser_on()]);
 * assert.equal(most, 1); // one call at a time
 * ```
 */
export interface LockOptions {
  /** One call of this endpoint at a time; later calls wait their turn in arrival order. */
  exclusive?: boolean;
  /** One call at a time across every endpoint with the same lock name (one instrument, say). */
  lock?: string;
}

/**
 * Options for {@linkcode TarpServer.addAsyncRPCEndpoint}.
 *
 * @example
 * ```ts
 * import { type AsyncEndpointOptions, client, makeServer } from "@tarp/tarp";
 * import assert from "node:assert/strict";
 * # export type { AnyFunction, AsyncSpec, EmptyEndpoints, EndpointMap, EndpointSpec, GetSpec, LockOptions, ObjectEndpoints, ObjectOptions, PostSpec, PublicMethodNames, RpcEndpointOptions, RpcSpec };
 *
 * const scan = (points: number) => Array.from({ length: points }, (_, i) => i);
 * // In worker mode (the default), `module: import.meta.url` names the module that defines `scan`.
 * const options: AsyncEndpointOptions = { suggestedWait: 1, timeout: 60, description: "Scans" };
 * const server = makeServer({ jobs: "inline" }).addAsyncRPCEndpoint("scan", scan, options);
 * const c = await client<typeof server>("http://tarp", { fetch: server.fetch });
 * assert.equal(c.scan.description, "Scans");
 * assert.deepEqual(await (await c.scan(3)).wait(), [0, 1, 2]);
 * await server.close();
 * ```
 */
export interface AsyncEndpointOptions extends LockOptions, InputOptions {
  /** Seconds a client should wait between polls, sent with the job's ID. Default 5. */
  suggestedWait?: number;
  /** What the function does; shown by discovery and on the client's method. */
  description?: string;
  /**
   * Seconds a job may run: a job that runs longer fails with type `TimeoutError` (in worker mode
   * its worker is terminated; inline, its `jobSignal()` is aborted). No limit by default.
   */
  timeout?: number;
  /**
   * Worker mode: the URL of the module a job worker imports to find the function (normally its
   * `import.meta.url`). Default: the module that calls `addAsyncRPCEndpoint` (from the stack).
   */
  module?: string | URL;
  /** Worker mode: the export of `module` to run if it registers none (default: the fn's name). */
  exportName?: string;
  /** How often a job cut short by its process dying (`jobStore`, BullMQ) runs again. Default 0. */
  retry?: number;
}

/**
 * Options for {@linkcode TarpServer.addRPCEndpoint}.
 *
 * @example
 * ```ts
 * import { client, makeServer, type RpcEndpointOptions } from "@tarp/tarp";
 * import assert from "node:assert/strict";
 * # export type { AnyFunction, AsyncEndpointOptions, AsyncSpec, EmptyEndpoints, EndpointMap, EndpointSpec, GetSpec, LockOptions, ObjectEndpoints, ObjectOptions, PostSpec, PublicMethodNames, RpcSpec };
 *
 * const options: RpcEndpointOptions = { description: "Reads the sensor", exclusive: true };
 * const server = makeServer().addRPCEndpoint("read", () => 42, options);
 * const c = await client<typeof server>("http://tarp", { fetch: server.fetch });
 * assert.deepEqual([c.read.description, await c.read()], ["Reads the sensor", 42]);
 * ```
 */
export interface RpcEndpointOptions extends LockOptions, InputOptions {
  /** What the function does; shown by discovery and on the client's method. */
  description?: string;
  /** MIME type describing the result, reported in the envelope and discovery. */
  resultMimetype?: string;
}

/**
 * Type-level record of an RPC endpoint, so the client knows its signature.
 *
 * @example
 * ```ts
 * import type { RpcSpec } from "@tarp/tarp/server";
 * import assert from "node:assert/strict";
 * # export type { AnyFunction, AsyncEndpointOptions, AsyncSpec, EmptyEndpoints, EndpointMap, EndpointSpec, GetSpec, LockOptions, ObjectEndpoints, ObjectOptions, PostSpec, PublicMethodNames, RpcEndpointOptions };
 *
 * // What `addRPCEndpoint("add", add)` records in the server's type (types only: never sent):
 * const spec: RpcSpec<(a: number, b: number) => number> = { kind: "rpc", fn: (a, b) => a + b };
 * assert.equal(spec.fn(1, 2), 3);
 * ```
 */
export interface RpcSpec<F extends AnyFunction = AnyFunction> {
  /** The endpoint kind. */
  readonly kind: "rpc";
  /** The registered function's type. */
  readonly fn: F;
}

/**
 * Type-level record of an asynchronous RPC endpoint.
 *
 * @example
 * ```ts
 * import type { AsyncSpec } from "@tarp/tarp/server";
 * import assert from "node:assert/strict";
 * # export type { AnyFunction, AsyncEndpointOptions, EmptyEndpoints, EndpointMap, EndpointSpec, GetSpec, LockOptions, ObjectEndpoints, ObjectOptions, PostSpec, PublicMethodNames, RpcEndpointOptions, RpcSpec };
 *
 * // What `addAsyncRPCEndpoint("echo", async (x: number) => x)` records in the server's type:
 * const spec: AsyncSpec<(x: number) => Promise<number>> = { kind: "async", fn: async (x) => x };
 * assert.equal(await spec.fn(2), 2);
 * ```
 */
export interface AsyncSpec<F extends AnyFunction = AnyFunction> {
  /** The endpoint kind. */
  readonly kind: "async";
  /** The registered function's type. */
  readonly fn: F;
}

/**
 * Type-level record of a web GET endpoint.
 *
 * @example
 * ```ts
 * import { type GetSpec, makeServer, type TarpServer } from "@tarp/tarp/server";
 * import assert from "node:assert/strict";
 * # export type { AnyFunction, AsyncEndpointOptions, AsyncSpec, EmptyEndpoints, EndpointMap, EndpointSpec, LockOptions, ObjectEndpoints, ObjectOptions, PostSpec, PublicMethodNames, RpcEndpointOptions, RpcSpec };
 *
 * const server: TarpServer<{ page: GetSpec }> = makeServer().addGetEndpoint("page", () => "hi");
 * const res = await server.fetch(new Request("http://tarp/page"));
 * assert.equal((await res.json()).result, "hi");
 * ```
 */
export interface GetSpec {
  /** The endpoint kind. */
  readonly kind: "get";
}

/**
 * Type-level record of a web POST endpoint.
 *
 * @example
 * ```ts
 * import { makeServer, type PostSpec, type TarpServer } from "@tarp/tarp/server";
 * import assert from "node:assert/strict";
 * # export type { AnyFunction, AsyncEndpointOptions, AsyncSpec, EmptyEndpoints, EndpointMap, EndpointSpec, GetSpec, LockOptions, ObjectEndpoints, ObjectOptions, PublicMethodNames, RpcEndpointOptions, RpcSpec };
 *
 * const server: TarpServer<{ save: PostSpec }> = makeServer()
 *   .addPostEndpoint("save", (_params, body) => ({ saved: body }));
 * const res = await server.fetch(new Request("http://tarp/save", { method: "POST", body: "x" }));
 * assert.deepEqual((await res.json()).result, { saved: "x" });
 * ```
 */
export interface PostSpec {
  /** The endpoint kind. */
  readonly kind: "post";
}

/**
 * Any endpoint's type-level record.
 *
 * @example
 * ```ts
 * import type { EndpointSpec } from "@tarp/tarp/server";
 * import assert from "node:assert/strict";
 * # export type { AnyFunction, AsyncEndpointOptions, AsyncSpec, EmptyEndpoints, EndpointMap, GetSpec, LockOptions, ObjectEndpoints, ObjectOptions, PostSpec, PublicMethodNames, RpcEndpointOptions, RpcSpec };
 *
 * const kindOf = (spec: EndpointSpec): string => spec.kind;
 * assert.equal(kindOf({ kind: "get" }), "get");
 * ```
 */
export type EndpointSpec = RpcSpec | AsyncSpec | GetSpec | PostSpec;

/**
 * Endpoint names mapped to their type-level records; a server's type parameter.
 *
 * @example
 * ```ts
 * import type { EndpointMap } from "@tarp/tarp/server";
 * import assert from "node:assert/strict";
 * # export type { AnyFunction, AsyncEndpointOptions, AsyncSpec, EmptyEndpoints, EndpointSpec, GetSpec, LockOptions, ObjectEndpoints, ObjectOptions, PostSpec, PublicMethodNames, RpcEndpointOptions, RpcSpec };
 *
 * const endpoints: EndpointMap = { page: { kind: "get" }, save: { kind: "post" } };
 * assert.deepEqual(Object.keys(endpoints), ["page", "save"]);
 * ```
 */
export type EndpointMap = { [name: string]: EndpointSpec };

/**
 * The server type with no endpoints yet.
 *
 * @example
 * ```ts
 * import { type EmptyEndpoints, makeServer, type TarpServer } from "@tarp/tarp/server";
 * import assert from "node:assert/strict";
 * # export type { AnyFunction, AsyncEndpointOptions, AsyncSpec, EndpointMap, EndpointSpec, GetSpec, LockOptions, ObjectEndpoints, ObjectOptions, PostSpec, PublicMethodNames, RpcEndpointOptions, RpcSpec };
 *
 * const server: TarpServer<EmptyEndpoints> = makeServer();
 * const res = await server.fetch(new Request("http://tarp/"));
 * assert.deepEqual((await res.json()).result.RPC, []);
 * ```
 */
export type EmptyEndpoints = Record<never, never>;

/**
 * Options for {@linkcode TarpServer.addObject}.
 *
 * @example
 * ```ts
 * import { client, makeServer, type ObjectOptions } from "@tarp/tarp";
 * import assert from "node:assert/strict";
 * # export type { AnyFunction, AsyncEndpointOptions, AsyncSpec, EmptyEndpoints, EndpointMap, EndpointSpec, GetSpec, LockOptions, ObjectEndpoints, PostSpec, PublicMethodNames, RpcEndpointOptions, RpcSpec };
 *
 * const options: ObjectOptions<"stage_"> = { prefix: "stage_", lock: "stage" };
 * const server = makeServer().addObject({ home: () => 0 }, options);
 * const c = await client<typeof server>("http://tarp", { fetch: server.fetch });
 * assert.equal(await c.stage_home(), 0);
 * ```
 */
export interface ObjectOptions<P extends string = ""> extends LockOptions {
  /** Put before each method's name to make its endpoint's name, e.g. `"stage_"`. */
  prefix?: P;
}

/**
 * The public (not `_`-prefixed) method names of `O`.
 *
 * @example
 * ```ts
 * import type { PublicMethodNames } from "@tarp/tarp/server";
 * import assert from "node:assert/strict";
 * # export type { AnyFunction, AsyncEndpointOptions, AsyncSpec, EmptyEndpoints, EndpointMap, EndpointSpec, GetSpec, LockOptions, ObjectEndpoints, ObjectOptions, PostSpec, RpcEndpointOptions, RpcSpec };
 *
 * const stage = { speed: 2, move: (by: number) => by, _calibrate: () => {} };
 * const names: PublicMethodNames<typeof stage>[] = ["move"]; // not "speed" nor "_calibrate"
 * assert.deepEqual(names, ["move"]);
 * ```
 */
export type PublicMethodNames<O> = {
  [K in keyof O]: K extends `_${string}` ? never
    : K extends string ? (O[K] extends AnyFunction ? K : never)
    : never;
}[keyof O];

/**
 * The endpoint records `addObject(obj, { prefix })` adds: one RPC endpoint per public method.
 *
 * @example
 * ```ts
 * import type { ObjectEndpoints } from "@tarp/tarp/server";
 * import assert from "node:assert/strict";
 * # export type { AnyFunction, AsyncEndpointOptions, AsyncSpec, EmptyEndpoints, EndpointMap, EndpointSpec, GetSpec, LockOptions, ObjectOptions, PostSpec, PublicMethodNames, RpcEndpointOptions, RpcSpec };
 *
 * const stage = { move: (by: number) => by };
 * // What `addObject(stage, { prefix: "stage_" })` adds to the server's type:
 * const added: ObjectEndpoints<typeof stage, "stage_"> = {
 *   stage_move: { kind: "rpc", fn: (by: number) => by },
 * };
 * assert.equal(added.stage_move.fn(2), 2);
 * ```
 */
export type ObjectEndpoints<O, P extends string> = {
  [K in PublicMethodNames<O> as `${P}${K}`]: RpcSpec<O[K] & AnyFunction>;
};
