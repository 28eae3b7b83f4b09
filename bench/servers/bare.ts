// The baseline: bare Deno.serve doing the same work as the TARP server and nothing else (no
// routing table, no checks, no limits, no log). RPC bodies are `{"args": [...]}` in JSON or CBOR
// (cbor-x), answered in the request's format with TARP's success envelope.
// Usage: deno run -A bench/servers/bare.ts
import { Decoder, Encoder } from "cbor-x";
import { add, announce, compute, echo, LISTEN } from "./_work.ts";

const encoder = new Encoder({ structuredClone: true, useRecords: false, tagUint8Array: true });
const decoder = new Decoder({ structuredClone: true, useRecords: false, mapsAsObjects: true });
const FUNCTIONS: Record<string, (...args: never[]) => unknown> = { add, echo };

// The bare job queue for the job rows: submit answers an ID at once, the function runs after
// (inline), and GET /jobs/<id> answers the result as soon as it is there (a long-poll).
const jobs = new Map<string, Promise<unknown>>();
let lastJob = 0;

function envelope(result: unknown, cbor: boolean): Response {
  const mimetype = cbor ? "application/cbor" : "application/json";
  const value = { status: "success", mimetype, result };
  const body = cbor ? encoder.encode(value) as Uint8Array<ArrayBuffer> : JSON.stringify(value);
  return new Response(body, { headers: { "content-type": mimetype } });
}

async function args(req: Request, cbor: boolean): Promise<never[]> {
  const call = cbor ? decoder.decode(new Uint8Array(await req.arrayBuffer())) : await req.json();
  return call.args;
}

const server = Deno.serve(LISTEN, async (req) => {
  const path = req.url.slice(req.url.indexOf("/", 8)); // past "http://"
  // A POST says its format in Content-Type, a GET (a job's result) in Accept.
  const cbor = req.headers.get(req.method === "GET" ? "accept" : "content-type") ===
    "application/cbor";
  if (path.startsWith("/compute?")) {
    const query = new URLSearchParams(path.slice("/compute?".length));
    return envelope(compute(query.get("a"), query.get("b")), false);
  }
  if (path === "/jobs/add_job") {
    const [a, b] = await args(req, cbor);
    const id = String(++lastJob);
    jobs.set(id, Promise.resolve().then(() => add(a, b)));
    return envelope({ ID: id }, cbor);
  }
  if (path.startsWith("/jobs/")) {
    const id = path.slice("/jobs/".length);
    const result = await jobs.get(id);
    jobs.delete(id);
    return envelope(result, cbor);
  }
  const fn = FUNCTIONS[path.slice(1)];
  if (!fn) return new Response("not found", { status: 404 });
  return envelope(await fn(...await args(req, cbor)), cbor);
});
announce(server);
