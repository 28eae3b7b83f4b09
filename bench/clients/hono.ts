// Hono through its typed client `hc` (JSON: the Float64Array goes as an array of numbers).
import { hc } from "hono/client";
import type { HonoApp } from "../servers/hono.ts";
import type { Caller } from "./_caller.ts";

/** Makes the `hc` client (nothing travels before the first call). */
export function connect(url: string): Promise<Caller> {
  const api = hc<HonoApp>(url);
  return Promise.resolve({
    add: async (a, b) => (await (await api.add.$post({ json: { args: [a, b] } })).json()).result,
    echo: async (x) =>
      (await (await api.echo.$post({ json: { args: [Array.from(x)] } })).json()).result,
  });
}
