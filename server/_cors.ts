// Cross-origin calls (CORS) for pages served elsewhere: off unless the server is made with `cors`.
import { RAW_PAYLOAD_HEADER } from "../_wire/protocol.ts";

/** Which origins may call: `true` or `"*"` any, a string one origin, an array those origins. */
export type CorsOption = boolean | string | readonly string[];

type Fetch = (request: Request) => Promise<Response>;

// DELETE: a page cancels a job with DELETE /jobs/<id>.
const ALLOW_METHODS = "GET, HEAD, POST, DELETE, OPTIONS";
const EXPOSE_HEADERS = `Retry-After, Allow, ${RAW_PAYLOAD_HEADER}`;

/**
 * Wraps a server's fetch so every answer (errors included) carries `Access-Control-Allow-Origin`
 * for allowed origins, and `OPTIONS` preflight requests are answered 204. `false` returns `inner`.
 */
export function withCors(option: CorsOption, inner: Fetch): Fetch {
  if (option === false) return inner;
  const any = option === true || option === "*";
  const list = typeof option === "string" ? [option] : Array.isArray(option) ? option : [];
  const allowedOrigin = (origin: string | null): string | undefined =>
    any ? "*" : origin !== null && list.includes(origin) ? origin : undefined;
  return async (request) => {
    const origin = allowedOrigin(request.headers.get("origin"));
    let res: Response;
    if (request.method === "OPTIONS") {
      const headers: Record<string, string> = { allow: ALLOW_METHODS };
      if (origin) {
        headers["access-control-allow-methods"] = ALLOW_METHODS;
        headers["access-control-allow-headers"] =
          request.headers.get("access-control-request-headers") ?? "content-type, authorization";
        headers["access-control-max-age"] = "600";
      }
      res = new Response(null, { status: 204, headers });
    } else {
      res = await inner(request);
    }
    const extra: Record<string, string> = {};
    if (origin) {
      extra["access-control-allow-origin"] = origin;
      extra["access-control-expose-headers"] = EXPOSE_HEADERS;
    }
    // The answer depends on Origin when only some origins are allowed.
    if (!any) extra.vary = "Origin";
    return withHeaders(res, extra);
  };
}

function withHeaders(res: Response, extra: Record<string, string>): Response {
  let out = res;
  try {
    for (const [k, v] of Object.entries(extra)) out.headers.set(k, v);
  } catch {
    out = new Response(res.body, res); // its headers were immutable: answer a copy
    for (const [k, v] of Object.entries(extra)) out.headers.set(k, v);
  }
  return out;
}
