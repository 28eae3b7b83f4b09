// A server program for the call log's tests: it serves with the default log (or `off`), calls
// itself COUNT times, then ends as MODE says.
// Usage: deno run -A _log_program.ts MODE COUNT
//   serve     keeps serving (the test reads the log while it runs, then stops it)
//   shutdown  shuts the server down, then prints "shut down" on stderr and waits a while
//   exit      calls Deno.exit(0) right after the calls
//   off       makeServer({ log: false }), then exits
import { makeServer, runServer } from "../../server.ts";

const [mode, count] = [Deno.args[0], Number(Deno.args[1] ?? 3)];
const server = makeServer(mode === "off" ? { log: false } : {})
  .addRPCEndpoint("add", (a: number, b: number) => a + b);
const handle = runServer(server, { port: 0, bindTo: "127.0.0.1" });
for (let i = 0; i < count; i++) {
  const res = await fetch(`${handle.url}/add`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: `{"args":[${i},1]}`,
  });
  await res.body?.cancel();
}
if (mode === "shutdown") {
  await handle.shutdown();
  console.error("shut down");
  await new Promise((r) => setTimeout(r, 300));
}
if (mode === "exit" || mode === "off") Deno.exit(0);
