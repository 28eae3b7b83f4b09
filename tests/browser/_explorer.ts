// Shared by the explorer's browser tests: a server on a free port, a page on it, screenshots.
import { runServer, type ServerHandle } from "../../server.ts";
import { launchChromium, type Page } from "../_browser/chromium.ts";

export { launchChromium, type Page };

/** Serves `server` on a free loopback port. */
// deno-lint-ignore no-explicit-any
export function serveQuietly(server: any): ServerHandle & AsyncDisposable {
  const handle = runServer(server, { port: 0, bindTo: "127.0.0.1", quiet: true });
  return Object.assign(handle, { [Symbol.asyncDispose]: () => handle.shutdown() });
}

const DOCS = new URL("../../docs/", import.meta.url);

/**
 * Saves a desktop-width screenshot: into docs/ (for the README) when TARP_SCREENSHOTS=docs, else
 * into a temporary folder, so a test run leaves the repository as it was.
 */
export async function screenshot(page: Page, name: string): Promise<Uint8Array> {
  const dir = Deno.env.get("TARP_SCREENSHOTS") === "docs"
    ? DOCS.pathname
    : await Deno.makeTempDir({ prefix: "tarp-shots-" });
  return await page.screenshot(`${dir}/${name}`);
}

/** The width (in %) of a job's progress bar in the card of `endpoint`. */
export function barWidth(page: Page, endpoint: string): Promise<number> {
  return page.evaluate<number>(
    `parseFloat(document.querySelector("#ep-${endpoint} .job .bar > div")?.style.width ?? "-1")`,
  );
}
