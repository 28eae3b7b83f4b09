// Calls the sine-wave server (examples/sine_server.ts) and saves its plot as sine_wave.png.
//
//   deno run -A examples/sine_client.ts [--url http://localhost:8080]
import { client } from "../mod.ts";
import type { server } from "./sine_server.ts";
import { urlFromArgs } from "./_args.ts";

const c = await client<typeof server>(urlFromArgs());

// Set the lower and upper bounds for the sine wave plot.
console.log(await c.set_params({ lower: 0, upper: 3.14159 }));

// Get the data for the sine wave plot.
const [mimetype, data] = await c.get_data();
const { x, y } = data as { x: number[]; y: number[] };
console.log(mimetype, { x: x.slice(0, 3), y: y.slice(0, 3), points: x.length });

// Get the sine wave plot as a PNG image and save it.
const [plotType, plot] = await c.get_plot();
await Deno.writeFile("sine_wave.png", plot as Uint8Array);
console.log(`saved sine_wave.png (${plotType}, ${(plot as Uint8Array).byteLength} bytes)`);
