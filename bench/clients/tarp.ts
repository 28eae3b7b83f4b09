// TARP through its own client (CBOR; typed arrays travel as typed arrays).
import { client } from "../../client.ts";
import type { Caller } from "./_caller.ts";

/** Connects with `client(url)`, which reads the server's endpoints once. */
export async function connect(url: string): Promise<Caller> {
  const c = await client(url);
  return {
    add: (a, b) => c.add(a, b),
    echo: (x) => c.echo(x),
    job: async (a, b) => await (await c.add_job(a, b)).wait(),
  };
}
