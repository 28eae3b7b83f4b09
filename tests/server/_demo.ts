// Shared by the RPC wire tests: a server with one endpoint per behaviour, and an error reader.
import assert from "node:assert/strict";
import { InvalidServerState, makeServer, OperationInProgress } from "../../mod.ts";

/** Adds, echoes, awaits, throws and answers what cannot be sent: one endpoint per case. */
export function demoServer(options = {}) {
  return makeServer(options)
    .addRPCEndpoint("add", (a: number, b: number) => a + b, { description: "Adds." })
    .addRPCEndpoint("echo", (...xs: unknown[]) => xs)
    .addRPCEndpoint("later", async (x: number) => {
      await new Promise((r) => setTimeout(r, 1));
      return x * 2;
    })
    .addRPCEndpoint("sqrt", (x: number) => {
      if (x < 0) throw new RangeError("x must be >= 0");
      return Math.sqrt(x);
    })
    .addRPCEndpoint("busy", () => {
      throw new OperationInProgress("calibrating", 2.5);
    })
    .addRPCEndpoint("idle", () => {
      throw new InvalidServerState("call start first");
    })
    .addRPCEndpoint("bytes", () => ({ raw: new Uint8Array([1, 2, 3]) }))
    .addRPCEndpoint("badResult", () => ({ f: () => 1 }));
}

/** Reads an error envelope, checking it came as JSON. */
export async function errorOf(res: Response) {
  assert.equal(res.headers.get("content-type"), "application/json");
  const body = await res.json();
  assert.equal(body.status, "error");
  return body as { type: string; message: string; stack?: string; retry_after?: number };
}
