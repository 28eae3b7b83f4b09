// Following a job's progress through GET /jobs/<id>/events (Server-Sent Events): each change as it
// happens, with no polling. A server without the route (the Python TARP, an older TARP) answers
// something else, and the caller falls back to long-polling.
import type { ClientCore } from "./_core.ts";
import type { ProbeResult } from "../jobs/types.ts";

/** How following ended: the job ended, the server has no event stream, or the stream broke off. */
export type Followed = "ended" | "unsupported" | "dropped";

/** One Server-Sent Event. */
export interface ServerEvent {
  event: string;
  data: string;
}

/**
 * Calls `onProbe` with each `progress` event of the job's stream until its `end` event. Aborting
 * `signal` stops following (rejecting with its reason).
 */
export async function followEvents(
  core: ClientCore,
  id: string,
  signal: AbortSignal,
  onProbe: (probe: ProbeResult) => void,
): Promise<Followed> {
  const res = await core.stream(`/jobs/${encodeURIComponent(id)}/events`, signal);
  const type = res.headers.get("content-type") ?? "";
  if (res.status !== 200 || !type.toLowerCase().startsWith("text/event-stream") || !res.body) {
    await res.body?.cancel().catch(() => {});
    return "unsupported";
  }
  try {
    for await (const { event, data } of readEvents(res.body, signal)) {
      if (event === "progress") onProbe(JSON.parse(data) as ProbeResult);
      if (event === "end") return "ended";
    }
  } catch (e) {
    // A connection that breaks (the server restarting, say) only ends following; the caller
    // long-polls, which rides restarts.
    if (signal.aborted || !(e instanceof TypeError)) throw e;
  }
  signal.throwIfAborted();
  return "dropped";
}

/**
 * Parses a `text/event-stream` body into its events (comments and `retry:` lines skipped), until
 * it ends or `signal` aborts. (A body from an in-process `fetch` does not watch the request's
 * signal: cancelling it here is what closes the stream on the server.)
 */
export async function* readEvents(
  body: ReadableStream<Uint8Array>,
  signal?: AbortSignal,
): AsyncGenerator<ServerEvent> {
  // Read directly (no pipeThrough): a body that errors must reject only this reader's read().
  const reader = body.getReader();
  const decoder = new TextDecoder();
  const stop = () => void reader.cancel().catch(() => {});
  signal?.addEventListener("abort", stop, { once: true });
  let buffer = "";
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffer += decoder.decode(value, { stream: true }).replace(/\r\n?/g, "\n");
      let end: number;
      while ((end = buffer.indexOf("\n\n")) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const parsed = parseBlock(block);
        if (parsed) yield parsed;
      }
    }
  } finally {
    signal?.removeEventListener("abort", stop);
    await reader.cancel().catch(() => {});
  }
}

function parseBlock(block: string): ServerEvent | undefined {
  let event = "message";
  const data: string[] = [];
  for (const line of block.split("\n")) {
    if (line === "" || line.startsWith(":")) continue;
    const colon = line.indexOf(":");
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? "" : line.slice(colon + 1).replace(/^ /, "");
    if (field === "event") event = value;
    else if (field === "data") data.push(value);
  }
  return data.length ? { event, data: data.join("\n") } : undefined;
}
