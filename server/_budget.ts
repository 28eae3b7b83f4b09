// The budget of request bodies in flight: the bytes the server holds for requests it is still
// answering (and for queued jobs' arguments). Past it a request is refused at once with 503 and
// Retry-After, before its body is read, rather than letting concurrent bodies exhaust memory.
import { OperationInProgress } from "../errors.ts";

// Decoded values take more room than their encoding; each is counted at this many bytes on top.
export const BYTES_PER_VALUE = 32;

/** Bytes reserved against a limit. */
export class BodyBudget {
  readonly limit: number;
  #used = 0;

  constructor(limit: number) {
    this.limit = limit;
  }

  /** Bytes reserved now. */
  get used(): number {
    return this.#used;
  }

  /** Reserves `bytes`, or throws a 503 `OperationInProgress` when the budget cannot hold them. */
  reserve(bytes: number): void {
    if (this.#used + bytes > this.limit && bytes > 0) {
      throw new OperationInProgress(
        `The server is busy reading other requests' bodies (its maxBodyBytesInFlight of ` +
          `${this.limit} bytes is in use); this one needs ${bytes} more. Retry in a moment.`,
        1,
      );
    }
    this.#used += bytes;
  }

  /** Gives `bytes` back. */
  release(bytes: number): void {
    this.#used = Math.max(0, this.#used - bytes);
  }
}
