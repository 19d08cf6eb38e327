import { InvalidParameterError } from "../errors/InvalidParameterError";

/** Label values of one series. */
type Labels = Record<string, string>;

/** A small Prometheus registry: counters, gauges and one latency histogram, text exposition format. */
export type Metrics = {
  inc(name: string, labels?: Labels, by?: number): void;
  observe(name: string, valueMs: number): void;
  /** Renders counters and histograms plus gauges computed now. */
  render(gauges?: Array<{ name: string; help: string; samples: Array<{ labels: Labels; value: number }> }>): string;
};

const BUCKETS_MS = [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 25, 50, 100];
const escape = (v: string) => v.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n");
const labelText = (l: Labels) => {
  const parts = Object.entries(l).map(([k, v]) => `${k}="${escape(v)}"`);
  return parts.length ? `{${parts.join(",")}}` : "";
};

/**
 * Creates the metrics registry `GET /metrics` serves. Help texts are declared up front; a name
 * without one is refused, so every series is documented.
 *
 * @param help - Metric name → help text (counters and histograms).
 * @example
 * const m = createMetrics({ warden_decisions_total: "Signing decisions." })
 * m.inc("warden_decisions_total", { decision: "APPROVE" })
 */
export function createMetrics(help: Record<string, { type: "counter" | "histogram"; help: string }>): Metrics {
  const counters = new Map<string, Map<string, { labels: Labels; value: number }>>();
  const histograms = new Map<string, { buckets: number[]; sum: number; count: number }>();
  const known = (name: string) => {
    if (!help[name]) throw new InvalidParameterError({ field: `metric ${name}`, fix: "Declare it with its help text in createMetrics." });
  };
  return {
    inc(name, labels = {}, by = 1) {
      known(name);
      const series = counters.get(name) ?? new Map();
      const key = labelText(labels);
      const s = series.get(key) ?? { labels, value: 0 };
      s.value += by;
      series.set(key, s);
      counters.set(name, series);
    },
    observe(name, valueMs) {
      known(name);
      const h = histograms.get(name) ?? { buckets: BUCKETS_MS.map(() => 0), sum: 0, count: 0 };
      BUCKETS_MS.forEach((b, i) => {
        if (valueMs <= b) h.buckets[i] = (h.buckets[i] ?? 0) + 1;
      });
      h.sum += valueMs;
      h.count += 1;
      histograms.set(name, h);
    },
    render(gauges = []) {
      const out: string[] = [];
      for (const [name, meta] of Object.entries(help)) {
        out.push(`# HELP ${name} ${meta.help}`, `# TYPE ${name} ${meta.type}`);
        if (meta.type === "counter") for (const s of counters.get(name)?.values() ?? []) out.push(`${name}${labelText(s.labels)} ${s.value}`);
        else {
          const h = histograms.get(name) ?? { buckets: BUCKETS_MS.map(() => 0), sum: 0, count: 0 };
          BUCKETS_MS.forEach((b, i) => out.push(`${name}_bucket{le="${b}"} ${h.buckets[i] ?? 0}`));
          out.push(`${name}_bucket{le="+Inf"} ${h.count}`, `${name}_sum ${h.sum}`, `${name}_count ${h.count}`);
        }
      }
      for (const g of gauges) {
        out.push(`# HELP ${g.name} ${g.help}`, `# TYPE ${g.name} gauge`);
        for (const s of g.samples) out.push(`${g.name}${labelText(s.labels)} ${s.value}`);
      }
      return `${out.join("\n")}\n`;
    },
  };
}
