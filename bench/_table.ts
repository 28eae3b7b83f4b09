// The report: one markdown table, every row with TARP, bare, TARP's ratio to bare and the peers'
// ratios side by side, headed by the date, the machine and the command.
import { median, type Pairs, percentile } from "./_stats.ts";
import type { Variant } from "./_process.ts";

/** One row of the table. */
export interface Row {
  /** What was measured, as the table shows it. */
  name: string;
  /** Unit of the TARP and bare figures. */
  unit: string;
  /** TARP's figure (default options, request log on) and bare's: medians over rounds. */
  tarp: number;
  bare: number;
  /** Median ratios to bare, oriented so that above 1 is better than bare; absent: not measured. */
  ratios: Partial<Record<Variant, number>>;
  /** TARP's ratios' interquartile range over rounds (how much to trust a change), when measured. */
  spread: Partial<Record<Variant, [number, number]>>;
}

/** The columns after TARP and bare; `tarp` is TARP's own ratio. */
const RATIO_COLUMNS: [Variant, string][] = [
  ["tarp", "TARP ÷ bare"],
  ["quiet", "TARP `quiet` ÷ bare"],
  ["hono", "Hono + `hc`"],
  ["orpc", "oRPC"],
  ["trpc", "tRPC"],
  ["capnweb", "Cap'n Web"],
];

/**
 * A row from paired figures. Ratios are oriented so that above 1 is better than bare: figure/bare
 * when higher is better (throughput), bare/figure otherwise (latency, memory).
 */
export function rowOf(name: string, unit: string, pairs: Pairs, higherIsBetter: boolean): Row {
  const ratios: Row["ratios"] = {};
  const spread: Row["spread"] = {};
  for (const [variant] of RATIO_COLUMNS) {
    const list = pairs[variant];
    if (!list) continue;
    const perPair = list.map(([x, bare]) => higherIsBetter ? x / bare : bare / x);
    ratios[variant] = median(perPair);
    if (perPair.length >= 4 && (variant === "tarp" || variant === "quiet")) {
      spread[variant] = [percentile(perPair, 0.25), percentile(perPair, 0.75)];
    }
  }
  const tarp = median(pairs.tarp!.map(([x]) => x));
  const bare = median(Object.values(pairs).flatMap((list) => list!.map(([, b]) => b)));
  return { name, unit, tarp, bare, ratios, spread };
}

/** 12,345 for large figures, 3 significant digits for small ones. */
export function formatNumber(n: number): string {
  if (n >= 100) return Math.round(n).toLocaleString("en");
  return n >= 10 ? n.toFixed(1) : n.toFixed(2);
}

/** The machine, as the header states it: cores, CPU model, Deno and V8 versions. */
export async function machine(): Promise<string> {
  const cpuinfo = await Deno.readTextFile("/proc/cpuinfo").catch(() => "");
  const model = /^model name\s*:\s*(.+)$/m.exec(cpuinfo)?.[1].trim() ?? "unknown CPU";
  const cores = navigator.hardwareConcurrency;
  const { deno, v8 } = Deno.version;
  return `${cores} cores, ${model}, ${Math.round(Deno.systemMemoryInfo().total / 2 ** 30)} GiB, ` +
    `Deno ${deno} (V8 ${v8}), ${Deno.build.os}`;
}

/** The whole report as markdown: header lines, the table, then `notes` (one bullet each). */
export async function report(rows: Row[], command: string, notes: string[]): Promise<string> {
  const head = ["row", "TARP", "bare", ...RATIO_COLUMNS.map(([, title]) => title)];
  const lines = [
    `Date: ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC\\`,
    `Machine: ${await machine()}\\`,
    `Command: \`${command}\``,
    "",
    `| ${head.join(" | ")} |`,
    `| ${head.map((_, i) => i ? "---:" : "---").join(" | ")} |`,
  ];
  for (const row of rows) {
    const figure = (n: number) => `${formatNumber(n)} ${row.unit}`;
    const ratios = RATIO_COLUMNS.map(([v]) => {
      const [ratio, spread] = [row.ratios[v], row.spread[v]];
      if (ratio === undefined) return "–";
      return spread
        ? `${ratio.toFixed(2)} (${spread.map((r) => r.toFixed(2)).join("–")})`
        : ratio.toFixed(2);
    });
    lines.push(
      `| ${row.name} | ${figure(row.tarp)} | ${figure(row.bare)} | ${ratios.join(" | ")} |`,
    );
  }
  lines.push("", ...notes.map((note) => `- ${note}`));
  return lines.join("\n") + "\n";
}
