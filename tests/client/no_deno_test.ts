// The client's module graph reads no `Deno` global when it is imported, nor when it calls a server
// over HTTP: what lets the same code run in Node.js and browsers (caCerts and Unix sockets, asked
// for explicitly, are the Deno-only exceptions). Checked in a Worker whose `Deno` is a trap.
import assert from "node:assert/strict";
import { serve } from "../_serve.ts";
import { scenarioServer } from "../fixtures/client_server.ts";
import { EXPECTED } from "./_scenario_expected.ts";

interface Report {
  atImport: string[];
  whenCalling: string[];
  results: [string, unknown][];
  withCaCerts: string[];
}

Deno.test("client.ts reads no Deno global at import, nor calling a server; caCerts does", async () => {
  await using server = serve(scenarioServer());
  const worker = new Worker(new URL("./_no_deno_worker.ts", import.meta.url), { type: "module" });
  try {
    const report = new Promise<Report>((resolve, reject) => {
      worker.onmessage = (e) => resolve(e.data);
      worker.onerror = (e) => reject(new Error(e.message));
    });
    worker.postMessage({ url: server.url });
    const { atImport, whenCalling, results, withCaCerts } = await report;
    assert.deepEqual(atImport, []);
    assert.deepEqual(whenCalling, []);
    assert.deepEqual(results, EXPECTED);
    assert.equal(withCaCerts.length, 1, withCaCerts.join("\n"));
    assert.match(withCaCerts[0], /client\/_deno_http\.ts:\d+:\d+/);
  } finally {
    worker.terminate();
  }
});
