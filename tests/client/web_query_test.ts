// The web-like interface through the TARP client, and the sine-wave and long-running examples run
// as real processes. Every server here listens on a free loopback port.
import assert from "node:assert/strict";
import { spawnServer } from "../_spawn.ts";
import { decode as decodePng } from "fast-png";
import {
  client,
  InvalidServerState,
  makeServer,
  OperationInProgress,
  type QueryParams,
  rawPayload,
  RemoteError,
  runServer,
  type TarpServer,
  type WebResult,
} from "../../mod.ts";

// deno-lint-ignore no-explicit-any
function serve(server: TarpServer<any>) {
  const handle = runServer(server, { port: 0, bindTo: "127.0.0.1", quiet: true });
  return Object.assign(handle, { [Symbol.asyncDispose]: () => handle.shutdown() });
}

/** What the handler received, with bytes and files made visible. */
async function seen(params: QueryParams, body: unknown, type: string | null) {
  const show = async (v: unknown): Promise<unknown> => {
    if (v instanceof Uint8Array) return { bytes: Array.from(v) };
    if (v instanceof File) return { file: v.name, type: v.type, text: await v.text() };
    if (Array.isArray(v)) return Promise.all(v.map(show));
    if (v !== null && typeof v === "object") {
      return Object.fromEntries(
        await Promise.all(Object.entries(v).map(async ([k, x]) => [k, await show(x)])),
      );
    }
    return v === undefined ? { undefined: true } : v;
  };
  return { params, body: await show(body), type };
}

function echoServer() {
  // The Content-Type is read by a wrapper that sees the raw request (handlers see params/body).
  let lastType: string | null = null;
  const server = makeServer()
    .addGetEndpoint("get_echo", (params, body) => seen(params, body, null))
    .addPostEndpoint("post_echo", (params, body) => seen(params, body, lastType));
  const fetchFn = server.fetch;
  server.fetch = (req: Request) => {
    lastType = req.headers.get("content-type");
    return fetchFn(req);
  };
  return server;
}

// ---------------------------------------------------------------- calling convention and query

Deno.test("web client: a GET endpoint is c.name(query?) and resolves to [mimetype, data]", async () => {
  await using h = serve(echoServer());
  const c = await client<ReturnType<typeof echoServer>>(h.url);
  const [mimetype, data] = await c.get_echo({ lower: 0, upper: 3.14159 });
  assert.equal(mimetype, "application/json");
  assert.deepEqual(data, {
    params: { lower: "0", upper: "3.14159" },
    body: { undefined: true },
    type: null,
  });
  assert.deepEqual((await c.get_echo())[1], { params: {}, body: { undefined: true }, type: null });
});

Deno.test("web client: query values are encoded so that no value can inject a parameter", async () => {
  await using h = serve(echoServer());
  const c = await client<ReturnType<typeof echoServer>>(h.url);
  const tricky = "a&b=c d+e%20f#g?h=/é€\n";
  const [, data] = await c.get_echo({
    text: tricky,
    "key with&=": "v",
    n: -1.5e-7,
    big: 12345678901234567890n,
    yes: true,
    no: false,
    list: ["x&y", 2, true],
    skipped: undefined,
    nothing: null,
    empty: "",
  });
  assert.deepEqual((data as { params: unknown }).params, {
    text: tricky,
    "key with&=": "v",
    n: "-1.5e-7",
    big: "12345678901234567890",
    yes: "true",
    no: "false",
    list: ["x&y", "2", "true"],
    empty: "",
  });
});

Deno.test("web client: a URLSearchParams query is sent as it is", async () => {
  await using h = serve(echoServer());
  const c = await client(h.url);
  const [, data] = await c.get_echo(new URLSearchParams([["a", "1"], ["a", "2&3"]]));
  assert.deepEqual(data.params, { a: ["1", "2&3"] });
});

Deno.test("web client: an unusable query is a TypeError before anything is sent", async () => {
  await using h = serve(echoServer());
  const c = await client(h.url);
  await assert.rejects(() => c.get_echo({ when: new Date() }), /query value "when" must be/);
  await assert.rejects(() => c.get_echo({ nested: { a: 1 } }), TypeError);
  await assert.rejects(() => c.get_echo([1, 2]), /the query must be an object/);
  await assert.rejects(() => c.get_echo("a=1"), /the query must be an object/);
  await assert.rejects(() => c.get_echo({}, {}), /GET endpoint: call it with one argument/);
  await assert.rejects(() => c.post_echo(1, {}, 3), /POST endpoint: call it with \(body, query\)/);
});

// ---------------------------------------------------------------- bodies

Deno.test("web client: a POST endpoint is c.name(body?, query?)", async () => {
  await using h = serve(echoServer());
  const c = await client<ReturnType<typeof echoServer>>(h.url);
  const [mimetype, data] = await c.post_echo({ a: [1, 2] }, { unit: "mm" });
  assert.equal(mimetype, "application/json");
  assert.deepEqual(data, {
    params: { unit: "mm" },
    body: { a: [1, 2] },
    type: "application/json",
  });
  const [, none] = await c.post_echo();
  assert.deepEqual(none, { params: {}, body: { undefined: true }, type: null });
  const [, queryOnly] = await c.post_echo(undefined, { q: "1" });
  assert.deepEqual(queryOnly, { params: { q: "1" }, body: { undefined: true }, type: null });
});

Deno.test("web client: each body type is encoded as its Content-Type", async () => {
  await using h = serve(echoServer());
  const c = await client(h.url);
  const form = new FormData();
  form.append("name", "Ada");
  form.append("file", new File(["abc"], "a.txt", { type: "text/plain" }));
  const cases: [string, unknown, unknown, RegExp][] = [
    [
      "object",
      { x: 1, d: new Date(0) },
      { x: 1, d: "1970-01-01T00:00:00.000Z" },
      /^application\/json$/,
    ],
    ["array", [1, "a", null], [1, "a", null], /^application\/json$/],
    ["number", 42, 42, /^application\/json$/],
    ["boolean", false, false, /^application\/json$/],
    ["null", null, null, /^application\/json$/],
    ["string", "héllo", "héllo", /^text\/plain; charset=utf-8$/],
    ["empty string", "", "", /^text\/plain/],
    ["Uint8Array", new Uint8Array([0, 255]), { bytes: [0, 255] }, /^application\/octet-stream$/],
    ["ArrayBuffer", new Uint8Array([7]).buffer, { bytes: [7] }, /^application\/octet-stream$/],
    ["typed Blob", new Blob(["a,b"], { type: "text/csv" }), "a,b", /^text\/csv$/],
    [
      "untyped Blob",
      new Blob([new Uint8Array([1])]),
      { bytes: [1] },
      /^application\/octet-stream$/,
    ],
    [
      "URLSearchParams",
      new URLSearchParams("a=1&a=x y"),
      { a: ["1", "x y"] },
      /^application\/x-www-form-urlencoded/,
    ],
    [
      "FormData",
      form,
      { name: "Ada", file: { file: "a.txt", type: "text/plain", text: "abc" } },
      /^multipart\/form-data; boundary=/,
    ],
  ];
  for (const [label, body, expected, type] of cases) {
    const [, data] = await c.post_echo(body);
    assert.deepEqual(data.body, expected, label);
    assert.match(data.type, type, label);
  }
});

// ---------------------------------------------------------------- answers

function answerServer() {
  const bytes = new Uint8Array([0x89, 0x50, 0x4e, 0x47]);
  return makeServer()
    .addGetEndpoint("text", () => "hello")
    .addGetEndpoint("number", () => 2.5)
    .addGetEndpoint("boolean", () => true)
    .addGetEndpoint("null", () => null)
    .addGetEndpoint("undefined", () => undefined)
    .addGetEndpoint("bytes", () => bytes)
    .addGetEndpoint("nested_bytes", () => ({ png: bytes }))
    .addGetEndpoint("declared", () => [1], { resultMimetype: "application/vnd.list+json" })
    .addGetEndpoint("png", () => rawPayload(bytes, "image/png"))
    .addGetEndpoint("raw_default", () => rawPayload(bytes))
    .addGetEndpoint("csv", () => rawPayload("a,b\n1,2\n", "text/csv"))
    .addGetEndpoint(
      "latin1",
      () => rawPayload(new Uint8Array([0x63, 0xe9]), "text/plain; charset=iso-8859-1"),
    )
    .addGetEndpoint(
      "raw_json",
      () => rawPayload('{"status":"success","mimetype":"x","result":1}', "application/json"),
    )
    .addGetEndpoint("raw_bad_json", () => rawPayload("{oops", "application/json"))
    .addPostEndpoint("html", () => rawPayload("<b>hi</b>", "text/html"));
}

Deno.test("web client: envelopes resolve to [mimetype, result]; bytes stay base64 strings", async () => {
  await using h = serve(answerServer());
  const c = await client<ReturnType<typeof answerServer>>(h.url);
  const base64 = new Uint8Array([0x89, 0x50, 0x4e, 0x47]).toBase64();
  const table: [WebResult, WebResult][] = [
    [await c.text(), ["text/plain", "hello"]],
    [await c.number(), ["application/json", 2.5]],
    [await c.boolean(), ["application/json", true]],
    [await c.null(), ["application/json", null]],
    [await c.undefined(), ["application/json", null]],
    [await c.bytes(), ["application/octet-stream", base64]],
    [await c.nested_bytes(), ["application/json", { png: base64 }]],
    [await c.declared(), ["application/vnd.list+json", [1]]],
  ];
  for (const [got, expected] of table) assert.deepEqual(got, expected);
});

Deno.test("web client: raw payloads resolve to [contentType, data] decoded by type", async () => {
  await using h = serve(answerServer());
  const c = await client<ReturnType<typeof answerServer>>(h.url);
  const [pngType, png] = await c.png();
  assert.equal(pngType, "image/png");
  assert.ok(png instanceof Uint8Array);
  assert.deepEqual([...png], [0x89, 0x50, 0x4e, 0x47]);
  const [defaultType, raw] = await c.raw_default();
  assert.equal(defaultType, "application/octet-stream");
  assert.ok(raw instanceof Uint8Array);
  assert.deepEqual(await c.csv(), ["text/csv; charset=utf-8", "a,b\n1,2\n"]);
  assert.deepEqual(await c.latin1(), ["text/plain; charset=iso-8859-1", "cé"]);
  assert.deepEqual(await c.html(), ["text/html; charset=utf-8", "<b>hi</b>"]);
  // A raw JSON payload is parsed, and never mistaken for an envelope even when shaped like one.
  assert.deepEqual(await c.raw_json(), [
    "application/json",
    { status: "success", mimetype: "x", result: 1 },
  ]);
  await assert.rejects(() => c.raw_bad_json(), (e) => {
    assert.ok(e instanceof RemoteError);
    assert.match(e.message, /not valid JSON/);
    return true;
  });
});

// ---------------------------------------------------------------- errors

function errorServer() {
  return makeServer()
    .addGetEndpoint("throws", () => {
      throw new RangeError("x must be positive");
    })
    .addGetEndpoint("busy", () => {
      throw new OperationInProgress("still measuring", 1.5);
    })
    .addPostEndpoint("busy_post", () => {
      throw new OperationInProgress("still measuring", 0.25);
    })
    .addGetEndpoint("not_started", () => {
      throw new InvalidServerState("call generate_data first");
    })
    .addPostEndpoint("json_only", () => "ok");
}

Deno.test("web client: errors reject exactly as RPC errors do", async () => {
  await using h = serve(errorServer());
  const c = await client<ReturnType<typeof errorServer>>(h.url);
  await assert.rejects(() => c.throws(), (e) => {
    assert.ok(e instanceof RemoteError);
    assert.equal(e.type, "RangeError");
    assert.equal(e.status, 500);
    assert.match(e.message, /x must be positive/);
    return true;
  });
  for (const [call, retryAfter] of [[() => c.busy(), 1.5], [() => c.busy_post(), 0.25]] as const) {
    await assert.rejects(call, (e) => {
      assert.ok(e instanceof OperationInProgress);
      assert.equal(e.retryAfter, retryAfter);
      assert.equal(e.message, "still measuring");
      return true;
    });
  }
  await assert.rejects(() => c.not_started(), (e) => {
    assert.ok(e instanceof InvalidServerState);
    assert.equal(e.message, "call generate_data first");
    return true;
  });
  const untyped = await client(h.url);
  await assert.rejects(() => untyped.no_such_endpoint(), (e) => {
    assert.ok(e instanceof RemoteError);
    assert.equal(e.status, 404);
    return true;
  });
});

Deno.test("web client: a server-side 400 reaches the client as a RemoteError", async () => {
  const server = makeServer().addPostEndpoint("strict", (_p, body) => body);
  await using h = serve(server);
  const c = await client(h.url);
  // A Blob that claims to be JSON but is not: the server must refuse it, not read bytes.
  await assert.rejects(() => c.strict(new Blob(["{nope"], { type: "application/json" })), (e) => {
    assert.ok(e instanceof RemoteError);
    assert.equal(e.type, "BadRequest");
    assert.equal(e.status, 400);
    return true;
  });
});

Deno.test("web client: $call reaches web endpoints by name", async () => {
  await using h = serve(echoServer());
  const c = await client(h.url);
  const [, data] = await c.$call("post_echo", "text", { q: "1" });
  assert.deepEqual(data.params, { q: "1" });
  assert.equal(data.body, "text");
});

Deno.test("web client: envelopes from a server that does not mark raw payloads", async () => {
  // A stand-in for the Python TARP: same routes and envelopes, no x-tarp-payload header.
  const bare = Deno.serve({ port: 0, hostname: "127.0.0.1", onListen() {} }, (req) => {
    const path = new URL(req.url).pathname;
    const json = (v: unknown, status = 200) =>
      new Response(JSON.stringify(v), { status, headers: { "content-type": "application/json" } });
    if (path === "/") {
      const entry = (name: string) => ({ name, description: "", query_params: null });
      return json({
        status: "success",
        mimetype: "application/json",
        result: { GET: ["env", "plain_json", "busy"].map(entry), POST: [], RPC: [], ASYNCRPC: [] },
      });
    }
    if (path === "/env") {
      return json({ status: "success", mimetype: "application/json", result: 7 });
    }
    if (path === "/plain_json") return json({ just: "data" });
    return new Response(
      JSON.stringify({ status: "error", type: "OperationInProgress", message: "wait" }),
      { status: 503, headers: { "content-type": "application/json", "retry-after": "2.5" } },
    );
  });
  try {
    const c = await client(`http://127.0.0.1:${bare.addr.port}`);
    assert.deepEqual(await c.env(), ["application/json", 7]);
    assert.deepEqual(await c.plain_json(), ["application/json", { just: "data" }]);
    await assert.rejects(() => c.busy(), (e) => {
      assert.ok(e instanceof OperationInProgress);
      assert.equal(e.retryAfter, 2.5); // a float Retry-After (the Python client crashed on it)
      return true;
    });
  } finally {
    await bare.shutdown();
  }
});

// ---------------------------------------------------------------- types

Deno.test("web client: the typed client types web methods", async () => {
  const server = makeServer()
    .addGetEndpoint("g", () => 1)
    .addPostEndpoint("p", () => 1)
    .addRPCEndpoint("add", (a: number, b: number) => a + b);
  await using h = serve(server);
  const c = await client<typeof server>(h.url);
  const g: WebResult = await c.g({ a: 1, b: ["x", true] });
  const p: WebResult = await c.p(new Uint8Array([1]), { a: 1 });
  const sum: number = await c.add(1, 2);
  assert.deepEqual([g, p, sum], [["application/json", 1], ["application/json", 1], 3]);
  // Compile-time checks only: deno test type-checks this file, and these lines must not compile.
  if (Math.random() > 2) {
    // @ts-expect-error: a GET endpoint takes only the query
    c.g({}, {});
    // @ts-expect-error: query values are strings, numbers, booleans or arrays of them
    c.g({ when: new Date() });
    // @ts-expect-error: the query is an object
    c.p({}, "a=1");
    // @ts-expect-error: the answer is [mimetype, data], not a number
    c.g() satisfies Promise<number>;
  }
});

// ---------------------------------------------------------------- the examples

const ROOT = new URL("../../", import.meta.url);
const CONFIG = new URL("deno.json", ROOT).pathname;

/** Starts an example server on a free port; resolves once it prints its URL. */
function startExample(file: string) {
  return spawnServer(file, { args: ["--port", "0"] });
}

async function runExampleClient(file: string, url: string, cwd: string, extra: string[] = []) {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "--config", CONFIG, new URL(file, ROOT).pathname, "--url", url, ...extra],
    cwd,
  }).output();
  const text = new TextDecoder().decode(out.stdout) + new TextDecoder().decode(out.stderr);
  assert.equal(out.code, 0, text);
  return text;
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

function assertSinePlot(png: Uint8Array): void {
  assert.deepEqual([...png.subarray(0, 8)], PNG_SIGNATURE);
  const image = decodePng(png);
  assert.equal(image.width, 800);
  assert.equal(image.height, 400);
  // The curve is drawn in blue: some pixels are clearly blue, most are white background.
  let blue = 0;
  let white = 0;
  for (let i = 0; i < image.data.length; i += image.channels) {
    const [r, g, b] = [image.data[i], image.data[i + 1], image.data[i + 2]];
    if (b > 150 && r < 80) blue++;
    if (r === 255 && g === 255 && b === 255) white++;
  }
  assert.ok(blue > 1000, `only ${blue} blue pixels`);
  assert.ok(white > (image.width * image.height) / 2);
}

Deno.test("examples: the seed's three URLs work as a browser types them", async () => {
  await using server = await startExample("examples/sine_server.ts");
  const set = await fetch(`${server.url}/set_params?lower=0&upper=3.14159`);
  assert.deepEqual(await set.json(), {
    status: "success",
    mimetype: "application/json",
    result: { lower: 0, upper: 3.14159 },
  });
  const data = await (await fetch(`${server.url}/get_data`)).json();
  assert.equal(data.status, "success");
  assert.equal(data.result.x.length, 100);
  assert.equal(data.result.x[0], 0);
  assert.equal(data.result.x[99], 3.14159);
  assert.equal(data.result.y[50], Math.sin(data.result.x[50]));
  const plot = await fetch(`${server.url}/get_plot`);
  assert.equal(plot.headers.get("content-type"), "image/png");
  assertSinePlot(new Uint8Array(await plot.arrayBuffer()));
  const bad = await fetch(`${server.url}/set_params?lower=abc`);
  assert.equal(bad.status, 400);
  assert.match((await bad.json()).message, /lower must be one number/);
});

Deno.test("examples: sine_client.ts saves sine_wave.png, a PNG that decodes", async () => {
  await using server = await startExample("examples/sine_server.ts");
  const dir = await Deno.makeTempDir();
  try {
    const out = await runExampleClient("examples/sine_client.ts", server.url, dir);
    assert.match(out, /saved sine_wave\.png \(image\/png/);
    assertSinePlot(await Deno.readFile(`${dir}/sine_wave.png`));
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("examples: the long-running pattern retries on OperationInProgress", async () => {
  await using server = await startExample("examples/long_running_server.ts");
  const dir = await Deno.makeTempDir();
  try {
    const out = await runExampleClient("examples/long_running_client.ts", server.url, dir, [
      "--seconds",
      "0.3",
    ]);
    assert.match(out, /before starting: Nothing was started/);
    assert.match(out, /Retrying in [\d.]+ s/);
    assert.match(out, /ready: application\/json, 50 points/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
  // And on the wire: 503 + Retry-After while running.
  const start = await fetch(`${server.url}/generate_data?seconds=30`, { method: "POST" });
  assert.equal(start.status, 200);
  await start.body?.cancel();
  const busy = await fetch(`${server.url}/get_data`);
  assert.equal(busy.status, 503);
  assert.ok(Number(busy.headers.get("retry-after")) >= 1);
  assert.equal((await busy.json()).type, "OperationInProgress");
  const bad = await fetch(`${server.url}/generate_data?seconds=-1`, { method: "POST" });
  assert.equal(bad.status, 400);
  await bad.body?.cancel();
});
