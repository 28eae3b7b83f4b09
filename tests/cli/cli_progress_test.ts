// `tarp call` on an async endpoint draws its progress bar (on a terminal) from the job's event
// stream: every step shows, and the server is not polled for progress.
import assert from "node:assert/strict";
import { type LogEntry, makeServer, progress, runServer } from "../../mod.ts";
import { tarpOnTerminal } from "./_tarp.ts";

async function scan(points: number): Promise<number> {
  for (let i = 0; i < points; i++) {
    // The first step waits long enough for the client to open the event stream, even on a busy
    // machine: a step made before it connects is seen only as the state it left.
    await new Promise((r) => setTimeout(r, i === 0 ? 500 : 30));
    progress((i + 1) / points, `point ${i + 1} of ${points}`);
  }
  return points;
}

Deno.test("tarp call shows every progress step of a job, from GET /jobs/<id>/events", async () => {
  const log: LogEntry[] = [];
  const server = makeServer({ jobs: "inline", log: (e) => log.push(e) })
    .addAsyncRPCEndpoint("scan", scan, { suggestedWait: 1 });
  const handle = runServer(server, { port: 0, bindTo: "127.0.0.1", quiet: true });
  try {
    // The bar is drawn on a terminal only (tests/cli/call_test.ts: none when stderr is a file).
    const { code, output } = await tarpOnTerminal(["call", handle.url, "scan", "8"]);
    assert.equal(code, 0, output);
    for (let i = 1; i <= 8; i++) assert.match(output, new RegExp(`point ${i} of 8`));
    assert.match(output, /\r\[#{30}\] 100% completed point 8 of 8 *\r?\n8\r?\n$/);
    const routes = log.map((e) => `${e.method} ${e.endpoint.replace(/[0-9a-f-]{36}/, "<id>")}`);
    assert.ok(routes.includes("GET /jobs/<id>/events"), routes.join(", "));
    assert.equal(routes.filter((r) => r.includes("/asyncProbe")).length, 1, "the last state only");
  } finally {
    await handle.shutdown();
  }
});
