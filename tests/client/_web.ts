// Shared by the web client tests: a server that echoes what its handlers received, the
// Content-Type included.
import type { QueryParams } from "../../mod.ts";
import { makeServer } from "../../mod.ts";

/** What the handler received, with bytes and files made visible. */
export async function seen(params: QueryParams, body: unknown, type: string | null) {
  const show = async (v: unknown): Promise<unknown> => {
    if (v instanceof Uint8Array) return { bytes: Array.from(v) };
    if (v instanceof File) return { file: v.name, type: v.type, text: await v.text() };
    if (Array.isArray(v)) return Promise.all(v.map(show));
    if (v !== null && typeof v === "object") {
      return Object.fromEntries(
        await Promise.all(Object.entries(v).map(async ([k, x]) => [k, await show(x)])),
      );
    }
    return v === undefined ? { undefined: true } : v;
  };
  return { params, body: await show(body), type };
}

/** GET and POST endpoints that answer what they saw; POST also shows the Content-Type. */
export function echoServer() {
  // The Content-Type is read by a wrapper that sees the raw request (handlers see params/body).
  let lastType: string | null = null;
  const server = makeServer()
    .addGetEndpoint("get_echo", (params, body) => seen(params, body, null))
    .addPostEndpoint("post_echo", (params, body) => seen(params, body, lastType));
  const fetchFn = server.fetch;
  const fetch = (req: Request) => {
    lastType = req.headers.get("content-type");
    return fetchFn(req);
  };
  return Object.defineProperty(server, "fetch", { value: fetch });
}
