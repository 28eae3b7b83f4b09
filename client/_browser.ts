// In a browser, an answer withheld by CORS and a server that is down fail alike: fetch rejects
// with a bare TypeError. A no-cors request needs no permission, so when one reaches the server,
// the server is up and the browser refused this page its answer: say so, and name the fix.
import { ConnectionError } from "../errors.ts";

/** The error for a failed request to `base` (the server at `url`), told apart in a browser. */
export async function connectionFailure(
  url: string,
  base: string,
  cause: unknown,
): Promise<ConnectionError> {
  const page = pageOrigin();
  if (page === undefined || !(cause instanceof TypeError) || originOf(base) === page) {
    return new ConnectionError(url, cause);
  }
  try {
    const probe = {
      mode: "no-cors",
      cache: "no-store",
      signal: AbortSignal.timeout(5000),
    } as const;
    await fetch(`${base}/health`, probe);
  } catch {
    return new ConnectionError(url, cause); // really unreachable
  }
  return new ConnectionError(
    url,
    cause,
    `The TARP server at ${url} answered, but the browser refused this page (${page}) the answer: ` +
      `the server does not allow calls from pages on other origins (CORS). Make the server with ` +
      `makeServer({ cors: ["${page}"] }) to allow this page.`,
  );
}

// The origin of the page this code runs in; undefined outside a browser. (Deno may have a
// `location` too, given --location; `in` tells it apart without reading the Deno global.)
function pageOrigin(): string | undefined {
  if ("Deno" in globalThis) return undefined;
  const origin = (globalThis as { location?: { origin?: unknown } }).location?.origin;
  return typeof origin === "string" && origin !== "null" ? origin : undefined;
}

function originOf(url: string): string | undefined {
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
}
