// Requests malformed at the HTTP level, sent on raw sockets: Deno's HTTP server refuses them
// itself (a bare 400, or closing the connection) before TARP sees them. And clients that send
// their headers slowly, or never finish them.
import type { FuzzOutcome } from "./_fuzz.ts";

const MALFORMED = [
  `GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: ${"a".repeat(100_000)}\r\n\r\n`,
  `GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n${
    Array.from({ length: 200 }, (_, i) => `X-${i}: v\r\n`).join("")
  }\r\n`,
  `GET /${"a".repeat(100_000)} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`,
  "POST /echo HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n0\r\n\r\n",
  "POST /echo HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n",
  "POST /echo HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabcd",
  "POST /echo HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: -1\r\n\r\n",
  "\x00\x01\x02 garbage\r\n\r\n",
  "G(ET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
  "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX Y: z\r\n\r\n",
  "POST /echo HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: gzip\r\n\r\nabc",
  "POST /echo HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n\r\nffffffffffffffffff\r\nabc",
  // smuggling: a second request hidden in the first one's body
  "POST /echo HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 13\r\n\r\n" +
  '{"args": [1]}GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n',
];

/** Sends malformed request number `i` (cycling) on a new connection; reads the answer's status. */
export async function rawExchange(port: number, i: number): Promise<FuzzOutcome> {
  const started = performance.now();
  const text = await exchange(port, MALFORMED[i % MALFORMED.length], 2000);
  const ms = performance.now() - started;
  const status = /^HTTP\/1\.1 (\d{3})/.exec(text)?.[1];
  if (!status) return { status: "closed", ms };
  const code = Number(status);
  return code >= 500
    ? { status: code, ms, violation: `HTTP-level request got ${code}` }
    : { status: code, ms };
}

/** Writes `request` on a new connection and reads what comes back until closed or `ms` pass. */
export async function exchange(port: number, request: string, ms: number): Promise<string> {
  const conn = await Deno.connect({ hostname: "127.0.0.1", port });
  try {
    await conn.write(new TextEncoder().encode(request)).catch(() => 0);
    const buf = new Uint8Array(65536);
    let text = "";
    const until = performance.now() + ms;
    while (performance.now() < until) {
      const n = await Promise.race([
        conn.read(buf).catch(() => null),
        new Promise<"late">((r) =>
          setTimeout(() => r("late"), Math.max(1, until - performance.now()))
        ),
      ]);
      if (n === null || n === "late") break;
      text += new TextDecoder().decode(buf.subarray(0, n));
      if (/\r\n\r\n/.test(text) && !/chunked/.test(text)) break;
    }
    return text;
  } finally {
    try {
      conn.close();
    } catch {
      // closed by the server
    }
  }
}

/** Opens `count` connections that send part of their headers and then nothing. */
export async function slowHeaderClients(port: number, count: number): Promise<Deno.Conn[]> {
  const conns: Deno.Conn[] = [];
  for (let i = 0; i < count; i++) {
    const conn = await Deno.connect({ hostname: "127.0.0.1", port });
    await conn.write(
      new TextEncoder().encode("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: "),
    );
    conns.push(conn);
  }
  return conns;
}

/** How many of `conns` the server has closed (a read that ends, within `ms`). */
export async function countClosed(conns: Deno.Conn[], ms: number): Promise<number> {
  const results = await Promise.all(conns.map((conn) =>
    Promise.race([
      conn.read(new Uint8Array(1024)).then((n) => n === null, () => true),
      new Promise<boolean>((r) => setTimeout(() => r(false), ms)),
    ])
  ));
  for (const conn of conns) {
    try {
      conn.close();
    } catch {
      // already closed
    }
  }
  return results.filter(Boolean).length;
}
