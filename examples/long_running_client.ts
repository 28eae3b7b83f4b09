// Starts the long-running server's measurement and polls get_data, waiting `retryAfter` seconds
// each time the server says it is still in progress.
//
//   deno run -A examples/long_running_client.ts [--url http://localhost:8080] [--seconds 2]
import { client, InvalidServerState, OperationInProgress } from "../mod.ts";
import type { server } from "./long_running_server.ts";
import { urlFromArgs } from "./_args.ts";

const c = await client<typeof server>(urlFromArgs());
const at = Deno.args.indexOf("--seconds");
const seconds = at >= 0 ? Number(Deno.args[at + 1]) : 2;

try {
  await c.get_data();
} catch (e) {
  if (!(e instanceof InvalidServerState)) throw e;
  console.log(`before starting: ${e.message}`);
}

console.log(await c.generate_data({ seconds }));
for (;;) {
  try {
    const [mimetype, data] = await c.get_data();
    const { x } = data as { x: number[] };
    console.log(`ready: ${mimetype}, ${x.length} points`);
    break;
  } catch (e) {
    if (!(e instanceof OperationInProgress)) throw e;
    console.log(`${e.message} Retrying in ${e.retryAfter} s.`);
    await new Promise((resolve) => setTimeout(resolve, e.retryAfter * 1000));
  }
}
