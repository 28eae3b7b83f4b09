// A server to try the explorer with: open http://localhost:8080/ in a browser. Its endpoints check
// their input with zod schemas (any Standard Schema works), which also give the explorer's forms
// and /openapi.json their types.
//
//   deno run -A examples/explorer_server.ts [--port 8080]
//
// TARP_STEP_MS sets the length of each step of `scan` (default 300).
import { z } from "npm:zod@4.6.7";
import { makeServer, progress, type QueryParams, runServer } from "../mod.ts";
import { jobSignal } from "../jobs/mod.ts";
import { portFromArgs } from "./_args.ts";

const STEP_MS = Number(Deno.env.get("TARP_STEP_MS") ?? 300);
const readings: { value: number; unit: string }[] = [];

/** Scans `points` points, reporting progress; stops when cancelled. */
async function scan(points: number): Promise<number[]> {
  const values: number[] = [];
  for (let i = 0; i < points; i++) {
    jobSignal().throwIfAborted();
    progress(i / points, `point ${i + 1} of ${points}`);
    await new Promise((resolve) => setTimeout(resolve, STEP_MS));
    values.push(Math.round(Math.sin(i / 3) * 1000) / 1000);
  }
  return values;
}

export const server = makeServer({ jobs: "inline" })
  .addRPCEndpoint("add", (x: number, y: number) => x + y, {
    description: "Adds two numbers.",
    input: z.tuple([z.number(), z.number()]),
  })
  .addRPCEndpoint("greet", (name: string) => `Hello, ${name}!`, {
    description: "Greets someone.",
    input: z.tuple([z.string().min(1).max(100)]),
  })
  .addAsyncRPCEndpoint("scan", scan, {
    description: "Scans N points (a job that reports its progress).",
    suggestedWait: 1,
    input: z.tuple([z.number().int().min(1).max(1000)]),
  })
  .addGetEndpoint("readings", (params: QueryParams) => readings.slice(-Number(params.last ?? 10)), {
    description: "The last readings recorded.",
    input: z.object({ query: z.object({ last: z.coerce.number().int().min(1).optional() }) }),
  })
  .addPostEndpoint("record", (_params, body) => {
    readings.push(body as { value: number; unit: string });
    return { count: readings.length };
  }, {
    description: "Records a reading.",
    payloadMimetype: "application/json",
    input: z.object({
      query: z.object({}),
      body: z.object({ value: z.number(), unit: z.enum(["mm", "V", "K"]) }).strict(),
    }),
  });

if (import.meta.main) {
  runServer(server, { port: portFromArgs(), bindTo: Deno.env.get("TARP_BIND") ?? "127.0.0.1" });
}
