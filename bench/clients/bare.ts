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
    job: async (a, b) => {
      const { ID } = await call("/jobs/add_job", [a, b]);
      return (await answer(await fetch(`${url}/jobs/${ID}`, { headers: { accept: CBOR } }))).result;
    },
  });
}
