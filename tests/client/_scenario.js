// One scenario that every runtime runs with the client it got (the bundled /client.js in Node.js
// and in Chromium, client.ts in a Deno worker), against tests/fixtures/client_server.ts. Plain
// JavaScript, so that Node 20 and browsers run it as it is. Each step's outcome (a JSON value, or
// "threw Name: message") is collected, so a test names every step that went wrong at once.

/** The rich value sent to `roundtrip`: every kind of the protocol's CBOR table. */
export function richValue() {
  const cyclic = { name: "loop" };
  cyclic.self = cyclic;
  const shared = [1, 2];
  return {
    date: new Date("2026-11-21T09:30:44.395Z"),
    map: new Map([[1, "one"], [{ k: 2 }, "object key"]]),
    set: new Set(["a", "b"]),
    big: 2n ** 70n,
    negative: -(2n ** 65n),
    f64: new Float64Array([1.5, -0, NaN]),
    i16: new Int16Array([-3, 7]),
    u8: new Uint8Array([0, 255]),
    cyclic,
    pair: [shared, shared],
    negativeZero: -0,
    regexp: /ab+c/gi,
    error: new RangeError("bad", { cause: "why" }),
    nothing: undefined,
  };
}

const numbers = (a) => Array.from(a, (x) => (Object.is(x, -0) ? "-0" : String(x))).join(",");
const kind = (v) => (v === null ? "null" : typeof v === "object" ? v.constructor?.name : typeof v);

/** What a received rich value holds, as text: the same on both sides when nothing was lost. */
export function describeValue(v) {
  const keys = v.map instanceof Map ? [...v.map.keys()] : [];
  return {
    date: v.date instanceof Date ? `Date ${v.date.toISOString()}` : kind(v.date),
    map: v.map instanceof Map
      ? `Map ${v.map.get(1)}, ${keys[1]?.k}: ${v.map.get(keys[1])}`
      : kind(v.map),
    set: v.set instanceof Set ? `Set ${[...v.set].join(",")}` : kind(v.set),
    big: `${typeof v.big} ${v.big}`,
    negative: `${typeof v.negative} ${v.negative}`,
    f64: v.f64 instanceof Float64Array ? `Float64Array ${numbers(v.f64)}` : kind(v.f64),
    i16: v.i16 instanceof Int16Array ? `Int16Array ${numbers(v.i16)}` : kind(v.i16),
    u8: v.u8 instanceof Uint8Array ? `Uint8Array ${numbers(v.u8)}` : kind(v.u8),
    cyclic: v.cyclic?.self === v.cyclic ? "cycle kept" : "cycle lost",
    pair: v.pair?.[0] === v.pair?.[1] ? "shared array kept" : "shared array copied",
    negativeZero: Object.is(v.negativeZero, -0) ? "-0" : String(v.negativeZero),
    regexp: v.regexp instanceof RegExp ? `RegExp ${v.regexp}` : kind(v.regexp),
    error: v.error instanceof RangeError
      ? `RangeError ${v.error.message} (cause ${v.error.cause})`
      : kind(v.error),
    nothing: "nothing" in v && v.nothing === undefined ? "undefined kept" : "undefined lost",
  };
}

/** `[name, instanceof the given class, ...fields]` of an error, or what was thrown instead. */
async function rejection(promise, Class, ...fields) {
  try {
    return ["resolved", await promise];
  } catch (e) {
    return [e?.name, e instanceof Class, ...fields.map((f) => e?.[f])];
  }
}

/**
 * Runs every step with `tarp` (the client module's exports) against the server at `url`; `options`
 * are the client's options (`{ token }`). `notDeno` adds the steps for a runtime that is not Deno:
 * caCerts and Unix sockets are refused there, saying so. Resolves to `[step, outcome]` pairs.
 */
export async function runScenario(tarp, url, options = {}, { notDeno = false } = {}) {
  const results = [];
  const step = async (name, fn) => {
    try {
      results.push([name, await fn()]);
    } catch (e) {
      results.push([name, `threw ${e?.name}: ${e?.message}`]);
    }
  };
  const c = await tarp.client(url, options);
  await step("discovery", () => [c.add.description, c.add.params]);
  await step("rpc", () => c.add(1, 2));
  const sent = await c.roundtrip(richValue());
  await step("rich values as the server saw them", () => sent.seen);
  await step("rich values as they came back", () => describeValue(sent.value));
  await step(
    "large Float64Array",
    () => c.total(Float64Array.from({ length: 131072 }, (_, i) => i)),
  );
  await step("web GET", () => c.hello({ name: "Node & co" }));
  await step("web raw payload", async () => {
    const [type, data] = await c.plot();
    return [type, data instanceof Uint8Array, Array.from(data.subarray(0, 4))];
  });
  await step(
    "web POST with bytes in a JSON body",
    () => c.record({ bytes: new Uint8Array([1, 2, 3]), n: 1 }, { unit: "mm" }),
  );
  await step("job with progress", async () => {
    const job = await c.measure(21);
    const seen = [];
    const result = await job.wait({
      progressInterval: 10,
      onProgress: (p) => {
        seen.push(p.message);
        if (p.message === "half way") c.release(); // the job ends only once its progress was seen
      },
    });
    return [result, await job.status(), seen.includes("half way")];
  });
  await step("job cancelled", async () => {
    const job = await c.forever();
    const probe = await job.cancel();
    const [name, isClass, jobId] = await rejection(job.wait(), tarp.CancelledError, "jobId");
    return [probe.status, name, isClass, jobId === job.ID];
  });
  await step(
    "remote RangeError",
    () => rejection(c.out_of_range(), tarp.RemoteError, "type", "status", "message"),
  );
  await step(
    "OperationInProgress",
    () => rejection(c.busy(), tarp.OperationInProgress, "retryAfter", "message"),
  );
  await step(
    "InvalidServerState",
    () => rejection(c.no_sample(), tarp.InvalidServerState, "message"),
  );
  await step("unknown endpoint", () => rejection(c.nope(), tarp.RemoteError, "type", "status"));
  await step(
    "server down",
    () => rejection(tarp.client("http://127.0.0.1:1"), tarp.ConnectionError),
  );
  await step("connected", () => c.$connected());
  if (options.token) {
    await step(
      "without the token",
      () => rejection(tarp.client(url), tarp.RemoteError, "type", "status"),
    );
  }
  if (notDeno) {
    const https = url.replace(/^http:/, "https:");
    await step(
      "caCerts",
      () => rejection(tarp.client(https, { caCerts: ["PEM"] }), TypeError, "message"),
    );
    await step(
      "Unix socket",
      () => rejection(tarp.client("unix:///tmp/tarp.sock"), TypeError, "message"),
    );
  }
  return results;
}
