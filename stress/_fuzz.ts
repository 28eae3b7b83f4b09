// The malformed-input fuzz: a seeded stream of hostile requests over every route, in every
// category the attack found (deep nesting, impossible lengths, foreign tags, tags around the wrong
// content, dangling shared references, repeated keys, huge bignums, invalid UTF-8, prototype keys,
// argument floods, DAG bodies), random CBOR, and requests malformed at the HTTP level.
import { encodeCborMessage } from "../_wire/codec.ts";
import { rawExchange } from "./_raw.ts";

/** A seeded random source (the same run every time). */
export function prng(seed: number): () => number {
  return () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed / 0x7fffffff;
  };
}

/** One fuzz request's outcome. */
export interface FuzzOutcome {
  status: number | "closed";
  ms: number;
  /** What was sent. */
  what?: string;
  /** Why it counts against the server (a 5xx not declared, a 4xx without the envelope). */
  violation?: string;
}

const ROUTES = [
  "/echo",
  "/add",
  "/divide",
  "/settings",
  "/stage_move",
  "/job_echo",
  "/nap",
  "/page?n=1&x=%zz",
  "/page?n=abc",
  "/form?a=1&a=2",
  "/plot",
  "/asyncGet?UUID=nope&wait=abc",
  "/asyncGet?UUID=x&wait=0.1",
  "/asyncProbe",
  "/asyncProbe?UUID=0",
  "/jobs/x",
  "/",
  "/health",
  "/nope",
  "/%2e%2e/etc/passwd",
  "/echo?token=x",
];
const TYPES = [
  "application/cbor",
  "application/cbor",
  "application/json",
  "application/json; charset=latin-1",
  "text/plain; charset=nope",
  "multipart/form-data; boundary=x",
  "application/x-www-form-urlencoded",
  "application/octet-stream",
  "",
  "application/cbor+json",
];
const METHODS = ["POST", "POST", "POST", "GET", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS"];

function bytes(...parts: (number | number[] | Uint8Array)[]): Uint8Array<ArrayBuffer> {
  const flat: number[] = [];
  for (const p of parts) {
    if (typeof p === "number") flat.push(p);
    else flat.push(...p);
  }
  return new Uint8Array(flat);
}

const ARGS = [0xa1, 0x64, 0x61, 0x72, 0x67, 0x73]; // {"args":
const text = (s: string) => [...new TextEncoder().encode(s)];

/** Random CBOR, mostly malformed: random heads, lengths, tags and nesting. */
export function randomCbor(rand: () => number, depth = 0): number[] {
  const major = Math.floor(rand() * 8);
  const small = Math.floor(rand() * 28);
  const head = (major << 5) | small;
  if (depth > 6 || rand() < 0.3) {
    return [
      head,
      ...Array.from({ length: small % 9 }, () => Math.floor(rand() * 256)),
    ];
  }
  if (major === 4 || major === 5) {
    const n = small % 5;
    const out = [(major << 5) | n];
    for (let i = 0; i < n * (major === 5 ? 2 : 1); i++) out.push(...randomCbor(rand, depth + 1));
    return out;
  }
  if (major === 6) {
    const tags = [0, 1, 2, 3, 27, 28, 29, 64, 70, 76, 84, 86, 87, 258, 259, 55799, 105, 51, 40009];
    const tag = tags[Math.floor(rand() * tags.length)];
    const tagHead = tag < 24 ? [0xc0 | tag] : tag < 256 ? [0xd8, tag] : [0xd9, tag >> 8, tag & 255];
    return [...tagHead, ...randomCbor(rand, depth + 1)];
  }
  return [head, ...Array.from({ length: small % 5 }, () => Math.floor(rand() * 256))];
}

/** The hostile bodies, by category. */
export function bodies(rand: () => number): Record<string, () => Uint8Array<ArrayBuffer>> {
  const valid = encodeCborMessage({ args: [1, "two", new Map([[3, new Date(4)]])] }, "args");
  const mutate = (b: Uint8Array) => {
    const out = b.slice(0, Math.max(1, Math.floor(rand() * (b.length + 4))));
    for (let i = 0; i < 3; i++) out[Math.floor(rand() * out.length)] = Math.floor(rand() * 256);
    return out;
  };
  return {
    "mutated CBOR": () => mutate(valid),
    "mutated JSON": () => mutate(new TextEncoder().encode('{"args": [1, {"a": [2, "x"]}]}')),
    "random bytes": () => crypto.getRandomValues(new Uint8Array(Math.floor(rand() * 300))),
    "random CBOR": () => bytes(ARGS, 0x81, randomCbor(rand)),
    "deep JSON": () =>
      new TextEncoder().encode('{"args": ' + "[".repeat(100_000) + "]".repeat(100_000) + "}"),
    "deep CBOR": () => bytes(ARGS, new Array(50_000).fill(0x81), 0),
    "impossible lengths": () => bytes(ARGS, 0x9b, [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]),
    "foreign tags": () => bytes(ARGS, 0x81, 0xd9, 0x9c, 0x49, 0x80), // tag 40009 (cbor-x records)
    "tags around the wrong content": () => bytes(ARGS, 0x82, 0xc1, 0x80, 0xd8, 0x56, 0xa0),
    "dangling shared references": () =>
      bytes(ARGS, 0x81, 0xd8, 0x1d, 0x18, Math.floor(rand() * 256)),
    "repeated keys": () => bytes(ARGS, 0x81, 0xa2, 0x61, 0x61, 1, 0x61, 0x61, 2),
    "huge bignum": () => bytes(ARGS, 0x81, 0xc2, 0x59, 0x20, 0x00, new Uint8Array(8192)),
    "invalid UTF-8": () => bytes(text('{"args": ["'), 0xff, 0xfe, text('"]}')),
    "prototype keys": () =>
      new TextEncoder().encode(
        '{"args": [{"__proto__": {"admin": 1}, "constructor": {"prototype": 1}}]}',
      ),
    "argument flood": () =>
      new TextEncoder().encode(JSON.stringify({ args: new Array(20_000).fill(1) })),
    "DAG (depth 30)": () => {
      const out: number[] = [];
      for (let i = 0; i < 30; i++) out.push(0xd8, 0x1c, 0x82);
      out.push(0xd8, 0x1c, 0x80);
      for (let i = 30; i >= 1; i--) out.push(0xd8, 0x1d, 0x18, i);
      return bytes(ARGS, 0x81, out);
    },
  };
}

/** Sends `count` fuzz requests (`concurrency` at a time) to `url`; answers each outcome. */
export async function fuzz(url: string, count: number, concurrency = 16): Promise<FuzzOutcome[]> {
  const rand = prng(42);
  const pick = <T>(xs: T[]) => xs[Math.floor(rand() * xs.length)];
  const makers = Object.entries(bodies(rand));
  const outcomes: FuzzOutcome[] = [];
  let next = 0;
  const port = Number(new URL(url).port);
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < count) {
      const i = next++;
      if (i % 25 === 24) {
        outcomes.push(await rawExchange(port, i));
        continue;
      }
      const method = pick(METHODS);
      const headers: Record<string, string> = {};
      const type = pick(TYPES);
      if (type) headers["content-type"] = type;
      if (rand() < 0.2) {
        headers.accept = pick(["application/json", "application/cbor", "*/*", "x/y"]);
      }
      const init: RequestInit = { method, headers };
      const [category, make] = pick(makers);
      if (method !== "GET" && method !== "HEAD") init.body = make();
      const route = pick(ROUTES);
      const outcome = await send(`${url}${route}`, init);
      outcomes.push({ ...outcome, what: `${method} ${route} ${type} ${category}` });
    }
  }));
  return outcomes;
}

// Declared exceptions: the function's own error (divide by zero), and "still running" or "busy".
const DECLARED = new Set(["500 RangeError", "503 OperationInProgress"]);

async function send(url: string, init: RequestInit): Promise<FuzzOutcome> {
  const started = performance.now();
  try {
    const res = await fetch(url, init);
    const body = await res.text();
    const ms = performance.now() - started;
    if (res.status < 400 || res.headers.get("x-tarp-payload") || init.method === "HEAD") {
      return { status: res.status, ms };
    }
    let type = "";
    try {
      const envelope = JSON.parse(body);
      if (envelope.status === "error" && typeof envelope.message === "string") type = envelope.type;
    } catch {
      // not an envelope
    }
    if (!type) return { status: res.status, ms, violation: `${res.status} without the envelope` };
    if (res.status >= 500 && !DECLARED.has(`${res.status} ${type}`)) {
      return { status: res.status, ms, violation: `${res.status} ${type}: ${body.slice(0, 200)}` };
    }
    return { status: res.status, ms };
  } catch (e) {
    return { status: "closed", ms: performance.now() - started, violation: String(e) };
  }
}
