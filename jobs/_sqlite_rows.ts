// The job store's file: opening it (one server per file), its table, and rows ↔ JobInfo.
import { DatabaseSync } from "node:sqlite";
import type { JobInfo, JobStatus } from "./types.ts";
import { unpackValue } from "./_values.ts";

/** The table's version, in `PRAGMA user_version`. */
const SCHEMA_VERSION = 1;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS jobs (
  id TEXT PRIMARY KEY,
  endpoint TEXT NOT NULL,
  status TEXT NOT NULL,
  suggested_wait REAL NOT NULL,
  args BLOB NOT NULL,
  progress REAL,
  message TEXT,
  result BLOB,
  error_type TEXT,
  error_message TEXT,
  error_stack TEXT,
  runs INTEGER NOT NULL DEFAULT 0,
  created_at REAL NOT NULL,
  started_at REAL,
  ended_at REAL
);
CREATE INDEX IF NOT EXISTS jobs_ended_at ON jobs (ended_at);
`;

/** One row of the `jobs` table. */
export interface JobRow {
  id: string;
  endpoint: string;
  status: JobStatus;
  suggested_wait: number;
  args: Uint8Array;
  progress: number | null;
  message: string | null;
  result: Uint8Array | null;
  error_type: string | null;
  error_message: string | null;
  error_stack: string | null;
  /** How many times the job was started. */
  runs: number;
  created_at: number;
  started_at: number | null;
  ended_at: number | null;
}

/**
 * Opens (or creates) the store at `path` and takes it for this process: the lock holds until the
 * process closes it or dies, so a second server on the same file is refused at once.
 */
export function openDatabase(path: string): DatabaseSync {
  let db: DatabaseSync;
  try {
    db = new DatabaseSync(path);
  } catch (e) {
    throw new TypeError(
      `Cannot open the job store ${JSON.stringify(path)} (${(e as Error).message}). ` +
        "Give the path of a file in a folder that exists, which this process may read and write " +
        "(--allow-read and --allow-write).",
    );
  }
  try {
    // Exclusive before WAL: then SQLite needs no shared-memory file, and the lock is ours alone.
    // NORMAL: a committed change survives the process dying at any point (kill -9, a crash); a
    // power cut may lose the last moments, never the file.
    db.exec("PRAGMA locking_mode = EXCLUSIVE; PRAGMA journal_mode = WAL;");
    db.exec("PRAGMA synchronous = NORMAL; BEGIN EXCLUSIVE; COMMIT;");
  } catch (e) {
    db.close();
    if (/locked|busy/i.test((e as Error).message)) {
      throw new Error(
        `The job store ${JSON.stringify(path)} is in use by another process (another TARP ` +
          "server?). A store file belongs to one server: stop the other, or give this one its " +
          "own file.",
      );
    }
    throw new Error(
      `The job store ${JSON.stringify(path)} cannot be used: ${(e as Error).message}`,
    );
  }
  const { user_version } = db.prepare("PRAGMA user_version").get() as { user_version: number };
  if (user_version > SCHEMA_VERSION) {
    db.close();
    throw new Error(
      `The job store ${JSON.stringify(path)} was written by a newer TARP (store version ` +
        `${user_version}); use that version, or another file.`,
    );
  }
  db.exec(SCHEMA);
  db.exec(`PRAGMA user_version = ${SCHEMA_VERSION}`);
  return db;
}

/** The job a row records. */
export function infoOf(row: JobRow): JobInfo {
  const info: JobInfo = {
    id: row.id,
    endpoint: row.endpoint,
    status: row.status,
    suggestedWait: row.suggested_wait,
    createdAt: row.created_at,
  };
  if (row.progress !== null) info.progress = row.progress;
  if (row.message !== null) info.message = row.message;
  if (row.started_at !== null) info.startedAt = row.started_at;
  if (row.ended_at !== null) info.endedAt = row.ended_at;
  if (row.status === "completed") info.result = row.result ? unpackValue(row.result) : undefined;
  if (row.status === "failed") {
    info.error = { type: row.error_type ?? "Error", message: row.error_message ?? "" };
    if (row.error_stack !== null) info.error.stack = row.error_stack;
  }
  return info;
}
