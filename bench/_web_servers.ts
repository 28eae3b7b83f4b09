// Runs in a Web Worker: a TARP GET endpoint and the bare baseline (Deno.serve parsing the query
// and answering the same envelope), so the benchmark's fetch loops have the other core to itself.
import { makeServer, runServer } from "../server.ts";

// The work both sides do: read two query parameters, answer their sum and product.
const work = (a: string | string[] | undefined, b: string | string[] | undefined) => {
  const x = Number(a);
  const y = Number(b);
  return { sum: x + y, product: x * y };
};

const tarp = runServer(
  makeServer().addGetEndpoint("compute", (params) => work(params.a, params.b)),
  { port: 0, bindTo: "127.0.0.1", quiet: true },
);

const bare = Deno.serve({ port: 0, hostname: "127.0.0.1", onListen() {} }, (req) => {
  const query = new URL(req.url).searchParams;
  const result = work(query.get("a") ?? undefined, query.get("b") ?? undefined);
  return new Response(JSON.stringify({ status: "success", mimetype: "application/json", result }), {
    headers: { "content-type": "application/json" },
  });
});

// A worker's global scope; typed as a window here, since the project is checked as one program.
const scope = self as unknown as { postMessage(message: unknown): void };
scope.postMessage({ tarp: tarp.url, bare: `http://127.0.0.1:${bare.addr.port}` });
