// A property-based fuzzer driven by /openapi.json, against every example server: for every
// operation, valid requests (made from the declared schemas) and mutated ones get only the
// statuses the document declares, with bodies that validate against the declared schemas.
import { fc } from "./_deps.ts";
import { checkAnswer, deref, type Json } from "./_check.ts";
import { requestArbitrary } from "./_requests.ts";
import { EXAMPLES, openApiOf, start } from "./_examples.ts";

/** Requests per operation (TARP_FUZZ_RUNS overrides). */
const RUNS = Number(Deno.env.get("TARP_FUZZ_RUNS") ?? 100);
const METHODS = ["get", "post", "put", "delete", "patch"];

for (const example of EXAMPLES) {
  Deno.test(`fuzzing ${example.file}: only declared statuses, bodies match their schemas`, async () => {
    await using server = await start(example);
    const doc = deref(await openApiOf(server.url, example));
    const statuses: Record<string, number> = {};
    let operations = 0;
    for (const [path, item] of Object.entries(doc.paths as Record<string, Json>)) {
      for (const method of METHODS.filter((m) => item[m])) {
        operations++;
        const operation = item[method];
        await fc.assert(
          fc.asyncProperty(requestArbitrary(path, method, operation, example.token), async (r) => {
            const res = await fetch(server.url + r.target, {
              method: r.method,
              headers: r.headers,
              body: r.body,
            });
            statuses[res.status] = (statuses[res.status] ?? 0) + 1;
            const problems = await checkAnswer(operation, res);
            if (problems.length) {
              throw new Error(`${r.method} ${r.target} (${r.note}): ${problems.join("; ")}`);
            }
          }),
          { numRuns: RUNS },
        );
      }
    }
    const total = Object.values(statuses).reduce((a, b) => a + b, 0);
    console.log(
      `${operations} operations × ${RUNS} requests (${total} sent): ${JSON.stringify(statuses)}`,
    );
  });
}
