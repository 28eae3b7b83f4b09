// A CPU-bound job function in a module of its own. A job worker imports the module that defines
// an async endpoint's function; docs/jobs.md registers this one.
import { progress } from "@tarp/tarp/jobs";

/** The integral of sin over [0, π] by the midpoint rule (2 when exact), reporting progress. */
export function integrate(steps: number): number {
  const h = Math.PI / steps;
  let sum = 0;
  for (let i = 0; i < steps; i++) {
    sum += Math.sin((i + 0.5) * h) * h;
    if (i % 100_000 === 0) progress(i / steps, `step ${i} of ${steps}`);
  }
  return sum;
}
