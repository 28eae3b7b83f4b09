// The Python TARP's sine-wave example: three GET endpoints a browser can call.
//
//   deno task serve                        (or: deno run -A examples/sine_server.ts --port 8080)
//   http://localhost:8080/set_params?lower=0&upper=3.14159
//   http://localhost:8080/get_data
//   http://localhost:8080/get_plot
import { encode } from "fast-png";
import { BadRequest, makeServer, type QueryParams, rawPayload, runServer } from "../mod.ts";
import { plotLine } from "./_plot.ts";
import { portFromArgs } from "./_args.ts";

let lower = 0;
let upper = 10;

function bound(params: QueryParams, key: string, current: number): number {
  const raw = params[key];
  if (raw === undefined) return current;
  const value = Number(Array.isArray(raw) ? raw.at(-1) : raw);
  if (typeof raw !== "string" || raw.trim() === "" || !Number.isFinite(value)) {
    throw new BadRequest(`${key} must be one number, such as ${key}=3.14159; got "${raw}".`);
  }
  return value;
}

/** Sets the lower and upper bounds of the sine wave; answers the bounds now in force. */
function set_params(params: QueryParams): { lower: number; upper: number } {
  const [newLower, newUpper] = [bound(params, "lower", lower), bound(params, "upper", upper)];
  if (!(newLower < newUpper)) {
    throw new BadRequest(`lower (${newLower}) must be less than upper (${newUpper}).`);
  }
  [lower, upper] = [newLower, newUpper];
  return { lower, upper };
}

/** 100 points of sin(x) between the bounds. */
function get_data(): { x: number[]; y: number[] } {
  const x = Array.from({ length: 100 }, (_, i) => lower + (i * (upper - lower)) / 99);
  return { x, y: x.map(Math.sin) };
}

/** A PNG plot of get_data's points. */
function get_plot() {
  const { x, y } = get_data(); // get_data is still just a normal function
  const image = plotLine({ x, y, title: "Sine Wave", xlabel: "x", ylabel: "sin(x)" });
  const png = encode({ width: image.width, height: image.height, data: image.data, channels: 3 });
  return rawPayload(png, "image/png");
}

export const server = makeServer()
  .addGetEndpoint("set_params", set_params, {
    description: "Sets the lower and upper bounds of the sine wave plot",
    queryParams: { lower: "number (default 0)", upper: "number (default 10)" },
  })
  .addGetEndpoint("get_data", get_data, {
    description: "The sine wave's points as {x, y}",
  })
  .addGetEndpoint("get_plot", get_plot, {
    description: "A PNG plot of the sine wave",
    resultMimetype: "image/png",
  });

if (import.meta.main) {
  runServer(server, { port: portFromArgs(), bindTo: Deno.env.get("TARP_BIND") ?? "127.0.0.1" });
}
