// The files the command line writes for a detached server (its log and pid file): readable by
// their owner only, since a log says who called what and a pid file names what `stop` signals.

/** Opens `path` for appending, creating it 0600; an existing file is made 0600 too. */
export async function appendOnly(path: string): Promise<Deno.FsFile> {
  const file = await Deno.open(path, { append: true, create: true, mode: 0o600 });
  await ownerOnly(path);
  return file;
}

/** Appends one line to `path` (created 0600), synchronously: for console output. */
export function appendLine(path: string, line: string): void {
  Deno.writeTextFileSync(path, line + "\n", { append: true, mode: 0o600 });
}

/** Writes `text` to `path`, created 0600 (an existing file is made 0600 too). */
export async function writePrivate(path: string, text: string): Promise<void> {
  await Deno.writeTextFile(path, text, { mode: 0o600 });
  await ownerOnly(path);
}

async function ownerOnly(path: string): Promise<void> {
  if (Deno.build.os !== "windows") await Deno.chmod(path, 0o600);
}
