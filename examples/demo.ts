// `deno task demo`: a self-contained tour. Starts a TARP server on a free port, calls it through
// the client, prints what happened, and exits 0.
import {
  client,
  makeServer,
  OperationInProgress,
  progress,
  rawPayload,
  RemoteError,
  runServer,
} from "@tarp/tarp";

function add(x: number, y: number): number {
  return x + y;
}

function stats(samples: Float64Array): { n: number; mean: number; max: number } {
  let sum = 0;
  let max = -Infinity;
  for (const v of samples) {
    sum += v;
    max = Math.max(max, v);
  }
  return { n: samples.length, mean: sum / samples.length, max };
}

function describe(run: { started: Date; tags: Set<string>; gains: Map<string, bigint> }) {
  return {
    started: run.started,
    ageDays: (Date.now() - run.started.getTime()) / 86_400_000,
    tags: [...run.tags].sort(),
    totalGain: [...run.gains.values()].reduce((a, b) => a + b, 0n),
  };
}

function sqrt(x: number): number {
  if (x < 0) throw new RangeError(`sqrt needs x >= 0, got ${x}`);
  return Math.sqrt(x);
}

/** A long computation: runs in a job process, reporting progress. */
function integrate(steps: number): number {
  let sum = 0;
  for (let i = 0; i < steps; i++) {
    sum += Math.sin((i / steps) * Math.PI) * (Math.PI / steps);
    if (i % (steps / 4) === 0) progress(i / steps, `step ${i} of ${steps}`);
  }
  return sum;
}

function busy(): never {
  throw new OperationInProgress("the instrument is still calibrating", 2);
}

const server = makeServer()
  .addRPCEndpoint("add", add, { description: "Adds two numbers." })
  .addRPCEndpoint("stats", stats, { description: "Summarises a Float64Array of samples." })
  .addRPCEndpoint("describe", describe, { description: "Rich values both ways." })
  .addRPCEndpoint("sqrt", sqrt, { description: "Square root; throws for negatives." })
  .addRPCEndpoint("busy", busy, { description: "Always busy (503 + Retry-After)." })
  .addAsyncRPCEndpoint("integrate", integrate, { description: "Integrates sin over [0, pi]." })
  .addGetEndpoint("status", (params) => ({ instrument: "ok", asked: params }))
  .addGetEndpoint("report", () => rawPayload("channel,gain\nch1,2\n", "text/csv"));

// A job worker imports this module to find `integrate`; only the main program runs the demo.
if (import.meta.main) await demo();

async function demo() {
  const handle = runServer(server, { port: 0, bindTo: "127.0.0.1" });
  const c = await client<typeof server>(handle.url);

  console.log(
    "discovered:",
    c.$endpoints().map((e) =>
      e.params ? `${e.name}(${e.params.join(", ")})` : `${e.kind} ${e.name}`
    ),
  );
  console.log("add(1, 2) =", await c.add(1, 2));

  const samples = Float64Array.from({ length: 100_000 }, (_, i) => Math.sin(i / 1000));
  console.log("stats(100,000 samples) =", await c.stats(samples));

  const run = {
    started: new Date("2026-01-01T00:00:00Z"),
    tags: new Set(["laser", "cryo"]),
    gains: new Map([["ch1", 2n ** 70n], ["ch2", 1n]]),
  };
  console.log("describe(Date, Set, Map of BigInt) =", await c.describe(run));

  try {
    await c.sqrt(-1);
  } catch (e) {
    if (e instanceof RemoteError) {
      console.log(`sqrt(-1) failed remotely, status ${e.status}: ${e.message}`);
    }
  }
  try {
    await c.busy();
  } catch (e) {
    if (e instanceof OperationInProgress) console.log(`busy(): retry after ${e.retryAfter} s`);
  }

  const raw = await fetch(`${handle.url}/add`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ args: [40, 2] }),
  });
  console.log("the same call as any HTTP client makes it:", await raw.text());

  const job = await c.integrate(2_000_000);
  console.log(`integrate(): job ${job.ID} started`);
  const area = await job.wait({
    onProgress: (p) => console.log(`  job ${p.status}, ${Math.round((p.progress ?? 0) * 100)}%`),
  });
  console.log("integrate() in a job process =", area.toFixed(6));

  console.log("GET /status?unit=V =", await c.status({ unit: "V" }));
  console.log("GET /report =", await c.report());

  await handle.shutdown();
  console.log("demo finished");
}
