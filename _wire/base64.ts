// Base64 for bytes in JSON (the protocol's JSON table). Uint8Array.prototype.toBase64 is recent:
// Node 20 and older browsers lack it, and the client runs there too, so a portable path stands by.

const CHUNK = 0x8000; // bytes per String.fromCharCode call: far below any engine's argument limit

/** Standard base64 (with padding) of `bytes`: the built-in method where there is one. */
export function toBase64(bytes: Uint8Array): string {
  const native = (bytes as { toBase64?: () => string }).toBase64;
  return typeof native === "function" ? native.call(bytes) : toBase64Portable(bytes);
}

/** The same with `btoa` only, for runtimes without `Uint8Array.prototype.toBase64`. */
export function toBase64Portable(bytes: Uint8Array): string {
  let binary = "";
  for (let i = 0; i < bytes.length; i += CHUNK) {
    binary += String.fromCharCode(...bytes.subarray(i, i + CHUNK));
  }
  return btoa(binary);
}
