// A server's link to the queue: the BullMQ Queue it adds to and reads from, the queue events it
// hears (one reader, fanned out to the waiters and watchers of each job), and the producer of the
// cancel event. BullMQ is imported here, on first use, so that a module that merely makes a server
// with this backend (as each job worker does when it imports the server's module) never loads it.
import type { Queue, QueueEventsProducer } from "bullmq";
import { cancelStream, type QueueJobData, type RedisConnection } from "./_bullmq_shared.ts";
import { InvalidServerState } from "../errors.ts";

/** Queue events that can change what a job's record says. */
const EVENTS = ["active", "progress", "completed", "failed", "removed", "waiting", "stalled"];

/** Queue events after which a job has ended (or is gone). */
export const END_EVENTS: ReadonlySet<string> = new Set(["completed", "failed", "removed"]);

/** A job's listener: called with the name of each event about it. */
export type EventListener = (event: string) => void;

/** How long a server waits for Redis when it first needs it. */
const CONNECT_MS = 5_000;

/** The open connections of one backend. */
export interface QueueLink {
  queue: Queue<QueueJobData, string>;
  /** Publishes cancel events. */
  producer: QueueEventsProducer;
  /** Listens to the events of job `id` until the returned function is called. */
  on(id: string, listener: EventListener): () => void;
  close(): Promise<void>;
}

/** Opens the link, or throws InvalidServerState (503) when Redis cannot be reached. */
export async function openLink(connection: RedisConnection, name: string): Promise<QueueLink> {
  const { Queue, QueueEvents, QueueEventsProducer } = await import("bullmq");
  // Commands fail at once while Redis is down (a 503 now beats a request hanging), except the
  // event reader's, which waits and reconnects.
  const failFast = { ...connection, enableOfflineQueue: false };
  const queue = new Queue<QueueJobData, string>(name, { connection: failFast });
  const producer = new QueueEventsProducer(cancelStream(name), { connection: failFast });
  const events = new QueueEvents(name, { connection });
  const listeners = new Map<string, Set<EventListener>>();
  for (const emitter of [queue, producer, events]) {
    (emitter as unknown as { on(e: string, f: () => void): void }).on("error", () => {});
  }
  for (const event of EVENTS) {
    (events as unknown as { on(e: string, f: (args: { jobId: string }) => void): void })
      .on(event, ({ jobId }) => {
        for (const listener of listeners.get(jobId) ?? []) listener(event);
      });
  }
  const close = async () => {
    await Promise.allSettled([events.close(), producer.close()]);
    await queue.close().catch(() => {});
  };
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`no answer within ${CONNECT_MS / 1000} s`)),
      CONNECT_MS,
    );
  });
  try {
    await Promise.race([
      Promise.all([queue.waitUntilReady(), producer.waitUntilReady(), events.waitUntilReady()]),
      timeout,
    ]);
  } catch (e) {
    await close();
    throw unreachable(connection, e);
  } finally {
    clearTimeout(timer);
  }
  return {
    queue,
    producer,
    on(id, listener) {
      const set = listeners.get(id) ?? new Set();
      listeners.set(id, set.add(listener));
      return () => {
        set.delete(listener);
        if (set.size === 0 && listeners.get(id) === set) listeners.delete(id);
      };
    },
    close,
  };
}

/** The 503 for a queue that cannot be reached or answered wrongly. */
export function unreachable(connection: RedisConnection, cause: unknown): InvalidServerState {
  const why = cause instanceof Error ? cause.message : String(cause);
  return new InvalidServerState(
    `The job queue's Redis at ${connection.host}:${connection.port} cannot be used (${why}). ` +
      "Start it (or check the URL given to bullmq()); jobs wait in Redis meanwhile.",
  );
}
