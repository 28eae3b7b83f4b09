// Helpers for the job tests: raw-HTTP job calls and polling until a job reaches a status. Each
// takes the test server (`serve` or `local` from _serve.ts) and sends through its `fetch`.
import type { ProbeResult } from "../jobs/mod.ts";

/** What the helpers need of a test server: its URL and the fetch that reaches it. */
export interface Target {
  readonly url: string;
  fetch(input: string, init?: RequestInit): Promise<Response>;
}

/** Starts a job with a raw JSON POST; answers the 202 envelope's result. */
export async function submit(
  h: Target,
  name: string,
  args: unknown[] = [],
): Promise<{ ID: string; suggested_wait: number }> {
  const res = await h.fetch(`${h.url}/${name}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ args }),
  });
  const body = await res.json();
  if (res.status !== 202) throw new Error(`submit ${name}: ${res.status} ${JSON.stringify(body)}`);
  return body.result;
}

/** GET /asyncProbe for a job. */
export async function probe(h: Target, id: string): Promise<ProbeResult> {
  const res = await h.fetch(`${h.url}/asyncProbe?UUID=${id}`);
  const body = await res.json();
  if (res.status !== 200) throw new Error(`probe: ${res.status} ${JSON.stringify(body)}`);
  return body.result;
}

/** Probes every few milliseconds until `until` holds for the probe (a hang guard gives up). */
export async function probeUntil(
  h: Target,
  id: string,
  until: (p: ProbeResult) => boolean,
): Promise<ProbeResult> {
  for (let i = 0; i < 4000; i++) {
    const p = await probe(h, id);
    if (until(p)) return p;
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error(`job ${id} never reached the expected state`);
}

/** Probes until the job has the given status. */
export function statusIs(
  h: Target,
  id: string,
  status: ProbeResult["status"],
): Promise<ProbeResult> {
  return probeUntil(h, id, (p) => p.status === status);
}

/** GETs a path of the server (or a full URL) and answers status, headers and the parsed JSON. */
export async function getJson(
  h: Target,
  path: string,
  init: RequestInit = {},
): Promise<{ status: number; headers: Headers; body: Record<string, unknown> }> {
  const res = await h.fetch(path.startsWith("/") ? h.url + path : path, init);
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : {} };
}
