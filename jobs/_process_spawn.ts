// How a job process is started: `deno run` of the child entry with the server's own permissions
// (those granted in full; a partial grant such as --allow-read=DIR is not passed on) and a heap
// limit, so that a job that runs out of memory ends its own process, not the machine's memory.

/** How job processes are started. */
export interface ProcessOptions {
  /** The V8 heap limit of each process, in bytes. */
  maxHeapBytes?: number;
}

const PERMISSIONS = ["read", "write", "net", "env", "run", "ffi", "sys", "import"] as const;

/** The arguments of `deno` that start one job process running `entry`. */
export function childArgs(entry: URL, options: ProcessOptions): string[] {
  const args = ["run", "--no-prompt", ...permissionFlags()];
  if (options.maxHeapBytes !== undefined) {
    const mib = Math.max(16, Math.ceil(options.maxHeapBytes / 2 ** 20));
    args.push(`--v8-flags=--max-old-space-size=${mib}`);
  }
  args.push(entry.href);
  return args;
}

function permissionFlags(): string[] {
  const granted = PERMISSIONS.filter((name) => {
    try {
      return Deno.permissions.querySync({ name } as Deno.PermissionDescriptor).state === "granted";
    } catch {
      return false; // a permission this Deno does not know
    }
  });
  if (granted.length === PERMISSIONS.length) return ["--allow-all"];
  return granted.map((name) => `--allow-${name}`);
}
