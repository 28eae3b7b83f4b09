// CORS: off by default; on for any origin, or for listed origins, preflight included.
import assert from "node:assert/strict";
import { makeServer, OperationInProgress } from "../../mod.ts";
import { jobSignal } from "../../jobs/mod.ts";
import { serve } from "../_serve.ts";
import { failingServer } from "./_web.ts";

Deno.test("web: CORS is off by default: other origins are refused, preflights too", async () => {
  await using h = serve(failingServer());
  const res = await fetch(`${h.url}/get_only`, { headers: { origin: "http://elsewhere" } });
  assert.equal(res.status, 403);
  assert.equal(res.headers.get("access-control-allow-origin"), null);
  await res.body?.cancel();
  const preflight = await fetch(`${h.url}/get_only`, {
    method: "OPTIONS",
    headers: { origin: "http://elsewhere", "access-control-request-method": "GET" },
  });
  assert.equal(preflight.status, 403);
  assert.equal(preflight.headers.get("access-control-allow-origin"), null);
  await preflight.body?.cancel();
});

Deno.test("web: cors: true allows any origin, on answers and errors, with preflight", async () => {
  const server = makeServer({ cors: true })
    .addGetEndpoint("ok", () => 1)
    .addGetEndpoint("busy", () => {
      throw new OperationInProgress("wait", 1);
    });
  await using h = serve(server);
  const origin = { origin: "http://page.example" };
  for (const [path, status] of [["/ok", 200], ["/busy", 503], ["/nope", 404], ["/a/b", 404]]) {
    const res = await fetch(h.url + path, { headers: origin });
    assert.equal(res.status, status, String(path));
    assert.equal(res.headers.get("access-control-allow-origin"), "*", String(path));
    assert.match(res.headers.get("access-control-expose-headers") ?? "", /Retry-After/);
    await res.body?.cancel();
  }
  const preflight = await fetch(`${h.url}/ok`, {
    method: "OPTIONS",
    headers: {
      ...origin,
      "access-control-request-method": "POST",
      "access-control-request-headers": "content-type, x-custom",
    },
  });
  assert.equal(preflight.status, 204);
  assert.equal(preflight.headers.get("access-control-allow-origin"), "*");
  assert.match(preflight.headers.get("access-control-allow-methods") ?? "", /POST/);
  assert.equal(preflight.headers.get("access-control-allow-headers"), "content-type, x-custom");
  await preflight.body?.cancel();
});

Deno.test("web: with cors, a preflight allows DELETE, so a page can cancel a job", async () => {
  const server = makeServer({ cors: "http://page.example", jobs: "inline" })
    .addAsyncRPCEndpoint("sleep", () => {
      const signal = jobSignal(); // runs until cancelled
      return new Promise((_, reject) =>
        signal.addEventListener("abort", () => reject(signal.reason))
      );
    });
  await using h = serve(server);
  const origin = "http://page.example";
  const preflight = await fetch(`${h.url}/jobs/some-id`, {
    method: "OPTIONS",
    headers: { origin, "access-control-request-method": "DELETE" },
  });
  assert.equal(preflight.status, 204);
  assert.equal(preflight.headers.get("access-control-allow-origin"), origin);
  const methods = (preflight.headers.get("access-control-allow-methods") ?? "").split(/,\s*/);
  assert.ok(methods.includes("DELETE"), methods.join(", "));
  await preflight.body?.cancel();
  const started = await fetch(`${h.url}/sleep`, {
    method: "POST",
    headers: { origin, "content-type": "application/json" },
    body: JSON.stringify({ args: [] }),
  });
  const { ID } = (await started.json()).result;
  const cancelled = await fetch(`${h.url}/jobs/${ID}`, { method: "DELETE", headers: { origin } });
  assert.equal(cancelled.status, 200);
  assert.equal(cancelled.headers.get("access-control-allow-origin"), origin);
  assert.equal((await cancelled.json()).result.status, "cancelled");
});

Deno.test("web: cors with a list of origins allows only those", async () => {
  const server = makeServer({ cors: ["http://a.example", "http://b.example"] })
    .addGetEndpoint("ok", () => 1);
  await using h = serve(server);
  const allowed = await fetch(`${h.url}/ok`, { headers: { origin: "http://b.example" } });
  assert.equal(allowed.headers.get("access-control-allow-origin"), "http://b.example");
  assert.match(allowed.headers.get("vary") ?? "", /Origin/);
  await allowed.body?.cancel();
  const other = await fetch(`${h.url}/ok`, { headers: { origin: "http://evil.example" } });
  assert.equal(other.status, 403);
  assert.equal(other.headers.get("access-control-allow-origin"), null);
  await other.body?.cancel();
  const preflight = await fetch(`${h.url}/ok`, {
    method: "OPTIONS",
    headers: { origin: "http://evil.example", "access-control-request-method": "GET" },
  });
  assert.equal(preflight.headers.get("access-control-allow-origin"), null);
  assert.equal(preflight.headers.get("access-control-allow-methods"), null);
  await preflight.body?.cancel();
});
