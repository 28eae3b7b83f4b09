// Helpers for the job tests: raw-HTTP job calls and polling until a job reaches a status.
import type { ProbeResult } from "../jobs/mod.ts";

/** Starts a job with a raw JSON POST; answers the 202 envelope's result. */
export async function submit(
  url: string,
  name: string,
  args: unknown[] = [],
): Promise<{ ID: string; suggested_wait: number }> {
  const res = await fetch(`${url}/${name}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ args }),
  });
  const body = await res.json();
  if (res.status !== 202) throw new Error(`submit ${name}: ${res.status} ${JSON.stringify(body)}`);
  return body.result;
}

/** GET /asyncProbe for a job. */
export async function probe(url: string, id: string): Promise<ProbeResult> {
  const res = await fetch(`${url}/asyncProbe?UUID=${id}`);
  const body = await res.json();
  if (res.status !== 200) throw new Error(`probe: ${res.status} ${JSON.stringify(body)}`);
  return body.result;
}

/** Probes every few milliseconds until `until` holds for the probe (a hang guard gives up). */
export async function probeUntil(
  url: string,
  id: string,
  until: (p: ProbeResult) => boolean,
): Promise<ProbeResult> {
  for (let i = 0; i < 4000; i++) {
    const p = await probe(url, id);
    if (until(p)) return p;
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error(`job ${id} never reached the expected state`);
}

/** Probes until the job has the given status. */
export function statusIs(
  url: string,
  id: string,
  status: ProbeResult["status"],
): Promise<ProbeResult> {
  return probeUntil(url, id, (p) => p.status === status);
}

/** GETs a URL and answers status, headers and the parsed JSON body. */
export async function getJson(
  url: string,
  init: RequestInit = {},
): Promise<{ status: number; headers: Headers; body: Record<string, unknown> }> {
  const res = await fetch(url, init);
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : {} };
}
