// Statistics for rows measured in paired blocks. These machines drift by up to 2x within a minute
// (and other work on them comes and goes by the second), so a ratio never compares figures taken
// far apart: each variant's short block is paired with a bare block right before or after it, and
// a row reports the median of those pairs' ratios over many rounds.

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

/** Per variant (a server setup, such as "tarp"), its [figure, bare's figure] pairs. */
export type Pairs<T = number> = Partial<Record<string, [T, T][]>>;

/**
 * Runs `rounds` rounds. Each round measures every variant but bare once, each in a pair with a
 * bare block: bare first in one pair, second in the next (so neither side always runs on a machine
 * just warmed or cooled by the other), and the variants in an order rotated every round.
 */
export async function paired<K extends string, T>(
  variants: K[],
  rounds: number,
  measure: (variant: K | "bare") => Promise<T>,
): Promise<Pairs<T>> {
  const pairs: Pairs<T> = {};
  const others = variants.filter((v) => v !== "bare");
  for (let round = 0; round < rounds; round++) {
    for (let i = 0; i < others.length; i++) {
      const variant = others[(i + round) % others.length];
      let pair: [T, T];
      if ((round + i) % 2 === 0) {
        const bare = await measure("bare");
        pair = [await measure(variant), bare];
      } else {
        pair = [await measure(variant), await measure("bare")];
      }
      (pairs[variant] ??= []).push(pair);
    }
  }
  return pairs;
}

/** Pairs of measurements turned into pairs of figures, by `pick`. */
export function figures<T>(pairs: Pairs<T>, pick: (measured: T) => number): Pairs {
  return Object.fromEntries(
    Object.entries(pairs).map(([k, list]) => [k, list!.map(([a, b]) => [pick(a), pick(b)])]),
  );
}
