// Runs in a Web Worker: the TARP server of the Redis benchmark, so that the client loops have the
// main thread to themselves. Told the Redis URL and queue, it answers its own URL.
import { runServer } from "../server.ts";
import { redisServer } from "./_redis_fns.ts";

const scope = self as unknown as {
  postMessage(message: unknown): void;
  onmessage: ((e: MessageEvent<{ redis: string; queue: string }>) => void) | null;
};
scope.onmessage = (e) => {
  const server = redisServer(e.data.redis, e.data.queue);
  const handle = runServer(server, { port: 0, bindTo: "127.0.0.1", quiet: true });
  scope.postMessage(handle.url);
};
