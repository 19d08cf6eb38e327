/** What `bench/results.json` holds. */
export type BenchResults = {
  machine: Record<string, unknown>;
  results: Record<string, { p50_us: number; p99_us: number; ops_per_s: number }>;
  ratios: Record<string, number>;
};

/**
 * The README's benchmark table, rendered from `bench/results.json` (the bench writes both; a test
 * checks they agree).
 *
 * @example
 * renderBenchTable(JSON.parse(readFileSync("bench/results.json", "utf8")))
 */
export function renderBenchTable(r: BenchResults): string {
  const m = r.machine;
  const rows = Object.entries(r.results).map(([k, v]) => `| \`${k}\` | ${v.p50_us} | ${v.p99_us} | ${v.ops_per_s} |`);
  const ratios = Object.entries(r.ratios).map(([k, v]) => `| \`${k}\` | ${v} | ${v <= 0.5 ? "✅" : "❌"} |`);
  const k = m.kill_switch as { date?: unknown; arms?: unknown; signatures_per_variant?: unknown } | undefined;
  return [
    `Measured ${String(m.date).slice(0, 10)} on ${String(m.cpu)}, ${String(m.cores)} cores, Node ${String(m.node)}, ${String(m.orders_per_run)} orders per variant.`,
    ...(k
      ? [
          `\`kill_switch_*\` and \`*_heartbeat_*\` measured ${String(k.date).slice(0, 10)}: ${String(k.arms)} arms per scope (ops/s: arms per second, one at a time), ${String(k.signatures_per_variant)} signatures per heartbeat variant.`,
        ]
      : []),
    "",
    "| benchmark | p50 µs | p99 µs | ops/s |",
    "| --- | ---: | ---: | ---: |",
    ...rows,
    "",
    "| ratio (b)/(a): mean time per signature, or p50 where named | value | ≤ 0.5 |",
    "| --- | ---: | :---: |",
    ...ratios,
  ].join("\n");
}
