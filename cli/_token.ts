// Where the command line gets the token: TARP_TOKEN or --token-file keep it out of the process's
// arguments (which every user of the machine can read, with ps); --token still works, with a
// warning.
import { CliError } from "./cli_error.ts";
import type { CliOptions } from "./options.ts";

/** The token to use: from `--token-file`, `--token` (warned about) or `TARP_TOKEN`, if any. */
export async function resolveToken(options: CliOptions): Promise<string | undefined> {
  const file = options["token-file"];
  if (file !== undefined && options.token !== undefined) {
    throw new CliError("Give the token once: --token-file FILE or --token, not both.", 2);
  }
  if (file !== undefined) return await readTokenFile(file);
  if (options.token !== undefined) {
    console.error(
      "tarp: warning: --token puts the token in this command's arguments, which other users of " +
        "this machine can read (ps). Set TARP_TOKEN, or use --token-file FILE, instead.",
    );
    return options.token;
  }
  return Deno.env.get("TARP_TOKEN") || undefined;
}

async function readTokenFile(file: string): Promise<string> {
  let text: string;
  try {
    text = await Deno.readTextFile(file);
  } catch (e) {
    throw new CliError(`Cannot read the token file ${file}: ${(e as Error).message}`);
  }
  const token = text.trim();
  if (token === "") throw new CliError(`The token file ${file} is empty: put the token in it.`);
  return token;
}
