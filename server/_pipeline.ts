// The one request pipeline, in order: the cross-origin guard, the token guard, /health, discovery
// (GET /), /client.js, the job routes, then /<name> dispatched by the endpoint's kind. A path that
// names an endpoint skips the router (a registry lookup is all it needs, and calls are the hot
// path); the server's own routes go through a Hono app. Every error thrown anywhere in it is turned
// into a Response in one place (errorResponse). Each request has a scope (_scope.ts) that counts
// its bytes against the budget of bodies in flight.
import { Hono } from "hono";
import type { JobBackend } from "../jobs/types.ts";
import type { HealthAnswer } from "../_wire/protocol.ts";
import { JSON_TYPE } from "../_wire/protocol.ts";
import { TarpError } from "../_wire/errors.ts";
import { VERSION } from "../_wire/version.ts";
import type { Endpoint, EndpointKind, Registry } from "./_registry.ts";
import type { ResolvedServerOptions } from "./options.ts";
import { errorResponse, successResponse } from "./_respond.ts";
import { tokenGuard } from "./_auth.ts";
import { LongPolls, mountJobRoutes, submitHandler } from "./_jobs.ts";
import { callRpc } from "./_rpc.ts";
import { webHandler } from "./_web.ts";
import { withCors } from "./_cors.ts";
import { BodyBudget } from "./_budget.ts";
import { closeScope, openScope } from "./_scope.ts";
import { closeIfBodyUnread } from "./_linger.ts";
import { withSignal } from "./_locks.ts";
import { crossOriginGuard } from "./_origin.ts";
import { CLIENT_JS_PATH, mountClientJs } from "./_client_js.ts";
import { explorerError, explorerPage, wantsHtml } from "./_explorer.ts";
import { openApiDocument } from "./_openapi.ts";
import { mountJobEvents } from "./_job_events.ts";

/** Answers one kind of endpoint. */
export type EndpointHandler = (endpoint: Endpoint, req: Request) => Promise<Response>;

/** What the pipeline serves. */
export interface PipelineParts {
  registry: Registry;
  jobs: JobBackend;
  options: ResolvedServerOptions;
  startedAt: number;
}

/** Builds the server's `fetch`: the whole pipeline, CORS around it when the options ask. */
export function buildPipeline(parts: PipelineParts): (req: Request) => Promise<Response> {
  const { registry, options } = parts;
  const admit = admission(options);
  const fail = (err: unknown, req: Request) =>
    explorerError(err, req, options.exposeStack) ?? errorResponse(err, options.exposeStack);
  // asyncGet?wait= and job starts with ?wait= share the bound on requests held.
  const polls = new LongPolls(options.maxLongPolls);
  const handlers = endpointHandlers(parts, polls);
  const app = serverRoutes(parts, admit, handlers, fail, polls);
  const budget = new BodyBudget(options.maxBodyBytesInFlight);
  // A request for an endpoint goes straight to it; the server's own routes, and anything not an
  // endpoint, go through the Hono app. Both pass the same admission and answer errors alike.
  const answer = async (req: Request): Promise<Response> => {
    const scope = openScope(req, budget);
    let res: Response;
    try {
      const endpoint = registry.get(endpointName(req.url));
      res = endpoint === undefined
        ? await app.fetch(req)
        : admit(req, false) ?? await dispatch(endpoint, handlers, req);
    } catch (e) {
      // Hono hands only Error objects to onError; anything else thrown still gets the envelope.
      res = fail(e, req);
    } finally {
      closeScope(scope);
    }
    // A refusal that leaves a body unread must not let its client send it all (_linger.ts).
    return res.status < 400 ? res : await closeIfBodyUnread(req, res, options);
  };
  return options.cors === false ? answer : withCors(options.cors, answer);
}

/** Admits a request or refuses it: a 403 thrown, or the token hand-over's redirect answered. */
type Admission = (req: Request, isPublic: boolean) => Response | undefined;

function admission(options: ResolvedServerOptions): Admission {
  const guard = currentGuard(options);
  const crossOrigin = crossOriginGuard(options.cors);
  return (req, isPublic) => {
    // Before anything else, so a refused page learns nothing; /client.js is code any page may load.
    crossOrigin(req);
    return isPublic ? undefined : guard()?.(req);
  };
}

function endpointHandlers(
  parts: PipelineParts,
  polls: LongPolls,
): Record<EndpointKind, EndpointHandler> {
  const { jobs, options } = parts;
  return {
    rpc: callRpc(options),
    async: submitHandler(jobs, options, polls),
    get: webHandler(options),
    post: webHandler(options),
  };
}

// The server's own routes (health, discovery, the client bundle, OpenAPI, jobs), and the endpoints
// again for a path the fast lookup leaves to it (an escaped name).
function serverRoutes(
  parts: PipelineParts,
  admit: Admission,
  handlers: Record<EndpointKind, EndpointHandler>,
  fail: (err: unknown, req: Request) => Response,
  polls: LongPolls,
): Hono {
  const { registry, jobs, options } = parts;
  const app = new Hono();
  app.use(async (c, next) => {
    const path = c.req.path;
    if (path === CLIENT_JS_PATH) return await next();
    const handover = admit(c.req.raw, path === "/health");
    if (handover) return handover;
    await next();
    return undefined;
  });
  app.get("/health", () => health(parts.startedAt));
  mountClientJs(app);
  app.get(
    "/",
    (c) =>
      wantsHtml(c.req.raw)
        ? explorerPage(registry, options.token !== undefined)
        : successResponse(registry.discovery(), JSON_TYPE, "json"),
  );
  app.get("/openapi.json", () => Response.json(openApiDocument(registry, !!options.token)));
  mountJobEvents(app, jobs, options);
  mountJobRoutes(app, jobs, options, polls);
  app.all("/:name", (c) => {
    const name = c.req.param("name");
    const endpoint = registry.get(name);
    if (!endpoint) {
      throw new TarpError("NotFound", `No endpoint named "${name}". ${registry.describeNames()}`);
    }
    return dispatch(endpoint, handlers, c.req.raw);
  });
  app.notFound((c) => {
    throw new TarpError("NotFound", `Nothing at ${c.req.path}. ${registry.describeNames()}`);
  });
  app.onError((err, c) => fail(err, c.req.raw));
  return app;
}

// The endpoint name a URL's path names ("/add?x=1" names "add"), or "" when the path is not one
// plain segment: those go to the Hono app, which decodes escapes and answers the server's routes.
function endpointName(url: string): string {
  const start = url.indexOf("/", url.indexOf("://") + 3) + 1;
  const query = url.indexOf("?", start);
  const name = url.slice(start, query < 0 ? undefined : query);
  return name.includes("/") || name.includes("%") ? "" : name;
}

type Guard = (req: Request) => Response | undefined;

// The guard for the options' token, remade when the token changes (requireToken() may set one
// after the server was made); tokenGuard hashes the token once.
function currentGuard(options: ResolvedServerOptions): () => Guard | undefined {
  let made: { token: string; guard: Guard } | undefined;
  return () => {
    const token = options.token;
    if (token === undefined) return undefined;
    if (made?.token !== token) made = { token, guard: tokenGuard(token) };
    return made.guard;
  };
}

function health(startedAt: number): Response {
  const uptime = Math.round(performance.now() - startedAt) / 1000;
  const answer: HealthAnswer = { status: "ok", version: VERSION, uptime };
  return Response.json(answer);
}

function dispatch(
  endpoint: Endpoint,
  handlers: Record<EndpointKind, EndpointHandler>,
  req: Request,
): Promise<Response> {
  const allowed = endpoint.kind === "get" ? ["GET", "HEAD"] : ["POST"];
  if (!allowed.includes(req.method)) throw wrongMethod(endpoint, req.method, allowed);
  const answer = () => handlers[endpoint.kind](endpoint, req);
  // A call that waits for a lock must know when its client goes away.
  return endpoint.locked ? withSignal(req.signal, answer) : answer();
}

function wrongMethod(endpoint: Endpoint, method: string, allowed: string[]): TarpError {
  const how = endpoint.kind === "get"
    ? "call it with GET and a query string"
    : endpoint.kind === "post"
    ? "call it with POST"
    : 'call it with POST and a JSON or CBOR body {"args": [...]}';
  return new TarpError(
    "MethodNotAllowed",
    `${method} is not allowed on "${endpoint.name}", a ${endpoint.kind} endpoint: ${how}.`,
    { allow: allowed },
  );
}
