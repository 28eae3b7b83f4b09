// One tab of the headless Chromium that chromium.ts starts: navigation, evaluation, input, and the
// console errors and failed requests it collects.
import { type CdpConnection, type CdpObject, type Listener, withTimeout } from "./_cdp.ts";

/** A request that failed at the network level (`error`) or got an HTTP status ≥ 400. */
export interface FailedRequest {
  /** The request's URL. */
  url: string;
  /** The HTTP status, when the server answered. */
  status?: number;
  /** Chromium's network error, e.g. `net::ERR_CONNECTION_REFUSED`. */
  error?: string;
}

const query = (selector: string) =>
  `(document.querySelector(${JSON.stringify(selector)}) ?? (() => {
    throw new Error(${JSON.stringify(`no element matches ${selector}`)}); })())`;

/** One tab. Collects console errors, uncaught exceptions and failed requests as they happen. */
export class Page {
  /** `console.error` calls, uncaught exceptions and errors Chromium logs (e.g. a 404). */
  readonly consoleErrors: string[] = [];
  /** Requests that failed or got a status ≥ 400 (Chromium's own `/favicon.ico` left out). */
  readonly failedRequests: FailedRequest[] = [];
  /** Messages of `alert`/`confirm`/`prompt` dialogs, which are accepted at once. */
  readonly dialogs: string[] = [];
  readonly #urls = new Map<string, string>();
  readonly #waiters = new Set<Listener>();

  /** Use {@linkcode Browser.newPage}. */
  constructor(readonly cdp: CdpConnection, readonly sessionId: string, readonly contextId: string) {
    cdp.listen(sessionId, (method, params) => {
      this.#record(method, params);
      for (const waiter of this.#waiters) waiter(method, params);
    });
  }

  /** Sends a CDP command to this page's session. */
  send(method: string, params: CdpObject = {}): Promise<CdpObject> {
    return this.cdp.send(method, params, this.sessionId);
  }

  #record(method: string, p: CdpObject) {
    const url = p.request?.url ?? p.response?.url ?? p.entry?.url ?? "";
    if (url.endsWith("/favicon.ico")) return; // Chromium asks for it on its own; no page did
    const text = (args: CdpObject[]) => args.map((a) => a.value ?? a.description).join(" ");
    if (method === "Runtime.consoleAPICalled" && p.type === "error") {
      this.consoleErrors.push(text(p.args));
    } else if (method === "Runtime.exceptionThrown") {
      this.consoleErrors.push(p.exceptionDetails.exception?.description ?? p.exceptionDetails.text);
    } else if (method === "Log.entryAdded" && p.entry.level === "error") {
      this.consoleErrors.push(`${p.entry.text} (${p.entry.url ?? p.entry.source})`);
    } else if (method === "Inspector.targetCrashed") this.consoleErrors.push("the page crashed");
    else if (method === "Network.requestWillBeSent") this.#urls.set(p.requestId, p.request.url);
    else if (method === "Network.responseReceived" && p.response.status >= 400) {
      this.failedRequests.push({ url: p.response.url, status: p.response.status });
    } else if (method === "Network.loadingFailed" && !p.canceled) {
      this.failedRequests.push({ url: this.#urls.get(p.requestId) ?? "?", error: p.errorText });
    } else if (method === "Page.javascriptDialogOpening") {
      this.dialogs.push(p.message);
      this.send("Page.handleJavaScriptDialog", { accept: true }).catch(() => {});
    }
  }

  /** Navigates, waits for the load event and returns the document's HTTP status (0 for a URL
   * without one, e.g. `data:`). Throws on a network error, not on an HTTP 4xx or 5xx. */
  async goto(url: string): Promise<number> {
    const loaded = Promise.withResolvers<void>();
    const statuses = new Map<string, number>(); // by loaderId: frames load documents too
    const waiter: Listener = (method, p) => {
      if (method === "Page.loadEventFired") loaded.resolve();
      if (method === "Network.responseReceived" && p.type === "Document") {
        statuses.set(p.loaderId, p.response.status);
      }
    };
    this.#waiters.add(waiter);
    try {
      const { errorText, loaderId } = await this.send("Page.navigate", { url });
      if (errorText) throw new Error(`loading ${url} failed: ${errorText}`);
      await withTimeout(loaded.promise, this.cdp.timeoutMs, `${url} to load`);
      return statuses.get(loaderId) ?? 0;
    } finally {
      this.#waiters.delete(waiter);
    }
  }

  /** Evaluates JS (an expression, or a function called with JSON `args`) and returns its value;
   * awaits a promise. An exception in the page rejects with its first line. */
  async evaluate<T = unknown>(
    // deno-lint-ignore no-explicit-any
    code: string | ((...args: any[]) => unknown),
    ...args: unknown[]
  ): Promise<T> {
    const expression = typeof code === "function" ? `(${code})(...${JSON.stringify(args)})` : code;
    const options = { expression, returnByValue: true, awaitPromise: true, userGesture: true };
    const { result, exceptionDetails: d } = await this.send("Runtime.evaluate", options);
    if (d) throw new Error((d.exception?.description ?? d.text).split("\n")[0]);
    return result.value as T;
  }

  /** Polls until `expression` is truthy and returns its value; retries across navigations. */
  async waitForFunction<T = unknown>(
    expression: string,
    timeoutMs = this.cdp.timeoutMs,
  ): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    let last = "it stayed falsy";
    while (Date.now() < deadline) {
      const value = await this.evaluate<T>(expression).catch((e) => void (last = e.message));
      if (value) return value;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`timed out after ${timeoutMs} ms waiting for ${expression}: ${last}`);
  }

  /** Waits until an element matches `selector` (with `visible`, one that has a box). */
  async waitFor(selector: string, options: { visible?: boolean; timeoutMs?: number } = {}) {
    const el = `document.querySelector(${JSON.stringify(selector)})`;
    const test = options.visible ? `${el}?.getClientRects().length > 0` : `!!${el}`;
    await this.waitForFunction(test, options.timeoutMs);
  }

  /** Clicks the element's centre with the mouse, as a person would; throws if it is hidden or
   * covered by another element. */
  async click(selector: string): Promise<void> {
    const { x, y } = await this.evaluate<{ x: number; y: number }>(`(() => {
      const el = ${query(selector)};
      el.scrollIntoView({ block: "center", inline: "center" });
      const r = el.getBoundingClientRect(), x = r.x + r.width / 2, y = r.y + r.height / 2;
      if (!r.width || !r.height) throw new Error(${JSON.stringify(`${selector} is not visible`)});
      const top = document.elementFromPoint(x, y);
      if (!el.contains(top)) throw new Error(${
      JSON.stringify(`${selector} is covered by `)
    } + top?.outerHTML);
      return { x, y };
    })()`);
    for (const type of ["mouseMoved", "mousePressed", "mouseReleased"]) {
      await this.send("Input.dispatchMouseEvent", { type, x, y, button: "left", clickCount: 1 });
    }
  }

  /** Focuses the element and types `text` after what it holds (`input` events fire). */
  async type(selector: string, text: string): Promise<void> {
    await this.evaluate(`${query(selector)}.focus()`);
    await this.send("Input.insertText", { text });
  }

  /** Replaces the value of an input or textarea with `text`, typed. */
  async fill(selector: string, text: string): Promise<void> {
    await this.evaluate(`{ const el = ${query(selector)}; el.focus(); el.value = ""; }`);
    await this.send("Input.insertText", { text });
  }

  /** Chooses the option of a `<select>` with this value and fires `input` and `change`. */
  async select(selector: string, value: string): Promise<void> {
    await this.evaluate(`{ const el = ${query(selector)}; el.value = ${JSON.stringify(value)};
      for (const t of ["input", "change"]) el.dispatchEvent(new Event(t, { bubbles: true })); }`);
  }

  /** Chooses files in an `<input type=file>`; `input` and `change` fire. */
  async setFiles(selector: string, paths: string[]): Promise<void> {
    const files = await Promise.all(paths.map((path) => Deno.realPath(path))); // absolute
    const { result, exceptionDetails } = await this.send("Runtime.evaluate", {
      expression: query(selector),
    });
    if (exceptionDetails) throw new Error(`no element matches ${selector}`);
    await this.send("DOM.setFileInputFiles", { files, objectId: result.objectId });
  }

  /** The element's rendered text (`innerText`), as a person reads it. */
  text(selector: string): Promise<string> {
    return this.evaluate<string>(`${query(selector)}.innerText`);
  }

  /** Saves a PNG of the viewport (or of the whole page) to `path` and returns its bytes. */
  async screenshot(path: string, options: { fullPage?: boolean } = {}): Promise<Uint8Array> {
    const params: CdpObject = { format: "png" };
    if (options.fullPage) {
      const { cssContentSize: { width, height } } = await this.send("Page.getLayoutMetrics");
      params.clip = { x: 0, y: 0, width, height, scale: 1 };
      params.captureBeyondViewport = true;
    }
    const { data } = await this.send("Page.captureScreenshot", params);
    const bytes = Uint8Array.from(atob(data), (c) => c.charCodeAt(0));
    await Deno.writeFile(path, bytes);
    return bytes;
  }

  /** Closes the tab with its browser context (its cookies and storage). */
  async close(): Promise<void> {
    this.cdp.listen(this.sessionId);
    await this.cdp.send("Target.disposeBrowserContext", { browserContextId: this.contextId });
  }
}
