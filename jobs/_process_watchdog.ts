// A Web Worker inside each job process: kills the process when the server that started it is
// gone (killed with SIGKILL, say, so that it could not kill its job processes itself). The job's
// own thread cannot notice when it never yields (a busy loop), and would run on as an orphan
// holding a core; this thread runs beside it. An orphan is adopted by another process, so a
// parent pid that changes means the server died.
const server = Deno.ppid;
const CHECK_MS = 500;
const scope = self as unknown as { postMessage(message: unknown): void };

const timer = setInterval(() => {
  if (Deno.ppid === server) return;
  clearInterval(timer);
  try {
    Deno.kill(Deno.pid, "SIGKILL");
  } catch {
    // no permission to send signals: the process leaves when its stdin closes (async jobs)
  }
}, CHECK_MS);
scope.postMessage("watching");
