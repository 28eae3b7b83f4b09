// Drives the installed Chromium headless over the Chrome DevTools Protocol (CDP), with no
// dependency: one WebSocket to the browser, one flattened CDP session per page, and a fresh
// browser context (own cookies and storage) per page. Nothing here downloads a browser.
import { CdpConnection, watchStderr, withTimeout } from "./_cdp.ts";
import { Page } from "./_page.ts";

export { CdpConnection, type CdpObject } from "./_cdp.ts";
export { type FailedRequest, Page } from "./_page.ts";

/** Options for {@linkcode launchChromium}. */
export interface LaunchOptions {
  /** The browser to run; default `/usr/bin/chromium` (Debian's package). */
  executablePath?: string;
  /** Size of every page's viewport in CSS pixels; default 1280×800. */
  viewport?: { width: number; height: number };
  /** Extra flags, e.g. `--host-resolver-rules=MAP lab-pc 127.0.0.1`. */
  args?: string[];
  /** Limit for the launch, each CDP command and each wait, in ms; default 10 000. */
  timeoutMs?: number;
}

const FLAGS = `--headless --no-sandbox --disable-gpu --disable-background-networking
  --disable-component-update --disable-sync --disable-quic --no-first-run
  --no-default-browser-check --hide-scrollbars --remote-debugging-port=0`.split(/\s+/);

/** Starts headless Chromium with a temporary profile; `close()` (or `await using`) ends it. */
export async function launchChromium(options: LaunchOptions = {}): Promise<Browser> {
  const exe = options.executablePath ?? "/usr/bin/chromium";
  const timeoutMs = options.timeoutMs ?? 10_000;
  const profile = await Deno.makeTempDir({ prefix: "chromium-cdp-" });
  const args = [...FLAGS, `--user-data-dir=${profile}`, ...(options.args ?? []), "about:blank"];
  const command = new Deno.Command(exe, { args, stdin: "null", stdout: "null", stderr: "piped" });
  const child = command.spawn();
  const stderr = watchStderr(child.stderr);
  let cdp: CdpConnection | undefined;
  const shutDown = async () => {
    await cdp?.send("Browser.close").catch(() => {});
    await cdp?.close().catch(() => {});
    const exited = withTimeout(child.status, 5_000, "Chromium to exit");
    await exited.catch(() => (child.kill("SIGKILL"), child.status));
    // Renderer processes inherit stderr and may hold it open a moment after the browser exits.
    await withTimeout(stderr.done, 2_000, "stderr to close").catch(() => stderr.cancel());
    await Deno.remove(profile, { recursive: true }).catch(() => {});
  };
  try {
    const url = await withTimeout(stderr.url, timeoutMs, `${exe} to print its DevTools URL`);
    cdp = await CdpConnection.open(url, timeoutMs);
  } catch (e) {
    await shutDown();
    throw new Error(`launching ${exe} failed: ${(e as Error).message}\n${stderr.tail()}`);
  }
  const viewport = options.viewport ?? { width: 1280, height: 800 };
  return new Browser(cdp, viewport, shutDown, child.pid, profile);
}

/** A running Chromium. Each page gets its own browser context: no cookies shared between pages. */
export class Browser implements AsyncDisposable {
  #closing?: Promise<void>;

  /** Use {@linkcode launchChromium}. */
  constructor(
    readonly cdp: CdpConnection,
    readonly viewport: { width: number; height: number },
    private readonly shutDown: () => Promise<void>,
    readonly pid: number,
    readonly profileDir: string,
  ) {}

  /** Opens a page in a fresh context, sized to the viewport, and loads `url` if given. */
  async newPage(url?: string): Promise<Page> {
    const { browserContextId } = await this.cdp.send("Target.createBrowserContext");
    const target = { url: "about:blank", browserContextId };
    const { targetId } = await this.cdp.send("Target.createTarget", target);
    const { sessionId } = await this.cdp.send("Target.attachToTarget", { targetId, flatten: true });
    const page = new Page(this.cdp, sessionId, browserContextId);
    const metrics = { ...this.viewport, deviceScaleFactor: 1, mobile: false };
    await Promise.all([
      ...["Page.enable", "Runtime.enable", "Network.enable", "Log.enable"].map((m) => page.send(m)),
      page.send("Emulation.setDeviceMetricsOverride", metrics),
      page.send("Emulation.setFocusEmulationEnabled", { enabled: true }),
    ]);
    if (url) await page.goto(url);
    return page;
  }

  /** Closes the browser, waits for its process to exit and removes the temporary profile. */
  close(): Promise<void> {
    return this.#closing ??= this.shutDown();
  }

  /** Same as {@linkcode Browser.close}, for `await using`. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }
}
