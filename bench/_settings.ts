// How long and how much each group measures: the full run, and `--quick`, a smoke run whose
// figures are noisy but which exercises every row (the test suite runs it).

/** Durations and counts for one run. */
export interface Settings {
  /** wrk's duration per block, whole seconds (wrk takes no fractions). */
  wrkSeconds: number;
  /** Rounds of wrk blocks (each round runs every variant). */
  wrkRounds: number;
  /** A wrk block per server before the rounds (JIT); 0 for none. */
  wrkWarmSeconds: number;
  /** Client blocks: milliseconds per block, and rounds. */
  blockMs: number;
  rounds: number;
  /** Milliseconds of each call a client makes before the rounds start (JIT, connections). */
  warmMs: number;
  /** The memory rows' loads: small calls, then jobs, in `samples` equal steps. */
  calls: number;
  jobs: number;
  samples: number;
}

/** `deno task bench`: about ten minutes. */
export const FULL: Settings = {
  // Short blocks, many rounds: a ratio's two figures are seconds apart, not a minute.
  wrkSeconds: 1,
  wrkRounds: 6,
  wrkWarmSeconds: 1,
  blockMs: 400,
  rounds: 8,
  warmMs: 1000,
  calls: 100_000,
  jobs: 10_000,
  samples: 10,
};

/** `deno task bench --quick`: a smoke run of every row. */
export const QUICK: Settings = {
  wrkSeconds: 1,
  wrkRounds: 1,
  wrkWarmSeconds: 0,
  blockMs: 200,
  rounds: 1,
  warmMs: 100,
  calls: 2_000,
  jobs: 200,
  samples: 2,
};
