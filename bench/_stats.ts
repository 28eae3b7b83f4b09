// Statistics for rows measured in interleaved rounds. These machines drift by up to 2x within a
// minute, so a row never compares figures taken minutes apart: each round measures every variant
// for a short block, each round gives each variant a ratio to bare from that same round, and the
// row reports the median of those ratios.
/** The median of `values` (not modified). */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** The p-th quantile (0…1) of `values`, nearest-rank. */
export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))];
}

/** Per variant (a server setup, such as "tarp" or "bare"), one figure per round. */
export type Rounds = Partial<Record<string, number[]>>;

/**
 * Runs `rounds` rounds; each measures every variant once, in an order rotated every round so that
 * no variant always runs right after another (or first, on a cooler machine).
 */
export async function interleave<K extends string>(
  variants: K[],
  rounds: number,
  measure: (variant: K, round: number) => Promise<number>,
): Promise<Rounds> {
  const figures: Rounds = {};
  for (let round = 0; round < rounds; round++) {
    for (let i = 0; i < variants.length; i++) {
      const variant = variants[(i + round) % variants.length];
      (figures[variant] ??= []).push(await measure(variant, round));
    }
  }
  return figures;
}

/**
 * `variant`'s ratio to bare in each round, oriented so that above 1 is better than bare:
 * figure/bare when higher is better (throughput), bare/figure otherwise (latency, memory).
 */
export function ratiosToBare(
  figures: Rounds,
  variant: string,
  higherIsBetter: boolean,
): number[] | undefined {
  const mine = figures[variant];
  const bare = figures.bare;
  if (!mine || !bare) return undefined;
  return mine.map((x, i) => higherIsBetter ? x / bare[i] : bare[i] / x);
}
