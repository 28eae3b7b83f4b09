// Messages between the server and a job process: TARP's CBOR, each framed by a marker and its
// length on the child's stdin and stdout. The marker is 8 random bytes the server picks for each
// process, so that nothing a job prints to stdout can pass for a message: bytes outside frames
// are handed back as the job's output.

/** Bytes of a marker. */
export const MARKER_BYTES = 8;
const HEADER_BYTES = MARKER_BYTES + 4;
const MAX_FRAME_BYTES = 2 ** 31;

/** A new random marker (the server writes it first on the process's stdin). */
export function newMarker(): Uint8Array {
  return crypto.getRandomValues(new Uint8Array(MARKER_BYTES));
}

/** The bytes that go before a frame's payload. */
export function frameHeader(marker: Uint8Array, payloadBytes: number): Uint8Array {
  const header = new Uint8Array(HEADER_BYTES);
  header.set(marker);
  new DataView(header.buffer).setUint32(MARKER_BYTES, payloadBytes);
  return header;
}

/** Cuts a byte stream into frame payloads, passing bytes outside frames to `onStray`. */
export class FrameReader {
  readonly #marker: Uint8Array;
  readonly #onFrame: (payload: Uint8Array) => void;
  readonly #onStray: (bytes: Uint8Array) => void;
  #pending: Uint8Array = new Uint8Array(0);
  #frame?: { bytes: Uint8Array; filled: number };

  constructor(
    marker: Uint8Array,
    onFrame: (payload: Uint8Array) => void,
    onStray: (bytes: Uint8Array) => void,
  ) {
    this.#marker = marker;
    this.#onFrame = onFrame;
    this.#onStray = onStray;
  }

  /** Takes the next bytes of the stream. */
  push(chunk: Uint8Array): void {
    while (chunk.length > 0 || (!this.#frame && this.#pending.length >= HEADER_BYTES)) {
      const frame = this.#frame;
      if (frame) {
        const n = Math.min(frame.bytes.length - frame.filled, chunk.length);
        frame.bytes.set(chunk.subarray(0, n), frame.filled);
        frame.filled += n;
        chunk = chunk.subarray(n);
        if (frame.filled === frame.bytes.length) {
          this.#frame = undefined;
          this.#onFrame(frame.bytes);
        }
        continue;
      }
      const pending = concat(this.#pending, chunk);
      chunk = new Uint8Array(0);
      const at = indexOf(pending, this.#marker);
      if (at < 0) {
        // Keep the last bytes: they may be the start of a marker cut by the chunking.
        const keep = Math.min(pending.length, MARKER_BYTES - 1);
        if (pending.length > keep) this.#onStray(pending.subarray(0, pending.length - keep));
        this.#pending = pending.slice(pending.length - keep);
        return;
      }
      if (at > 0) this.#onStray(pending.subarray(0, at));
      if (pending.length - at < HEADER_BYTES) {
        this.#pending = pending.slice(at);
        return;
      }
      const length = new DataView(pending.buffer, pending.byteOffset + at + MARKER_BYTES, 4)
        .getUint32(0);
      if (length > MAX_FRAME_BYTES) throw new Error(`a frame of ${length} bytes is too large`);
      this.#frame = { bytes: new Uint8Array(length), filled: 0 };
      this.#pending = new Uint8Array(0);
      chunk = pending.subarray(at + HEADER_BYTES);
      if (length === 0) {
        this.#frame = undefined;
        this.#onFrame(new Uint8Array(0));
      }
    }
  }
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (a.length === 0) return b;
  if (b.length === 0) return a;
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

function indexOf(bytes: Uint8Array, marker: Uint8Array): number {
  let at = bytes.indexOf(marker[0]);
  while (at >= 0 && at <= bytes.length - marker.length) {
    let i = 1;
    while (i < marker.length && bytes[at + i] === marker[i]) i++;
    if (i === marker.length) return at;
    at = bytes.indexOf(marker[0], at + 1);
  }
  // A marker may start in the last bytes; the caller keeps them for the next chunk.
  return -1;
}
