// The baseline client: fetch and cbor-x with the same encoder settings as the bare server, and
// nothing else (no discovery, no checks, no timeouts).
import { Decoder, Encoder } from "cbor-x";
import type { Caller } from "./_caller.ts";

const encoder = new Encoder({ structuredClone: true, useRecords: false, tagUint8Array: true });
const decoder = new Decoder({ structuredClone: true, useRecords: false, mapsAsObjects: true });
const CBOR = "application/cbor";

/** Connects to the bare server (nothing to do before the first call). */
export function connect(url: string): Promise<Caller> {
  const answer = async (res: Response) => decoder.decode(new Uint8Array(await res.arrayBuffer()));
  const call = async (path: string, args: unknown[]) => {
    const body = encoder.encode({ args }) as Uint8Array<ArrayBuffer>;
    const res = await fetch(url + path, {
      method: "POST",
      headers: { "content-type": CBOR },
      body,
    });
    return (await answer(res)).result;
  };
  return Promise.resolve({
    add: (a, b) => call("/add", [a, b]),
    echo: (x) => call("/echo", [x]),
    // As the TARP client does: the start waits up to 5 ms, and a job done by then comes back
    // with its result; otherwise the result is fetched.
    job: async (a, b) => {
      const ticket = await call("/jobs/add_job?wait=0.005", [a, b]);
      if (ticket.status === "completed") return ticket.result;
      const res = await fetch(`${url}/jobs/${ticket.ID}`, { headers: { accept: CBOR } });
      return (await answer(res)).result;
    },
  });
}
