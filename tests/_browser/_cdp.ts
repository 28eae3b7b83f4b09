// The Chrome DevTools Protocol connection under chromium.ts: one WebSocket to the browser, replies
// matched by id, events routed by session id. No dependency; nothing here downloads a browser.

/** A CDP command's parameters or result. */
// deno-lint-ignore no-explicit-any
export type CdpObject = Record<string, any>;
export type Listener = (method: string, params: CdpObject) => void;

/** Resolves `promise`, or rejects after `ms` naming what took too long; never leaks a timer. */
export async function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
  });
  try {
    return await Promise.race([promise, late]);
  } finally {
    clearTimeout(timer);
  }
}

/** Reads Chromium's stderr to its end: finds the DevTools URL, keeps the tail for errors. */
export function watchStderr(stream: ReadableStream<Uint8Array>) {
  const reader = stream.getReader();
  const decoder = new TextDecoder();
  const url = Promise.withResolvers<string>();
  url.promise.catch(() => {}); // launchChromium reports it; never an unhandled rejection
  let tail = "";
  const done = (async () => {
    for (let r = await reader.read(); !r.done; r = await reader.read()) {
      tail += decoder.decode(r.value, { stream: true });
      const found = tail.match(/DevTools listening on (ws:\/\/\S+)/);
      if (found) url.resolve(found[1]);
      tail = tail.slice(-4000);
    }
    url.reject(new Error("Chromium exited before printing its DevTools URL"));
  })();
  return { url: url.promise, done, tail: () => tail, cancel: () => reader.cancel() };
}

/** One WebSocket to the browser: replies matched by id, events routed by session id. */
export class CdpConnection {
  readonly #ws: WebSocket;
  readonly #pending = new Map<number, PromiseWithResolvers<CdpObject> & { method: string }>();
  readonly #listeners = new Map<string, Listener>();
  readonly #closed = Promise.withResolvers<void>();
  #nextId = 1;

  /** Opens the browser's DevTools WebSocket (`ws://…/devtools/browser/…`). */
  static async open(url: string, timeoutMs: number): Promise<CdpConnection> {
    const ws = new WebSocket(url);
    const opened = new Promise((resolve, reject) => {
      ws.onopen = resolve;
      ws.onerror = () => reject(new Error(`cannot open the DevTools WebSocket ${url}`));
    });
    await withTimeout(opened, timeoutMs, `the DevTools WebSocket ${url}`);
    return new CdpConnection(ws, timeoutMs);
  }

  private constructor(ws: WebSocket, readonly timeoutMs: number) {
    this.#ws = ws;
    ws.onmessage = (e) => this.#receive(JSON.parse(e.data));
    ws.onclose = () => {
      for (const p of this.#pending.values()) p.reject(new Error("Chromium closed the connection"));
      this.#pending.clear();
      this.#closed.resolve();
    };
  }

  /** Sends a CDP command (to a page when `sessionId` is given) and returns its result. */
  async send(method: string, params: CdpObject = {}, sessionId?: string): Promise<CdpObject> {
    if (this.#ws.readyState !== WebSocket.OPEN) throw new Error(`${method}: Chromium is gone`);
    const id = this.#nextId++;
    const reply = Object.assign(Promise.withResolvers<CdpObject>(), { method });
    this.#pending.set(id, reply);
    this.#ws.send(JSON.stringify({ id, method, params, sessionId }));
    try {
      return await withTimeout(reply.promise, this.timeoutMs, `Chromium to answer ${method}`);
    } catch (e) {
      this.#pending.delete(id);
      throw new Error((e as Error).message); // made here, so its stack shows the caller
    }
  }

  /** Sets (or, with `undefined`, removes) the one listener of a session's events. */
  listen(sessionId: string, listener?: (method: string, params: CdpObject) => void) {
    if (listener) this.#listeners.set(sessionId, listener);
    else this.#listeners.delete(sessionId);
  }

  #receive(msg: CdpObject) {
    if (msg.id === undefined) return this.#listeners.get(msg.sessionId)?.(msg.method, msg.params);
    const reply = this.#pending.get(msg.id);
    this.#pending.delete(msg.id);
    if (msg.error) reply?.reject(new Error(`${reply.method} failed: ${msg.error.message}`));
    else reply?.resolve(msg.result);
  }

  /** Closes the WebSocket and waits until it is closed. */
  async close(): Promise<void> {
    if (this.#ws.readyState < WebSocket.CLOSING) this.#ws.close();
    await withTimeout(this.#closed.promise, this.timeoutMs, "the DevTools WebSocket to close");
  }
}
