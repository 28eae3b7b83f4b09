// Peer: Hono, called through its own typed client `hc`. JSON only, with TARP's body and envelope
// shapes, so wrk sends it the same requests as the TARP and bare servers.
// Usage: deno run -A bench/servers/hono.ts
import { Hono } from "hono";
import { validator } from "hono/validator";
import { add, announce, compute, echo, LISTEN } from "./_work.ts";

const ok = <T>(result: T) => ({ status: "success", mimetype: "application/json", result });
// Hono's way to type a JSON body for `hc` (no checking, as the other servers do none).
const body = <T>() => validator("json", (value) => value as { args: T });

const app = new Hono()
  .get("/compute", (c) => c.json(ok(compute(c.req.query("a"), c.req.query("b")))))
  .post("/add", body<[number, number]>(), (c) => c.json(ok(add(...c.req.valid("json").args))))
  // Hono's client speaks JSON, so the 1 MiB Float64Array travels as an array of numbers.
  .post("/echo", body<[number[]]>(), (c) => c.json(ok(echo(c.req.valid("json").args[0]))));

/** The app's type, for `hc<HonoApp>`. */
export type HonoApp = typeof app;

if (import.meta.main) announce(Deno.serve(LISTEN, app.fetch));
