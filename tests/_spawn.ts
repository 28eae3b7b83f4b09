// Test helper: runs a server program as a child process and waits for its "Serving … (<url>/)" line.

const ROOT = new URL("../", import.meta.url);

/** A server running in a child process. */
export interface SpawnedServer extends AsyncDisposable {
  /** The URL from its "Serving HTTP on … (<url>/)" line. */
  url: string;
  /** The child process. */
  child: Deno.ChildProcess;
  /** Reads stdout until `pattern` has appeared; returns everything read so far. */
  readUntil(pattern: RegExp): Promise<string>;
  /** Sends SIGTERM, waits for the exit, and returns everything it printed (stdout + stderr). */
  stop(): Promise<string>;
}

/** Runs `deno run -A <file> [...args]` (`file` relative to the project root) and waits for its URL. */
export async function spawnServer(
  file: string,
  options: { args?: string[]; env?: Record<string, string> } = {},
): Promise<SpawnedServer> {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", new URL(file, ROOT).pathname, ...(options.args ?? [])],
    cwd: ROOT,
    env: options.env,
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  const stderr = new Response(child.stderr).text();
  let out = "";
  const readUntil = async (pattern: RegExp) => {
    while (!pattern.test(out)) {
      const { value, done } = await reader.read();
      if (done) {
        await child.status;
        throw new Error(`${file} ended before printing ${pattern}: ${out}${await stderr}`);
      }
      out += value;
    }
    return out;
  };
  const url = /\(((?:http|https|unix):\/\/\S+?)\/\)/.exec(await readUntil(/\(\S+\/\)/))![1];
  let stopped: Promise<string> | undefined;
  const stop = () =>
    stopped ??= (async () => {
      try {
        child.kill("SIGTERM");
      } catch {
        // already gone
      }
      await reader.cancel();
      const err = await stderr;
      await child.status;
      return out + err;
    })();
  return { url, child, readUntil, stop, [Symbol.asyncDispose]: async () => void await stop() };
}
