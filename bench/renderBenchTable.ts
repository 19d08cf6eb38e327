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
  // The Redis store's ratios are against the embedded store (target ≤ 1.5), the others against raw viem (≤ 0.5).
  const all = Object.entries(r.ratios);
  const ratios = all.filter(([k]) => !k.startsWith("redis_") && !k.startsWith("http_")).map(([k, v]) => `| \`${k}\` | ${v} | ${v <= 0.5 ? "✅" : "❌"} |`);
  // The target is for requests in flight; the sequential ratio (one Redis round trip per signature) has none.
  const redisRatios = all.filter(([k]) => k.startsWith("redis_")).map(([k, v]) => `| \`${k}\` | ${v} | ${k === "redis_vs_embedded" ? (v <= 1.5 ? "✅" : "❌") : "—"} |`);
  const k = m.kill_switch as { date?: unknown; arms?: unknown; signatures_per_variant?: unknown } | undefined;
  const redis = m.redis as RedisNotes | undefined;
  const http = m.http as HttpNotes | undefined;
  const safe = m.safe_module as SafeModuleNotes | undefined;
  const httpRatio = r.ratios.http_vs_inprocess;
  const fixedP99Ms = (r.results.http_sign_fixed_rate?.p99_us ?? Number.NaN) / 1000;
  return [
    `Measured ${String(m.date).slice(0, 10)} on ${String(m.cpu)}, ${String(m.cores)} cores, Node ${String(m.node)}, ${String(m.orders_per_run)} orders per variant.`,
    ...(k
      ? [
          `\`kill_switch_*\` and \`*_heartbeat_*\` measured ${String(k.date).slice(0, 10)}: ${String(k.arms)} arms per scope (ops/s: arms per second, one at a time), ${String(k.signatures_per_variant)} signatures per heartbeat variant.`,
        ]
      : []),
    ...(redis ? [redisLine(redis)] : []),
    ...(http ? [httpLine(http)] : []),
    ...(safe
      ? [
          `\`safe_module_*\` and their ratios measured ${safe.date.slice(0, 10)} in a full run at a load average of ${safe.load_average_1m} (against that run's raw viem rows): safe-module mode adds ${safe.setup_s} s of setup (its chain, the setup batch, the grant, one order checked per exchange) and ${safe.rows_s} s of rows (warm-up included) to the run.`,
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
    ...(redisRatios.length > 0 ? ["", "| ratio Redis store / embedded store, mean time per signature (`redis_vs_embedded`: 32 in flight) | value | ≤ 1.5 |", "| --- | ---: | :---: |", ...redisRatios] : []),
    ...(http && httpRatio !== undefined
      ? [
          "",
          "| HTTP signing (`http_*`) | value | target |",
          "| --- | ---: | :---: |",
          `| \`http_vs_inprocess\`: HTTP signatures/s with 32 connections ÷ in-process \`full_pipeline_concurrent32\` | ${httpRatio} | ≥ 0.7 ${httpRatio >= 0.7 ? "✅" : "❌"} |`,
          `| \`http_sign_fixed_rate\` p99 at ${http.rate} requests/s${http.fixed_rate_autocannon ? " (open loop)" : ""}, ms | ${fixedP99Ms} | ≤ 5 ${fixedP99Ms <= 5 ? "✅" : "❌"} |`,
        ]
      : []),
  ].join("\n");
}

/** What bench/http.ts notes in `machine.http`. */
type HttpNotes = {
  date: string;
  pinned: string;
  seconds: number;
  rate: number;
  log_level: string;
  load_average_1m?: number;
  inprocess_full_pipeline_concurrent32_ops_per_s: number;
  concurrent32: HttpCounts;
  fixed_rate: HttpCounts & { latency_split_us?: { send_lateness_p50_us: number; send_lateness_p99_us: number; from_send_p50_us: number; from_send_p99_us: number } };
  fixed_rate_autocannon?: HttpCounts;
  server_at_fixed_rate: { server_time_p50_ms?: number; server_time_p99_ms?: number; server_time_max_ms?: number; event_loop_delay_p99_ms: number; event_loop_delay_max_ms: number; event_loop_utilization: number; gc_count: number; gc_max_pause_ms: number; gc_total_pause_ms: number; cpu_us_per_request?: number };
  server_at_concurrent32?: { cpu_us_per_request: number };
  cost?: { livez: { median_us: number }; sign: { median_us: number }; inprocess: { median_us: number } };
};
type HttpCounts = { requests: number; signed: number; denied: number; non_2xx: number; errors: number; timeouts: number; generator_cpu_us_per_request?: number };

const ms = (us: number) => Math.round(us / 10) / 100;

function httpLine(n: HttpNotes): string {
  const c = (x: HttpCounts) => `${x.requests} requests, ${x.signed} signed, ${x.denied} denied, ${x.non_2xx} non-2xx, ${x.errors} errors`;
  const s = n.server_at_fixed_rate;
  if (!n.fixed_rate_autocannon) {
    // Runs before the open-loop generator: autocannon drove both rows.
    return (
      `\`http_*\` measured ${n.date.slice(0, 10)}: \`POST /v1/sign\` from autocannon in its own process, ${n.pinned}, every guard, embedded store (NORMAL), request logs at ${n.log_level}, each request a distinct order, ${n.seconds} s per run after a 3 s warm-up; ` +
      `\`http_sign_concurrent32\`: 32 connections (${c(n.concurrent32)}), against ${n.inprocess_full_pipeline_concurrent32_ops_per_s}/s in-process with 32 in flight in the same run; ` +
      `\`http_sign_fixed_rate\`: ${n.rate} requests/s (${c(n.fixed_rate)}); the server meanwhile: event-loop delay p99 ${s.event_loop_delay_p99_ms} ms (max ${s.event_loop_delay_max_ms} ms), utilisation ${s.event_loop_utilization}, ${s.gc_count} GCs, longest pause ${s.gc_max_pause_ms} ms, ${s.gc_total_pause_ms} ms in all.`
    );
  }
  const load = n.load_average_1m === undefined ? "" : ` at a load average of ${n.load_average_1m}`;
  const cost = n.cost
    ? ` Server CPU per request (median of 3 rounds at 32 connections or in flight): \`GET /livez\` ${n.cost.livez.median_us} µs, \`POST /v1/sign\` ${n.cost.sign.median_us} µs, the same orders signed in-process in the server process ${n.cost.inprocess.median_us} µs.`
    : "";
  const split = n.fixed_rate.latency_split_us;
  const parts = split
    ? ` (sent late by p50 ${ms(split.send_lateness_p50_us)} / p99 ${ms(split.send_lateness_p99_us)} ms, answered p50 ${ms(split.from_send_p50_us)} / p99 ${ms(split.from_send_p99_us)} ms after the send${s.server_time_p99_ms === undefined ? "" : `; inside the server, from the request's arrival to its response, p50 ${s.server_time_p50_ms} / p99 ${s.server_time_p99_ms} ms, max ${s.server_time_max_ms} ms`})`
    : "";
  return (
    `\`http_*\` measured ${n.date.slice(0, 10)}${load}: \`POST /v1/sign\` from a load generator in its own process, ${n.pinned}, every guard, embedded store (NORMAL), request logs at ${n.log_level}, each request a distinct order, ${n.seconds} s per run after a 3 s warm-up; ` +
    `\`http_sign_concurrent32\`: autocannon, 32 connections (${c(n.concurrent32)}), against ${n.inprocess_full_pipeline_concurrent32_ops_per_s}/s in-process with 32 in flight in the same run; ` +
    `\`http_sign_fixed_rate\`: the open-loop generator (\`bench/httpOpenLoop.ts\`${n.fixed_rate.generator_cpu_us_per_request === undefined ? "" : `, raw keep-alive connections, ${n.fixed_rate.generator_cpu_us_per_request} µs of its own CPU per request`}), ${n.rate} requests/s, each due at an exact interval and timed from then (${c(n.fixed_rate)})${parts}; ` +
    `\`http_sign_fixed_rate_autocannon\`: autocannon's \`overallRate\` at the same rate (${c(n.fixed_rate_autocannon)}); ` +
    `the server during the open-loop run: event-loop delay p99 ${s.event_loop_delay_p99_ms} ms (max ${s.event_loop_delay_max_ms} ms), utilisation ${s.event_loop_utilization}, ${s.gc_count} GCs, longest pause ${s.gc_max_pause_ms} ms, ${s.gc_total_pause_ms} ms in all, ${s.cpu_us_per_request ?? "?"} µs of CPU per request.${cost}`
  );
}

/** What bench/run.ts notes in `machine.safe_module`. */
type SafeModuleNotes = { date: string; load_average_1m: number; setup_s: number; rows_s: number };

/** What bench/redis.ts notes in `machine.redis`. */
type RedisNotes = {
  command_timeout_ms: number;
  signing_store_denials?: number;
  propagation_arms: number;
  hang: { stop_ms: number; requests_while_stopped: number; approvals_while_stopped: number; max_ms: number; resumed_after_ms: number };
  sigkill: { rounds: number; acknowledged_approvals: number; approvals_while_down: number; denials_while_down: number; chain_verified: boolean; recovery_max_ms: number; aof_fixes?: number };
};

function redisLine(n: RedisNotes): string {
  const { hang: h, sigkill: k } = n;
  return (
    `\`redis_*\`: a redis-server of the bench's own (AOF, \`appendfsync always\`), \`store.redis.command_timeout_ms\` ${n.command_timeout_ms} (${n.signing_store_denials ?? 0} of the \`redis_full_pipeline*\` requests denied for a missed bound); ` +
    `\`redis_kill_switch_arm_a_to_local_view_b\`: ${n.propagation_arms} arms on Warden A until Warden B's local view holds each (ops/s: one at a time); ` +
    `\`redis_denial_while_redis_hung_concurrent32\`: the ${h.requests_while_stopped} requests started during a ${h.stop_ms} ms SIGSTOP (${h.approvals_while_stopped} approved, slowest ${h.max_ms} ms; signing resumed ${h.resumed_after_ms} ms after SIGCONT); ` +
    `SIGKILL × ${k.rounds} under two instances in their own processes: ${k.acknowledged_approvals} acknowledged approvals, ${k.approvals_while_down} approvals and ${k.denials_while_down} denials while down, chain ${k.chain_verified ? "verified" : "BROKEN"}, signing back within ${k.recovery_max_ms} ms of each restart${k.aof_fixes === undefined ? "" : ` (${k.aof_fixes} of the restarts found the AOF cut inside a transaction and ran redis-check-aof --fix first)`}.`
  );
}
