// The handler runServer gives Deno.serve: the server's pipeline behind the Host check (TCP only)
// and the call log. Made apart from Deno.serve so that it can be driven in memory.
import type { TarpServer } from "./tarp_server.ts";
import { type LoggedFetch, withLog } from "./_log.ts";
import { withHostCheck } from "./_host.ts";
import { errorResponse } from "./_respond.ts";
import { closeIfBodyUnread } from "./_linger.ts";

/** Where and how a handler serves. */
export interface HandlerSetup {
  /** The call log: true for stderr lines, false for none, or a function. */
  log: boolean | NonNullable<TarpServer["options"]["log"]>;
  /** The address the server is bound to (a name bound to is a name it answers to). */
  bindTo: string;
  /** True on a Unix socket, which no browser reaches: no Host check. */
  unixSocket: boolean;
}

/** The request handler of `server` for Deno.serve, and what closes its batched log. */
// deno-lint-ignore no-explicit-any
export function serverHandler(server: TarpServer<any>, setup: HandlerSetup): LoggedFetch {
  // No browser reaches a Unix socket, so only TCP needs the Host check against DNS rebinding.
  // A 421 leaves the body unread: its connection closes rather than take all of it (_linger.ts).
  const checked = setup.unixSocket ? server.fetch : withHostCheck(
    server.options.allowedHosts,
    setup.bindTo,
    server.fetch,
    (e, req) => closeIfBodyUnread(req, errorResponse(e, false), server.options),
  );
  return withLog(setup.log, checked);
}
