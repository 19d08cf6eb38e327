import { collectDefaultMetrics, Gauge, Registry } from "prom-client";
import { packageVersion } from "../core/packageRoot";

let registry: Registry | null = null;

/**
 * The process's own metrics in Prometheus text: `warden_build_info{version,node} 1` and prom-client's
 * default collectors (CPU, memory, file descriptors, event-loop lag, GC pauses, `nodejs_*`; not the
 * three gauges it names `_total`), in a
 * registry of their own, created on first use and shared by the whole process (they describe the
 * process, not one server). The signing path's counters stay in the hand-written registry
 * (`createMetrics`), which records without allocating.
 *
 * @returns The exposition text, ending in a newline.
 * @example
 * const text = await processMetricsText() // "# HELP warden_build_info …\nwarden_build_info{version="0.1.0",node="v24.…"} 1\n…"
 */
export async function processMetricsText(): Promise<string> {
  if (!registry) {
    const own = new Registry();
    const info = new Gauge({ name: "warden_build_info", help: "Always 1; the labels say which Warden version runs on which Node.js.", labelNames: ["version", "node"], registers: [own] });
    info.set({ version: packageVersion(), node: process.version }, 1);
    collectDefaultMetrics({ register: own });
    // Gauges prom-client names `_total` (a counter's suffix): the same numbers are in
    // nodejs_active_{handles,requests,resources}{type}, summed by any query.
    for (const n of ["nodejs_active_handles_total", "nodejs_active_requests_total", "nodejs_active_resources_total"]) own.removeSingleMetric(n);
    registry = own;
  }
  const text = await registry.metrics();
  return text.endsWith("\n") ? text : `${text}\n`;
}
