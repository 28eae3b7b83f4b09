// A lab instrument server: token auth, an exclusive instrument, a stage object, a long scan job.
// Run in the foreground:   deno run -A examples/lab_server.ts        (prints the token to use)
// Or with the CLI:         TARP_TOKEN=… deno task tarp serve examples/lab_server.ts --detach
import { createToken, makeServer, runServer } from "@tarp/tarp/server";
import { jobSignal, progress } from "@tarp/tarp/jobs";

/** The motorised stage; its methods become the `stage_*` endpoints. */
class Stage {
  position = 0;
  #limit = 100;

  move(by: number): number {
    const next = this.position + by;
    if (Math.abs(next) > this.#limit) throw new RangeError(`position ${next} is out of range`);
    return this.position = next;
  }

  home(): number {
    return this.position = 0;
  }
}

const laser = { on: false };

/** Switches the laser; one call at a time, whoever calls. */
async function set_laser(on: boolean): Promise<boolean> {
  await new Promise((r) => setTimeout(r, 10)); // the instrument takes a moment to switch
  laser.on = on;
  return laser.on;
}

/** A scan that reports its progress and stops when cancelled. */
export async function scan(points: number): Promise<number[]> {
  const readings: number[] = [];
  for (let i = 0; i < points; i++) {
    jobSignal().throwIfAborted();
    await new Promise((r) => setTimeout(r, 20));
    readings.push(Math.sin(i / 5));
    progress((i + 1) / points, `point ${i + 1} of ${points}`);
  }
  return readings;
}

const server = makeServer({ token: Deno.env.get("TARP_TOKEN") || undefined })
  .addRPCEndpoint("add", (x: number, y: number) => x + y, { description: "Adds two numbers." })
  .addRPCEndpoint("set_laser", set_laser, { exclusive: true, description: "Laser on or off." })
  .addObject(new Stage(), { prefix: "stage_" })
  .addAsyncRPCEndpoint("scan", scan, { suggestedWait: 0.5, description: "Scans N points." });

export default server;

if (import.meta.main) {
  if (!Deno.env.get("TARP_TOKEN")) {
    const token = createToken();
    server.requireToken(token);
    console.log(`token: ${token}`);
  }
  runServer(server, { port: Number(Deno.env.get("TARP_PORT") ?? 8080) });
}
