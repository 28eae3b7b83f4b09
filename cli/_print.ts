// How `tarp call` shows a result: JSON for scripts (stdout is not a terminal, or --json), a
// readable form on a terminal, or the raw bytes in a file (-o FILE); and the progress bar of a
// job, drawn only on a terminal.
import type { ProbeResult } from "../jobs/types.ts";
import { toJsonValue } from "../_wire/json.ts";
import type { CliOptions } from "./options.ts";

/** Prints (or, with `-o FILE`, saves) a call's result; `mimetype` for web endpoints' answers. */
export async function showResult(value: unknown, options: CliOptions, mimetype?: string) {
  if (options.output !== undefined) return await save(options.output, value, mimetype);
  if (options.json || !Deno.stdout.isTerminal()) {
    console.log(JSON.stringify(toJsonValue(value)));
  } else if (value instanceof Uint8Array) {
    const what = mimetype ?? "binary data";
    console.log(`(${value.byteLength} bytes of ${what}: save them with -o FILE)`);
  } else if (typeof value === "string") console.log(value);
  else {console.log(
      Deno.inspect(value, { depth: 8, colors: !Deno.noColor, strAbbreviateSize: 10_000 }),
    );}
}

// Bytes are saved as they are, text as text, any other value as JSON.
async function save(path: string, value: unknown, mimetype?: string): Promise<void> {
  const bytes = value instanceof Uint8Array ? value : new TextEncoder().encode(
    typeof value === "string" ? value : JSON.stringify(toJsonValue(value)) + "\n",
  );
  await Deno.writeFile(path, bytes);
  console.error(`saved ${bytes.byteLength} bytes${mimetype ? ` of ${mimetype}` : ""} to ${path}`);
}

/** A one-line progress bar on stderr, redrawn in place; nothing at all when stderr is no terminal. */
export class ProgressBar {
  readonly #enabled = Deno.stderr.isTerminal();
  #drawn = false;

  /** Redraws the bar for the job's latest probe. */
  show(p: ProbeResult): void {
    if (!this.#enabled) return;
    const fraction = Math.max(0, Math.min(1, p.progress ?? 0));
    const filled = Math.round(fraction * 30);
    const bar = "#".repeat(filled) + ".".repeat(30 - filled);
    const text = `[${bar}] ${(fraction * 100).toFixed(0).padStart(3)}% ${p.status}` +
      (p.message ? ` ${p.message}` : "");
    Deno.stderr.writeSync(new TextEncoder().encode(`\r${text.padEnd(78)}`));
    this.#drawn = true;
  }

  /** Ends the bar's line. */
  done(): void {
    if (this.#drawn) Deno.stderr.writeSync(new TextEncoder().encode("\n"));
  }
}
