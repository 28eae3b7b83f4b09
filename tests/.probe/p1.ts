import { makeServer, runServer } from "/work/main/mod.ts";
const server = makeServer({ jobs: "inline", cors: "http://a.example", maxBodyBytes: 1000 })
  .addGetEndpoint("g", (p, b) => ({ p, b }))
  .addPostEndpoint("p", (p, b) => ({ p, b: b instanceof Uint8Array ? [...b] : b }))
  .addRPCEndpoint("add", (a: number, b: number) => a + b)
  .addAsyncRPCEndpoint("slow", async (ms: number) => { await new Promise(r => setTimeout(r, ms)); return ms; });
const h = runServer(server, { port: 0, bindTo: "127.0.0.1", quiet: true });
const base = h.url.replace(/\/$/, "");
const port = new URL(base).port;
async function raw(req: string | Uint8Array): Promise<string> {
  const conn = await Deno.connect({ hostname: "127.0.0.1", port: Number(port) });
  await conn.write(typeof req === "string" ? new TextEncoder().encode(req) : req);
  const chunks: Uint8Array[] = [];
  const buf = new Uint8Array(65536);
  const timer = setTimeout(() => { try { conn.close(); } catch {} }, 2000);
  try {
    for (;;) { const n = await conn.read(buf); if (n === null) break; chunks.push(buf.slice(0, n)); const s = new TextDecoder().decode(chunks.at(-1)); if (s.includes("}") ) break; }
  } catch {}
  clearTimeout(timer);
  try { conn.close(); } catch {}
  return new TextDecoder().decode(new Uint8Array(chunks.flatMap(c => [...c]))).replace(/\r\n/g, " | ").slice(0, 400);
}
async function f(label: string, path: string, init?: RequestInit) {
  try {
    const r = await fetch(base + path, init);
    const t = await r.text();
    console.log(label, r.status, [...r.headers].filter(([k]) => /allow|retry|access|vary/.test(k)).map(x => x.join("=")).join(" "), t.slice(0, 250));
  } catch (e) { console.log(label, "THREW", String(e)); }
}
await f("q-bad", "/g?a=%zz&b=%E9&c=%");
await f("q-proto", "/g?__proto__=1&constructor=2&toString=3");
await f("q-weird", "/g?&&=&=x&a==b");
await f("json-bad", "/p", { method: "POST", body: "{", headers: { "content-type": "application/json" } });
await f("json-deep", "/p", { method: "POST", body: "[".repeat(500) + "]".repeat(500), headers: { "content-type": "application/json" } });
await f("charset-bad", "/p", { method: "POST", body: "x", headers: { "content-type": "text/plain; charset=nope" } });
await f("charset-repl", "/p", { method: "POST", body: "x", headers: { "content-type": "text/plain; charset=replacement" } });
await f("charset-utf16", "/p", { method: "POST", body: new Uint8Array([0x61, 0]), headers: { "content-type": "text/plain; charset=utf-16le" } });
await f("invalid-utf8", "/p", { method: "POST", body: new Uint8Array([0xff]), headers: { "content-type": "text/plain" } });
await f("invalid-utf8-json", "/p", { method: "POST", body: new Uint8Array([0xff]), headers: { "content-type": "application/json" } });
await f("invalid-utf8-form", "/p", { method: "POST", body: new Uint8Array([0xff]), headers: { "content-type": "application/x-www-form-urlencoded" } });
await f("mp-noboundary", "/p", { method: "POST", body: "abc", headers: { "content-type": "multipart/form-data" } });
await f("mp-bad", "/p", { method: "POST", body: "--x\r\nfoo\r\n", headers: { "content-type": "multipart/form-data; boundary=x" } });
await f("mp-trunc", "/p", { method: "POST", body: '--x\r\nContent-Disposition: form-data; name="a"\r\n\r\nhello', headers: { "content-type": "multipart/form-data; boundary=x" } });
await f("mp-ok", "/p", { method: "POST", body: '--x\r\nContent-Disposition: form-data; name="__proto__"\r\n\r\nhello\r\n--x--\r\n', headers: { "content-type": "multipart/form-data; boundary=x" } });
await f("big", "/p", { method: "POST", body: "x".repeat(2000), headers: { "content-type": "text/plain" } });
await f("big-chunked", "/p", { method: "POST", body: new Blob(["x".repeat(2000)]).stream(), headers: { "content-type": "text/plain" } });
await f("get-body", "/g", { method: "GET", headers: { "content-length": "3" } });
await f("put", "/g", { method: "PUT" });
await f("delete-g", "/g", { method: "DELETE" });
await f("options", "/g", { method: "OPTIONS", headers: { origin: "http://a.example", "access-control-request-method": "DELETE" } });
await f("probe-noid", "/asyncProbe");
await f("probe-bad", "/asyncProbe?UUID=%zz");
await f("probe-bad2", "/asyncProbe?UUID=zz&UUID=yy");
await f("get-badwait", "/asyncGet?UUID=x&wait=abc");
await f("del-noid", "/jobs/", { method: "DELETE" });
await f("del-bad", "/jobs/%zz", { method: "DELETE" });
await f("del-bad2", "/jobs/%E9", { method: "DELETE" });
await f("del-extra", "/jobs/a/b", { method: "DELETE" });
await f("del-get", "/jobs/abc", { method: "GET" });
await f("post-async-bad", "/slow", { method: "POST", body: "{", headers: { "content-type": "application/json" } });
await f("post-async-args", "/slow", { method: "POST", body: '{"args": 5}', headers: { "content-type": "application/json" } });
await f("post-async-noargs", "/slow", { method: "POST", body: '{}', headers: { "content-type": "application/json" } });
await f("path-bad", "/%zz");
await f("path-bad2", "/%E9");
await f("path-long", "/" + "a".repeat(5000));
const r = await fetch(base + "/slow", { method: "POST", body: '{"args":[300]}', headers: { "content-type": "application/json" } });
const id = (await r.json()).result.ID;
await f("get-wait-huge", `/asyncGet?UUID=${id}&wait=1e3`);
await f("get-wait-big", `/asyncGet?UUID=${id}&wait=99999999999999999999999999999`);
await f("get-wait-neg", `/asyncGet?UUID=${id}&wait=-1`);
await f("get-wait-double", `/asyncGet?UUID=${id}&wait=1&wait=x`);
console.log("RAW", await raw("GET /g?a=%zz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"));
console.log("RAW2", await raw("GET /g?a=\xff HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"));
console.log("RAW3", await raw(new Uint8Array([...new TextEncoder().encode("GET /g?a="), 0xff, 0xfe, ...new TextEncoder().encode(" HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")])));
console.log("RAW4", await raw("POST /p HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\nzz\r\n"));
console.log("RAW5", await raw("GET /g HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n0\r\n\r\n"));
console.log("RAW6", await raw("POST /p HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999999999999999\r\nConnection: close\r\n\r\n"));
console.log("RAW7", await raw("GET /asyncProbe?UUID=%00 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"));
await h.shutdown();
console.log("done");
