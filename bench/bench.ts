// `deno task bench`: every benchmark row, TARP beside a bare baseline measured in the same run.
// Usage: deno task bench [--seconds N] [section...]   (sections: rpc, web, jobs, codec, memory)
import { printRows, type Row } from "./_harness.ts";

const SECTIONS: Record<string, () => Promise<{ run(seconds: number): Promise<Row[]> }>> = {
  rpc: () => import("./_rpc.ts"),
  web: () => import("./_web.ts"),
  jobs: () => import("./_jobs.ts"),
  codec: () => import("./_codec.ts"),
  memory: () => import("./_memory.ts"),
};

const args = [...Deno.args];
const at = args.indexOf("--seconds");
const seconds = at >= 0 ? Number(args.splice(at, 2)[1]) : 2;
const chosen = args.length ? args : Object.keys(SECTIONS);

const rows: Row[] = [];
for (const name of chosen) {
  if (!SECTIONS[name]) throw new Error(`Unknown section "${name}": ${Object.keys(SECTIONS)}`);
  console.log(`running ${name} (${seconds} s per measurement)…`);
  rows.push(...await (await SECTIONS[name]()).run(seconds));
}
printRows(rows);
Deno.exit(0);
