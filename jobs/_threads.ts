// Which OS thread runs a Web Worker, to tell when a terminated worker has really stopped. On
// Deno 2.9, Worker.terminate() does not stop a worker busy in a loop that never yields (an open
// Deno bug): its thread keeps a core. Linux lists a process's threads in /proc/self/task, which
// is how the pool learns that such a thread has ended; elsewhere it cannot know.

const TASKS = "/proc/self/task";

/** The IDs of this process's threads, or undefined where the system does not list them. */
export function threadIds(): Set<number> | undefined {
  if (Deno.build.os !== "linux") return undefined;
  try {
    return new Set([...Deno.readDirSync(TASKS)].map((entry) => Number(entry.name)));
  } catch {
    return undefined; // no permission to read /proc, say
  }
}

/** Runs `spawn` and answers it with the ID of the one worker thread it started, if known. */
export function withThreadId<T>(spawn: () => T): { value: T; threadId?: number } {
  const before = threadIds();
  const value = spawn();
  const after = threadIds();
  if (!before || !after) return { value };
  const started = [...after].filter((id) => !before.has(id) && isWorkerThread(id));
  return { value, threadId: started.length === 1 ? started[0] : undefined };
}

/** True while the thread runs (and still is a worker thread: IDs are reused). */
export function threadAlive(id: number): boolean {
  return isWorkerThread(id);
}

function isWorkerThread(id: number): boolean {
  try {
    return Deno.readTextFileSync(`${TASKS}/${id}/comm`).startsWith("worker-");
  } catch {
    return false;
  }
}
