// The server's registration options and the type-level records of its endpoints, which carry
// each endpoint's signature to `client<typeof server>`.

/**
 * Any function a server can register.
 *
 * @example
 * ```ts
 * import type { AnyFunction } from "@tarp/tarp/server";
 *
 * const fn: AnyFunction = (a: number, b: number) => a + b;
 * ```
 */
// deno-lint-ignore no-explicit-any
export type AnyFunction = (...args: any[]) => unknown;

/**
 * Instrument locks: keep calls from overlapping (RPC, web and inline async endpoints).
 *
 * @example
 * ```ts ignore
 * import { type LockOptions, makeServer } from "@tarp/tarp/server";
 *
 * const laser: LockOptions = { lock: "laser" };
 * makeServer()
 *   .addRPCEndpoint("laser_on", () => true, laser)
 *   .addRPCEndpoint("laser_off", () => false, laser);
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
 * ```ts ignore
 * import { type AsyncEndpointOptions, makeServer } from "@tarp/tarp/server";
 *
 * export function scan(points: number): number[] {
 *   return Array.from({ length: points }, (_, i) => i);
 * }
 * const options: AsyncEndpointOptions = { suggestedWait: 1, timeout: 60, module: import.meta.url };
 * makeServer().addAsyncRPCEndpoint("scan", scan, options);
 * ```
 */
export interface AsyncEndpointOptions extends LockOptions {
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
   * Worker mode: the URL of the module a job worker imports to find the function, normally
   * `import.meta.url` of the module that defines it. Default: the module that calls
   * `addAsyncRPCEndpoint` (read from the call stack).
   */
  module?: string | URL;
  /**
   * Worker mode: the export of `module` to run, when that module does not itself register the
   * endpoint at its top level. Default: the function's name.
   */
  exportName?: string;
}

/**
 * Options for {@linkcode TarpServer.addRPCEndpoint}.
 *
 * @example
 * ```ts ignore
 * import { makeServer, type RpcEndpointOptions } from "@tarp/tarp/server";
 *
 * const options: RpcEndpointOptions = { description: "Reads the sensor", exclusive: true };
 * makeServer().addRPCEndpoint("read", () => 42, options);
 * ```
 */
export interface RpcEndpointOptions extends LockOptions {
  /** What the function does; shown by discovery and on the client's method. */
  description?: string;
  /** MIME type describing the result, reported in the envelope and discovery. */
  resultMimetype?: string;
}

/**
 * Type-level record of an RPC endpoint, so the client knows its signature.
 *
 * @example
 * ```ts ignore
 * import type { RpcSpec } from "@tarp/tarp/server";
 *
 * // What `addRPCEndpoint("add", add)` records in the server's type:
 * type AddSpec = RpcSpec<(a: number, b: number) => number>;
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
 * ```ts ignore
 * import type { AsyncSpec } from "@tarp/tarp/server";
 *
 * // What `addAsyncRPCEndpoint("scan", scan)` records in the server's type:
 * type ScanSpec = AsyncSpec<(points: number) => Promise<number[]>>;
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
 * ```ts ignore
 * import { type GetSpec, makeServer, type TarpServer } from "@tarp/tarp/server";
 *
 * const server: TarpServer<{ page: GetSpec }> = makeServer().addGetEndpoint("page", () => "hi");
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
 * ```ts ignore
 * import { makeServer, type PostSpec, type TarpServer } from "@tarp/tarp/server";
 *
 * const server: TarpServer<{ save: PostSpec }> = makeServer()
 *   .addPostEndpoint("save", (_params, body) => ({ saved: body }));
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
 * ```ts ignore
 * import type { EndpointSpec } from "@tarp/tarp/server";
 *
 * const kindOf = (spec: EndpointSpec): string => spec.kind;
 * ```
 */
export type EndpointSpec = RpcSpec | AsyncSpec | GetSpec | PostSpec;

/**
 * Endpoint names mapped to their type-level records; a server's type parameter.
 *
 * @example
 * ```ts ignore
 * import type { EndpointMap, RpcSpec } from "@tarp/tarp/server";
 *
 * type Endpoints = { add: RpcSpec<(a: number, b: number) => number> } & EndpointMap;
 * ```
 */
export type EndpointMap = { [name: string]: EndpointSpec };

/**
 * The server type with no endpoints yet.
 *
 * @example
 * ```ts ignore
 * import { type EmptyEndpoints, makeServer, type TarpServer } from "@tarp/tarp/server";
 *
 * const server: TarpServer<EmptyEndpoints> = makeServer();
 * ```
 */
export type EmptyEndpoints = Record<never, never>;

/**
 * Options for {@linkcode TarpServer.addObject}.
 *
 * @example
 * ```ts ignore
 * import { makeServer, type ObjectOptions } from "@tarp/tarp/server";
 *
 * const options: ObjectOptions<"stage_"> = { prefix: "stage_", lock: "stage" };
 * makeServer().addObject({ home: () => 0 }, options); // endpoint "stage_home"
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
 * ```ts ignore
 * import type { PublicMethodNames } from "@tarp/tarp/server";
 *
 * class Stage {
 *   move(by: number): number {
 *     return by;
 *   }
 *   _calibrate(): void {}
 * }
 * type Names = PublicMethodNames<Stage>; // "move"
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
 * ```ts ignore
 * import type { ObjectEndpoints } from "@tarp/tarp/server";
 *
 * class Stage {
 *   move(by: number): number {
 *     return by;
 *   }
 * }
 * type Added = ObjectEndpoints<Stage, "stage_">; // { stage_move: RpcSpec<(by: number) => number> }
 * ```
 */
export type ObjectEndpoints<O, P extends string> = {
  [K in PublicMethodNames<O> as `${P}${K}`]: RpcSpec<O[K] & AnyFunction>;
};
