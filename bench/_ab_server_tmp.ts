import { makeServer, runServer } from "../server.ts";
const server = makeServer({ log: false, jobs: "inline" }).addRPCEndpoint("echo", (x: unknown) => x)
  .addRPCEndpoint("add", (x: number, y: number) => x + y);
runServer(server, { port: 0, bindTo: "127.0.0.1" });
