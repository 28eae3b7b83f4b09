// The baseline: bare Deno.serve doing the same work as the TARP server and nothing else (no
// routing table, no checks, no limits, no log). RPC bodies are `{"args": [...]}` in JSON or CBOR
// (cbor-x), answered in the request's format with TARP's success envelope.
// Usage: deno run -A bench/servers/bare.ts [--strict-utf8] [--worker-jobs]
//   --strict-utf8   JSON bodies are read as bytes and decoded by a fatal TextDecoder, refusing
//                   invalid UTF-8 as TARP must (req.json() replaces it, in a cheaper native step).
//   --worker-jobs   each job runs in a Web Worker (one, kept warm), as TARP's worker mode does.
import { Decoder, Encoder } from "cbor-x";
import { add, announce, compute, echo, LISTEN } from "./_work.ts";

const encoder = new Encoder({ structuredClone: true, useRecords: false, tagUint8Array: true });
const decoder = new Decoder({ structuredClone: true, useRecords: false, mapsAsObjects: true });
const FUNCTIONS: Record<string, (...args: never[]) => unknown> = { add, echo };
const strictUtf8 = Deno.args.includes("--strict-utf8");
const utf8 = new TextDecoder("utf-8", { fatal: true });
const inWorker = Deno.args.includes("--worker-jobs") ? jobWorker() : undefined;

// The bare job queue for the job rows: the function runs inline (in a Web Worker with
// --worker-jobs); submit waits up to the `wait` it is given (as TARP's does) and answers the ID,
// with the result when the job is done by then; GET /jobs/<id> answers the result as soon as it
// is there (a long-poll).
const jobs = new Map<string, Promise<unknown>>();
let lastJob = 0;
const LATE = Symbol("not done within the wait");

function envelope(result: unknown, cbor: boolean): Response {
  const mimetype = cbor ? "application/cbor" : "application/json";
  const value = { status: "success", mimetype, result };
  const body = cbor ? encoder.encode(value) as Uint8Array<ArrayBuffer> : JSON.stringify(value);
  return new Response(body, { headers: { "content-type": mimetype } });
}

async function args(req: Request, cbor: boolean): Promise<never[]> {
  const call = cbor
    ? decoder.decode(new Uint8Array(await req.arrayBuffer()))
    : strictUtf8
    ? JSON.parse(utf8.decode(await req.bytes()))
    : await req.json();
  return call.args;
}

// The job worker: a message [id, a, b] in, [id, a + b] back.
function jobWorker() {
  const running = new Map<string, (result: unknown) => void>();
  const url = new URL("./_bare_job_worker.ts", import.meta.url);
  const w = new Worker(url, { type: "module" });
  w.onmessage = (e: MessageEvent<[string, unknown]>) => {
    running.get(e.data[0])!(e.data[1]);
    running.delete(e.data[0]);
  };
  return (id: string, a: number, b: number) =>
    new Promise((resolve) => {
      running.set(id, resolve);
      w.postMessage([id, a, b]);
    });
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
  if (path.startsWith("/jobs/add_job")) {
    const [a, b] = await args(req, cbor);
    const id = String(++lastJob);
    const job = inWorker ? inWorker(id, a, b) : Promise.resolve().then(() => add(a, b));
    jobs.set(id, job);
    const wait = Number(new URL(req.url).searchParams.get("wait") ?? 0) * 1000;
    if (wait === 0) return envelope({ ID: id }, cbor);
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise((resolve) => timer = setTimeout(resolve, wait, LATE));
    const result = await Promise.race([job, late]);
    clearTimeout(timer);
    if (result === LATE) return envelope({ ID: id }, cbor);
    jobs.delete(id);
    return envelope({ ID: id, status: "completed", result }, cbor);
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
