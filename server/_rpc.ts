// Synchronous RPC: decode the call, run the function, answer its result in the call's format.
import type { RequestLimits } from "./_body.ts";
import type { Endpoint } from "./_registry.ts";
import { readCall } from "./_call.ts";
import { successResponse } from "./_respond.ts";

/** Makes the handler of `POST /<name>` for RPC endpoints. */
export function callRpc(
  limits: RequestLimits,
): (endpoint: Endpoint, req: Request) => Promise<Response> {
  return async (endpoint, req) => {
    const call = await readCall(req, limits, endpoint);
    let result = endpoint.fn(...call.args);
    // A plain value needs no await (each one is a turn of the event loop's microtasks).
    if (result instanceof Promise) result = await result;
    const mimetype = endpoint.resultMimetype ??
      (call.format === "cbor" ? "application/cbor" : "application/json");
    return successResponse(result, mimetype, call.format, 200, limits.maxJsonRepeatBytes);
  };
}
