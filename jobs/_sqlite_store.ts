// The durable job store: every job's record in a SQLite file (node:sqlite, built into Deno), so
// that finished jobs stay fetchable and queued ones run after the server restarts. Running jobs
// are also tracked in memory (a MemoryJobStore), for their waiters and watchers; a job that has
// ended lives in the file only.
import type { DatabaseSync, StatementSync } from "node:sqlite";
import type { JobError, JobInfo } from "./types.ts";
import {
  isFinal,
  type JobStore,
  MAX_DELAY_MS,
  MemoryJobStore,
  type RecoveredJob,
} from "./_store.ts";
import { infoOf, type JobRow, openDatabase } from "./_sqlite_rows.ts";
import { packValue, unpackValue } from "./_values.ts";

// Progress is written at most this often per store (the latest report wins); the rest of a job's
// record is written at each change.
const PROGRESS_WRITE_MS = 100;
// Expired jobs are deleted at least this often (and looked up jobs are checked on every read).
const SWEEP_MS = 60_000;

const SQL = {
  insert: "INSERT INTO jobs (id, endpoint, status, suggested_wait, args, created_at) " +
    "VALUES (?, ?, 'queued', ?, ?, ?)",
  get: "SELECT * FROM jobs WHERE id = ?",
  all: "SELECT * FROM jobs ORDER BY created_at",
  count: "SELECT COUNT(*) AS n FROM jobs",
  unfinished: "SELECT * FROM jobs WHERE status IN ('queued', 'in_progress') ORDER BY created_at",
  start: "UPDATE jobs SET status = 'in_progress', started_at = ?, runs = runs + 1 WHERE id = ?",
  progress: "UPDATE jobs SET progress = ?, message = ? WHERE id = ?",
  requeue: "UPDATE jobs SET status = 'queued', started_at = NULL, progress = NULL, " +
    "message = NULL WHERE id = ?",
  end: "UPDATE jobs SET status = ?, progress = ?, message = ?, result = ?, error_type = ?, " +
    "error_message = ?, error_stack = ?, ended_at = ? WHERE id = ?",
  expire: "DELETE FROM jobs WHERE ended_at IS NOT NULL AND ended_at < ?",
  delete: "DELETE FROM jobs WHERE id = ?",
} as const;

type Statements = { [K in keyof typeof SQL]: StatementSync };

/** Keeps jobs in the SQLite file at `path`; finished jobs for `retentionMs`. */
export class SqliteJobStore implements JobStore {
  readonly #db: DatabaseSync;
  readonly #sql: Statements;
  readonly #retentionMs: number;
  // Ended jobs leave memory at once: the file keeps them.
  readonly #live = new MemoryJobStore(0);
  // Jobs an earlier process left queued or running, by endpoint, until recovered or abandoned.
  readonly #leftover = new Map<string, JobRow[]>();
  readonly #progressDue = new Map<string, JobInfo>();
  #progressTimer?: ReturnType<typeof setTimeout>;
  readonly #sweeper: ReturnType<typeof setInterval>;
  #closed = false;

  constructor(path: string, retentionMs: number) {
    this.#db = openDatabase(path);
    this.#sql = Object.fromEntries(
      Object.entries(SQL).map(([key, sql]) => [key, this.#db.prepare(sql)]),
    ) as Statements;
    this.#retentionMs = Math.min(retentionMs, MAX_DELAY_MS);
    this.#sweep();
    for (const row of this.#sql.unfinished.all() as unknown as JobRow[]) {
      const rows = this.#leftover.get(row.endpoint) ?? [];
      this.#leftover.set(row.endpoint, [...rows, row]);
    }
    // Reads check expiry themselves: sweeping only frees the file's space, so need not be often.
    const every = Math.max(1_000, Math.min(SWEEP_MS, this.#retentionMs));
    this.#sweeper = setInterval(() => this.#sweep(), every);
    Deno.unrefTimer(this.#sweeper);
  }

  get size(): number {
    this.#sweep();
    return (this.#sql.count.get() as { n: number }).n;
  }

  create(endpoint: string, suggestedWait: number, args: unknown[]): JobInfo {
    const bytes = packValue(args, "args");
    const info = this.#live.create(endpoint, suggestedWait);
    try {
      this.#sql.insert.run(info.id, endpoint, suggestedWait, bytes, info.createdAt);
    } catch (e) {
      this.#live.delete(info.id);
      throw e;
    }
    return info;
  }

  get(id: string): JobInfo | undefined {
    if (this.#closed) return undefined;
    const live = this.#live.get(id);
    if (live) return live;
    const row = this.#sql.get.get(id) as JobRow | undefined;
    if (!row) return undefined;
    if (this.#expired(row)) {
      this.#sql.delete.run(id);
      return undefined;
    }
    return infoOf(row);
  }

  list(): JobInfo[] {
    if (this.#closed) return [];
    const rows = this.#sql.all.all() as unknown as JobRow[];
    return rows.filter((row) => !this.#expired(row)).map((row) =>
      this.#live.get(row.id) ?? infoOf(row)
    );
  }

  ended(id: string): Promise<void> | undefined {
    return this.#live.ended(id);
  }

  watch(id: string, listener: (info: JobInfo) => void): (() => void) | undefined {
    return this.#live.watch(id, listener) ?? (this.get(id) ? () => {} : undefined);
  }

  start(id: string): void {
    if (this.#live.get(id)?.status !== "queued") return;
    this.#live.start(id);
    const info = this.#live.get(id)!;
    this.#sql.start.run(info.startedAt!, id);
  }

  report(id: string, fraction: number, message?: string): void {
    const info = this.#live.get(id);
    if (!info || isFinal(info.status)) return;
    this.#live.report(id, fraction, message);
    this.#progressDue.set(id, info);
    this.#progressTimer ??= setTimeout(() => this.#writeProgress(), PROGRESS_WRITE_MS);
  }

  complete(id: string, result: unknown): boolean {
    const info = this.#live.get(id);
    if (!info || isFinal(info.status)) return false;
    let bytes: Uint8Array;
    try {
      bytes = packValue(result, "The job's result");
    } catch (e) {
      return this.fail(id, { type: "DataCloneError", message: (e as Error).message });
    }
    this.#live.complete(id, result);
    this.#writeEnd(info, bytes);
    return true;
  }

  fail(id: string, error: JobError): boolean {
    const info = this.#live.get(id);
    if (!info || !this.#live.fail(id, error)) return false;
    this.#writeEnd(info);
    return true;
  }

  cancel(id: string): boolean {
    const info = this.#live.get(id);
    if (!info || !this.#live.cancel(id)) return false;
    this.#writeEnd(info);
    return true;
  }

  recover(endpoint: string, retry: number): RecoveredJob[] {
    const rows = this.#leftover.get(endpoint) ?? [];
    this.#leftover.delete(endpoint);
    const recovered: RecoveredJob[] = [];
    for (const row of rows) {
      if (row.status === "in_progress" && row.runs > retry) {
        this.#failRow(row, {
          type: "ServerRestarted",
          message: `The server stopped (killed, crashed or restarted) while job ${row.id} ran, ` +
            `so it did not finish. Register "${endpoint}" with { retry: n } to run such jobs ` +
            "again after a restart.",
        });
        continue;
      }
      const info = infoOf(row);
      if (row.status === "in_progress") {
        this.#sql.requeue.run(row.id);
        info.status = "queued";
        delete info.startedAt;
        delete info.progress;
        delete info.message;
      }
      this.#live.adopt(info);
      recovered.push({ id: row.id, args: unpackValue(row.args) as unknown[] });
    }
    return recovered;
  }

  abandon(): void {
    for (const [endpoint, rows] of this.#leftover) {
      for (const row of rows) {
        this.#failRow(row, {
          type: "ServerRestarted",
          message: `The server restarted without an async endpoint named "${endpoint}", so job ` +
            `${row.id} cannot run. Register "${endpoint}" again to run such jobs.`,
        });
      }
    }
    this.#leftover.clear();
  }

  /**
   * Wakes every waiter and closes the file. Unfinished jobs stay as they are in the file: queued
   * ones run after the next start, running ones are handled as interrupted then.
   */
  close(_error?: JobError): void {
    if (this.#closed) return;
    this.#writeProgress();
    this.#closed = true;
    clearInterval(this.#sweeper);
    this.#live.close();
    this.#db.close();
  }

  #expired(row: JobRow): boolean {
    return row.ended_at !== null && row.ended_at + this.#retentionMs < Date.now();
  }

  #sweep(): void {
    this.#sql.expire.run(Date.now() - this.#retentionMs);
  }

  #writeProgress(): void {
    clearTimeout(this.#progressTimer);
    this.#progressTimer = undefined;
    for (const [id, info] of this.#progressDue) {
      this.#sql.progress.run(info.progress ?? null, info.message ?? null, id);
    }
    this.#progressDue.clear();
  }

  #writeEnd(info: JobInfo, result: Uint8Array | null = null): void {
    this.#progressDue.delete(info.id);
    const { error } = info;
    this.#sql.end.run(
      info.status,
      info.progress ?? null,
      info.message ?? null,
      result,
      error?.type ?? null,
      error?.message ?? null,
      error?.stack ?? null,
      info.endedAt ?? Date.now(),
      info.id,
    );
  }

  #failRow(row: JobRow, error: JobError): void {
    const info = { ...infoOf(row), status: "failed" as const, error, endedAt: Date.now() };
    this.#writeEnd(info);
  }
}
