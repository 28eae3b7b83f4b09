// The server side of web endpoints: decode the query and body, call the handler, render its answer.
import type { Endpoint } from "./_registry.ts";
import type { RequestLimits } from "./_body.ts";
import { parseQuery, readWebBody } from "./_web_body.ts";
import { headOnly, renderResult } from "./_web_answer.ts";
import { checkWebInput } from "./_schema.ts";

/** Makes the handler `TarpServer` installs for `get` and `post` endpoints. */
export function webHandler(
  limits: RequestLimits,
): (endpoint: Endpoint, req: Request) => Promise<Response> {
  return async (endpoint, req) => {
    const params = parseQuery(req.url);
    // The common GET carries no body: skip the body reader (and its await) entirely. (A
    // Transfer-Encoding still goes to the reader: a GET's chunked body must be refused too.)
    const headers = req.headers;
    const body = (req.method === "GET" || req.method === "HEAD") &&
        headers.get("content-length") === null && headers.get("transfer-encoding") === null
      ? undefined
      : await readWebBody(req, limits);
    // Each await is a turn of the microtask queue: none without a schema, or for a plain result.
    const checking = checkWebInput(endpoint, params, body);
    if (checking) await checking;
    let result: unknown;
    try {
      result = endpoint.fn(params, body);
      if (result instanceof Promise) result = await result;
    } catch (e) {
      // Only Errors reach the error envelope; `throw "text"` must not become an empty 500.
      throw e instanceof Error ? e : new Error(typeof e === "string" ? e : `threw ${describe(e)}`);
    }
    const res = renderResult(result, endpoint.resultMimetype, limits.maxJsonRepeatBytes);
    return req.method === "HEAD" ? await headOnly(res) : res;
  };
}

function describe(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
