import { makeServer, runServer } from "/work/main/mod.ts";
const server = makeServer({ jobs: "inline", maxBodyBytes: 1000 })
  .addGetEndpoint("g", (p, b) => ({ p, b }))
  .addPostEndpoint("p", (p, b) => ({ p, b: b instanceof Uint8Array ? [...b] : b }));
const h = runServer(server, { port: 0, bindTo: "127.0.0.1", quiet: true });
const base = h.url.replace(/\/$/, "");
const port = Number(new URL(base).port);
async function raw(req: string): Promise<string> {
  const conn = await Deno.connect({ hostname: "127.0.0.1", port });
  await conn.write(new TextEncoder().encode(req));
  const chunks: number[] = [];
  const buf = new Uint8Array(65536);
  const timer = setTimeout(() => { try { conn.close(); } catch {} }, 1500);
  try { for (;;) { const n = await conn.read(buf); if (n === null) break; chunks.push(...buf.slice(0, n)); } } catch {}
  clearTimeout(timer);
  try { conn.close(); } catch {}
  return new TextDecoder().decode(new Uint8Array(chunks)).replace(/\r\n/g, " | ").slice(0, 400);
}
async function f(label: string, path: string, init?: RequestInit) {
  const r = await fetch(base + path, init);
  console.log(label, r.status, (await r.text()).slice(0, 250));
}
const mp = (b: string, hb: string) => f("mp " + JSON.stringify(b).slice(0,60), "/p", { method: "POST", body: b, headers: { "content-type": "multipart/form-data; boundary=" + hb } });
await mp('--y\r\nContent-Disposition: form-data; name="a"\r\n\r\nhello\r\n--y--\r\n', "x");
await mp('garbage', "x");
await mp('--x\r\nContent-Disposition: form-data; name="a"\r\n\r\nhello', "x");
await mp('--x\r\nContent-Disposition: form-data; name="a"\r\n\r\nhello\r\n--x--\r\n', "x");
await mp('--x\r\nContent-Disposition: form-data; name="a"; filename="f.txt"\r\nContent-Type: text/plain\r\n\r\nhello\r\n--x--\r\n', "x");
await mp('--x\r\nContent-Disposition: form-data\r\n\r\nhello\r\n--x--\r\n', "x");
await mp('--x\r\n\r\nhello\r\n--x--\r\n', "x");
console.log("GETBODY", await raw("GET /g HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nConnection: close\r\n\r\nabc"));
console.log("HEADBODY", await raw("HEAD /g HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nConnection: close\r\n\r\nabc"));
console.log("HEAD", await raw("HEAD /g?x=1 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"));
console.log("CT-odd", await raw("POST /p HTTP/1.1\r\nHost: x\r\nContent-Type: ;;;\r\nContent-Length: 1\r\nConnection: close\r\n\r\na"));
console.log("CT-empty", await raw("POST /p HTTP/1.1\r\nHost: x\r\nContent-Type: \r\nContent-Length: 1\r\nConnection: close\r\n\r\na"));
console.log("CT-json-cs", await raw("POST /p HTTP/1.1\r\nHost: x\r\nContent-Type: application/json; charset=\"\"\r\nContent-Length: 1\r\nConnection: close\r\n\r\n1"));
console.log("POST-nobody-ct", await raw("POST /p HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\n"));
console.log("POST-cl-mismatch", await raw("POST /p HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nContent-Length: 10\r\nConnection: close\r\n\r\nabc"));
console.log("OPTIONS-nocors", await raw("OPTIONS /g HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"));
await h.shutdown();
