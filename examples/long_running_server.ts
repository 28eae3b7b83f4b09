// The Python TARP's long-running pattern on web endpoints: `generate_data` starts the work, and
// `get_data` answers 503 OperationInProgress (with a Retry-After) until the result is ready, or
// 503 InvalidServerState when nothing was started.
//
//   deno run -A examples/long_running_server.ts [--port 8080]
//   curl -X POST 'http://localhost:8080/generate_data?seconds=2'
//   curl -i http://localhost:8080/get_data          (503 + Retry-After, then 200 with the data)
import {
  BadRequest,
  InvalidServerState,
  makeServer,
  OperationInProgress,
  type QueryParams,
  runServer,
} from "../mod.ts";
import { portFromArgs } from "./_args.ts";

interface Run {
  startedAt: number;
  seconds: number;
  result?: { x: number[]; y: number[] };
}

let run: Run | undefined;

/** Starts a simulated measurement lasting `seconds` (query or JSON body; default 2, at most 60). */
function generate_data(params: QueryParams, body: unknown) {
  const given = (body as { seconds?: unknown } | undefined)?.seconds ?? params.seconds ?? 2;
  const seconds = Number(given);
  if (!Number.isFinite(seconds) || seconds < 0 || seconds > 60) {
    throw new BadRequest(`seconds must be a number from 0 to 60, not ${JSON.stringify(given)}.`);
  }
  const current: Run = { startedAt: Date.now(), seconds };
  run = current;
  setTimeout(() => {
    const x = Array.from({ length: 50 }, (_, i) => i / 49);
    current.result = { x, y: x.map((v) => Math.sin(2 * Math.PI * v) + (Math.random() - 0.5) / 10) };
  }, seconds * 1000);
  return { started: true, seconds };
}

/** The measurement's data, once generate_data's run is over. */
function get_data() {
  if (!run) throw new InvalidServerState("Nothing was started: call generate_data first.");
  if (!run.result) {
    const left = Math.max(0, run.seconds - (Date.now() - run.startedAt) / 1000);
    throw new OperationInProgress(
      `The measurement is running (${left.toFixed(1)} s left).`,
      Math.min(1, Math.max(0.1, Math.ceil(left * 10) / 10)),
    );
  }
  return run.result;
}

export const server = makeServer()
  .addPostEndpoint("generate_data", generate_data, {
    description: "Starts a measurement lasting `seconds` (default 2)",
    queryParams: { seconds: "number, 0 to 60 (default 2)" },
    payloadMimetype: "application/json",
    payloadSchema: { type: "object", properties: { seconds: { type: "number" } } },
  })
  .addGetEndpoint("get_data", get_data, {
    description: "The measured data; 503 OperationInProgress until it is ready",
  });

if (import.meta.main) {
  runServer(server, { port: portFromArgs(), bindTo: Deno.env.get("TARP_BIND") ?? "127.0.0.1" });
}
