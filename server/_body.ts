// Reading request bodies within a byte limit, refusing oversize bodies before reading them whole.
import { TarpError } from "../_wire/errors.ts";

/** Reads the whole body, or throws a 413 `PayloadTooLarge` as soon as it exceeds `limit`. */
export async function readBody(req: Request, limit: number): Promise<Uint8Array> {
  const declared = req.headers.get("content-length");
  if (declared !== null && Number(declared) > limit) throw tooLarge(limit);
  if (!req.body) return new Uint8Array(0);
  if (declared !== null) return new Uint8Array(await req.arrayBuffer());
  const chunks: Uint8Array[] = [];
  let total = 0;
  const reader = req.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel();
      throw tooLarge(limit);
    }
    chunks.push(value);
  }
  if (chunks.length === 1) return chunks[0];
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}

function tooLarge(limit: number): TarpError {
  return new TarpError(
    "PayloadTooLarge",
    `The request body is larger than this server's limit of ${limit} bytes. Send less, or ` +
      "start the server with a larger maxBodyBytes.",
  );
}
