// Runs in a Worker (tests/client/no_deno_test.ts): records every read of the global `Deno` made by
// a library module (not by Deno's own internals, nor by tests) while client.ts is imported, and
// then while it calls a real server. Dynamic imports only: the trap must be set before any loads.
const ROOT = new URL("../../", import.meta.url).href;
const real = globalThis.Deno;
let reads: string[] = [];

Object.defineProperty(globalThis, "Deno", {
  configurable: true,
  get() {
    // Line 0 is "Error", 1 this getter, 2 the code that read `Deno`.
    const caller = new Error().stack?.split("\n")[2] ?? "";
    const file = /\((file:\/\/[^)]+?):\d+:\d+\)$|at (file:\/\/\S+?):\d+:\d+$/.exec(caller);
    const url = file?.[1] ?? file?.[2];
    if (url?.startsWith(ROOT) && !url.startsWith(`${ROOT}tests/`)) reads.push(caller.trim());
    return real;
  },
});

// A worker's global scope (this project's type-check sees the window's).
const scope = self as unknown as {
  postMessage(message: unknown): void;
  onmessage: ((e: MessageEvent<{ url: string }>) => void) | null;
};

scope.onmessage = async (e) => {
  const tarp = await import("../../client.ts");
  const atImport = reads;
  reads = [];
  const { runScenario } = await import("./_scenario.js");
  const results = await runScenario(tarp, e.data.url);
  const whenCalling = reads;
  reads = [];
  // The control: asking for caCerts does read Deno, and the trap sees it. (Deno accepts any
  // string here and the server is plain HTTP, so the certificate is never used.)
  await tarp.client(e.data.url, { caCerts: ["PEM"] }).then((c) => c.$close());
  scope.postMessage({ atImport, whenCalling, results, withCaCerts: reads });
};
