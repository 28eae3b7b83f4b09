// The Redis benchmark's baseline worker: BullMQ alone, no TARP. A process that takes jobs from
// `queue` and answers each at once.
// Usage: deno run -A bench/_redis_bare_worker.ts <redis port> <queue> <concurrency>
import { Worker } from "bullmq";

const [port, queue, concurrency] = Deno.args;
const worker = new Worker(queue, (job) => Promise.resolve(job.data.a + job.data.b), {
  connection: { host: "127.0.0.1", port: Number(port), maxRetriesPerRequest: null },
  concurrency: Number(concurrency),
});
worker.on("error", () => {});
await worker.waitUntilReady();
console.log("ready");
Deno.addSignalListener("SIGTERM", async () => {
  await worker.close();
  Deno.exit(0);
});
