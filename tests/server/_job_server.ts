// Shared by the job route tests: an inline-mode server with one async endpoint per case.
import { makeServer } from "../../server.ts";
import { add, echo, fail, stepper } from "../fixtures/jobs_fns.ts";

/** Adds, echoes, fails, and steps (progress 0.5, then waits for its gate). */
export function inlineServer(options: Parameters<typeof makeServer>[0] = {}) {
  return makeServer({ jobs: "inline", ...options })
    .addAsyncRPCEndpoint("add", add, { suggestedWait: 2 })
    .addAsyncRPCEndpoint("echo", echo)
    .addAsyncRPCEndpoint("fail", fail)
    .addAsyncRPCEndpoint("stepper", stepper, { suggestedWait: 1.5 });
}
