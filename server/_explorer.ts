// The explorer: GET / for a browser (Accept: text/html) answers a page, served entirely by this
// server (no CDN, no external font or script), that lists the endpoints, calls them, shows their
// results and follows jobs. Its style and script are strings in _explorer/; the endpoints' data is
// embedded in the page as JSON.
import { describeError } from "../_wire/errors.ts";
import { VERSION } from "../_wire/version.ts";
import type { Registry } from "./_registry.ts";
import { inputJsonSchema } from "./_schema.ts";
import { STYLE } from "./_explorer/style.ts";
import { SCRIPT_CORE } from "./_explorer/script_core.ts";
import { SCRIPT_FORMS } from "./_explorer/script_forms.ts";
import { SCRIPT_JOBS } from "./_explorer/script_jobs.ts";

const SCRIPT = SCRIPT_CORE + SCRIPT_FORMS + SCRIPT_JOBS;

/**
 * True when the request asks for HTML before JSON: a browser's address bar does; fetch, curl and
 * the TARP clients do not, and keep the JSON discovery document.
 */
export function wantsHtml(req: Request): boolean {
  const accept = req.headers.get("accept");
  if (!accept) return false;
  const weights = new Map<string, number>();
  for (const part of accept.toLowerCase().split(",")) {
    const [type, ...params] = part.trim().split(";");
    const q = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
    const weight = q === undefined ? 1 : Number(q.slice(2));
    weights.set(type.trim(), Number.isFinite(weight) ? weight : 0);
  }
  const html = weights.get("text/html") ?? 0;
  const json = Math.max(weights.get("application/json") ?? 0, weights.get("application/cbor") ?? 0);
  return html > 0 && html >= json;
}

// Only this server's own script (by its hash) and style may run; requests go to this server only.
let policy: Promise<string> | undefined;
function contentSecurityPolicy(): Promise<string> {
  return policy ??= crypto.subtle.digest("SHA-256", new TextEncoder().encode(SCRIPT)).then(
    (hash) => {
      const base64 = btoa(String.fromCharCode(...new Uint8Array(hash)));
      return `default-src 'none'; script-src 'sha256-${base64}'; style-src 'unsafe-inline'; ` +
        "img-src 'self' blob: data:; connect-src 'self'; form-action 'self'; " +
        "base-uri 'none'; frame-ancestors 'none'";
    },
  );
}

/** The endpoints as the page needs them: discovery's entries plus their input JSON Schemas. */
function pageData(registry: Registry, hasToken: boolean) {
  const discovery = registry.discovery();
  const endpoints = registry.all().map((e) => {
    const list = e.kind === "rpc"
      ? discovery.RPC
      : e.kind === "async"
      ? discovery.ASYNCRPC
      : e.kind === "get"
      ? discovery.GET
      : discovery.POST;
    const entry = list.find((x) => x.name === e.name);
    return { ...entry, kind: e.kind, input_schema: inputJsonSchema(e) ?? null };
  });
  return { endpoints, version: VERSION, token: hasToken };
}

// JSON inside <script>: "<" escaped so no string can close the element.
const embed = (value: unknown) => JSON.stringify(value).replace(/</g, "\\u003c");

/** The explorer page. */
export async function explorerPage(registry: Registry, hasToken: boolean): Promise<Response> {
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>TARP explorer</title><style>${STYLE}</style></head>
<body>
<header><h1>TARP explorer</h1><span class="muted">tarp-deno ${VERSION}</span>
<nav><a href="openapi.json">openapi.json</a> <a href="health">health</a></nav></header>
<div id="fatal" class="error" hidden></div>
<noscript><p class="error">The explorer needs JavaScript. The JSON discovery document is at
this URL with Accept: application/json.</p></noscript>
<main><aside id="toc"></aside><section id="endpoints"></section></main>
<section id="jobs-panel"><h2>Jobs <button id="jobs-refresh" type="button">Refresh</button></h2>
<div id="jobs"><p class="muted">No jobs yet.</p></div></section>
<script type="application/json" id="tarp-data">${embed(pageData(registry, hasToken))}</script>
<script>${SCRIPT}</script>
</body></html>`;
  return htmlResponse(html, 200, await contentSecurityPolicy());
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * An error on `GET /` for a browser, as a page: the envelope's type and message (never a blank
 * page), and for a token server a field to hand the token over with `?token=`.
 */
export function explorerError(err: unknown, req: Request, exposeStack: boolean) {
  if (new URL(req.url).pathname !== "/" || req.method !== "GET" || !wantsHtml(req)) return;
  const { status, envelope, details } = describeError(err, exposeStack);
  const tokenForm = envelope.type === "Unauthorized"
    ? `<form method="get" action=""><label>Token <input name="token" type="password" ` +
      `autocomplete="off" size="48"></label> <button>Open</button></form>`
    : "";
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>TARP explorer: ${escapeHtml(envelope.type)}</title><style>${STYLE}</style></head><body>
<header><h1>TARP explorer</h1></header>
<div class="error" id="error"><b>${escapeHtml(envelope.type)}</b>: ${
    escapeHtml(envelope.message)
  }</div>${tokenForm}</body></html>`;
  const res = htmlResponse(html, status, "default-src 'none'; style-src 'unsafe-inline'");
  if (details.header) res.headers.set(details.header[0], details.header[1]);
  return res;
}

function htmlResponse(html: string, status: number, csp: string): Response {
  return new Response(html, {
    status,
    headers: {
      "content-type": "text/html; charset=utf-8",
      "content-security-policy": csp,
      "cache-control": "no-store",
      "x-content-type-options": "nosniff",
      "referrer-policy": "no-referrer",
    },
  });
}
