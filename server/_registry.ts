// The registry: endpoint names → functions and their metadata. It knows nothing of HTTP.
import type { DiscoveryDocument, GetEntry, PostEntry, RpcEntry } from "../_wire/protocol.ts";
import { CLIENT_RESERVED, PROTOCOL_VERSION, SERVER_ROUTES } from "../_wire/protocol.ts";
import { VERSION } from "../_wire/version.ts";
import { type Parameter, publishedName, readParameters } from "./_params.ts";
import { lockKey, type LockLimits, LockTable } from "./_locks.ts";
import { checkInputOption } from "./_schema.ts";
import type { AnyFunction } from "./types.ts";

/** The kinds of endpoint a server can hold. */
export type EndpointKind = "rpc" | "async" | "get" | "post";

/** One registered endpoint. `options` holds the kind-specific registration options. */
export interface Endpoint {
  kind: EndpointKind;
  name: string;
  fn: AnyFunction;
  description: string;
  params?: string[];
  /** The function's parameters, where its source shows them (named arguments bind to these). */
  parameters?: Parameter[];
  resultMimetype?: string;
  options: Record<string, unknown>;
  /** True when calls hold a lock (`exclusive` or `lock`). */
  locked?: boolean;
}

/** What `Registry.add` takes: an endpoint before its defaults are filled in. */
export type EndpointInit = Omit<Endpoint, "params" | "parameters" | "description"> & {
  description?: string;
  /** The function whose source shows the parameter names, when `fn` is a wrapper of it. */
  source?: AnyFunction;
};

const NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_.-]{0,127}$/;

const NO_DESCRIPTION = "No description provided";

/** Holds endpoints by name, validates names, and builds the discovery document. */
export class Registry {
  readonly #endpoints = new Map<string, Endpoint>();
  readonly #locks: LockTable;

  /** `limits` is read when a call waits for a lock: the server's current options. */
  constructor(limits?: () => LockLimits) {
    this.#locks = new LockTable(limits);
  }

  /**
   * Adds an endpoint; throws a TypeError saying what to change when the name cannot be used. An
   * endpoint with `exclusive` or `lock` options gets its function wrapped in that lock.
   */
  add(init: EndpointInit): Endpoint {
    const { source, ...endpoint } = init;
    const { name, fn, kind } = endpoint;
    validateName(name, this.#endpoints.get(name));
    if (typeof fn !== "function") {
      throw new TypeError(`Endpoint "${name}": expected a function, got ${typeof fn}.`);
    }
    checkInputOption(name, endpoint.options);
    const key = lockKey(name, endpoint.options);
    const parameters = kind === "rpc" || kind === "async"
      ? readParameters(source ?? fn)
      : undefined;
    const entry: Endpoint = {
      ...endpoint,
      fn: key ? this.#locks.wrap(key, fn) : fn,
      locked: key !== undefined,
      description: endpoint.description ?? NO_DESCRIPTION,
      params: parameters?.map(publishedName),
      parameters,
    };
    this.#endpoints.set(name, entry);
    return entry;
  }

  /** The endpoint registered under `name`, if any. */
  get(name: string): Endpoint | undefined {
    return this.#endpoints.get(name);
  }

  /** Every endpoint, in registration order. */
  all(): Endpoint[] {
    return [...this.#endpoints.values()];
  }

  /** A sentence listing what exists, for "not found" messages. */
  describeNames(): string {
    const names = this.all().map((e) => `${e.name} (${e.kind})`);
    return names.length ? `Endpoints: ${names.join(", ")}.` : "This server has no endpoints.";
  }

  /** The discovery document served at `GET /`. */
  discovery(): DiscoveryDocument {
    const doc: DiscoveryDocument = {
      GET: [],
      POST: [],
      RPC: [],
      ASYNCRPC: [],
      protocol: PROTOCOL_VERSION,
      server: "tarp-deno",
      version: VERSION,
    };
    for (const e of this.#endpoints.values()) {
      if (e.kind === "rpc" || e.kind === "async") {
        const entry: RpcEntry = { name: e.name, description: e.description };
        if (e.params) entry.params = e.params;
        if (e.resultMimetype) entry.result_mimetype = e.resultMimetype;
        if (e.kind === "async") entry.suggested_wait = e.options.suggestedWait as number;
        (e.kind === "rpc" ? doc.RPC : doc.ASYNCRPC).push(entry);
      } else {
        const entry: GetEntry = {
          name: e.name,
          description: e.description,
          query_params: (e.options.queryParams as GetEntry["query_params"]) ?? null,
        };
        if (e.resultMimetype) entry.result_mimetype = e.resultMimetype;
        if (e.kind === "get") doc.GET.push(entry);
        else {
          const post: PostEntry = {
            ...entry,
            payload_mimetype: (e.options.payloadMimetype as string) ?? null,
            payload_schema: e.options.payloadSchema ?? null,
          };
          doc.POST.push(post);
        }
      }
    }
    return doc;
  }
}

function validateName(name: unknown, existing: Endpoint | undefined): void {
  if (typeof name !== "string" || name === "") {
    throw new TypeError("Endpoint names must be non-empty strings.");
  }
  if (existing) {
    throw new TypeError(
      `An endpoint named "${name}" is already registered (${existing.kind}). Pick another name.`,
    );
  }
  if (SERVER_ROUTES.includes(name)) {
    throw new TypeError(
      `"${name}" is a route the server answers itself (${SERVER_ROUTES.join(", ")}). ` +
        "Pick another name.",
    );
  }
  if (name.startsWith("$") || CLIENT_RESERVED.includes(name)) {
    throw new TypeError(
      `"${name}" would clash with the client: names starting with "$" and ` +
        `${CLIENT_RESERVED.join(", ")} are reserved. Pick another name.`,
    );
  }
  if (!NAME_PATTERN.test(name)) {
    throw new TypeError(
      `"${name}" is not a usable endpoint name: use a letter or "_" first, then letters, ` +
        `digits, "_", "." or "-" (at most 128 characters, no "/").`,
    );
  }
}
