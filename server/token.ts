// Tokens for servers that require one.

/**
 * Makes a random URL-safe token (32 random bytes, base64url, 43 characters, never starting with
 * "-" so that it reads well on a command line).
 *
 * @example
 * ```ts
 * import { createToken, makeServer } from "@tarp/tarp/server";
 * import assert from "node:assert/strict";
 *
 * const token = createToken();
 * assert.match(token, /^[\w][\w-]{42}$/); // 43 URL-safe characters
 * const server = makeServer({ token });
 * assert.equal((await server.fetch(new Request("http://tarp/"))).status, 401);
 * const headers = { authorization: `Bearer ${token}` };
 * assert.equal((await server.fetch(new Request("http://tarp/", { headers }))).status, 200);
 * ```
 */
export function createToken(): string {
  for (;;) {
    const token = crypto.getRandomValues(new Uint8Array(32)).toBase64({
      alphabet: "base64url",
      omitPadding: true,
    });
    // A leading "-" would read as an option on a command line (`--token -abc…`).
    if (token[0] !== "-") return token;
  }
}
