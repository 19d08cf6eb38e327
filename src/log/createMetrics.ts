import { InvalidParameterError } from "../errors/InvalidParameterError";

/** Label values of one series. */
type Labels = Record<string, string>;

/** A small Prometheus registry: counters, gauges and latency histograms (optionally labelled), text exposition format. */
export type Metrics = {
  inc(name: string, labels?: Labels, by?: number): void;
  /** One counter series, resolved once: the returned function increments it (for hot paths). */
  counter(name: string, labels?: Labels): (by?: number) => void;
  /** Records one observation, in ms (what `performance.now()` differences give), in a histogram, optionally per label set. */
  observe(name: string, valueMs: number, labels?: Labels): void;
  /** Renders counters and histograms plus values computed now (gauges, or counters kept elsewhere). */
  render(computed?: ComputedMetric[]): string;
};

/** A metric whose value is computed at render time: a gauge, or a counter kept by its owner. */
export type ComputedMetric = { name: string; help: string; type?: "gauge" | "counter"; samples: Array<{ labels: Labels; value: number }> };

/**
 * A declared counter or histogram. Histograms take observations in ms and are exposed in seconds
 * (Prometheus's base unit); `unit: "milliseconds"` only for a name a spec spells in ms (seed 004).
 */
export type MetricDeclaration = { type: "counter"; help: string } | { type: "histogram"; help: string; unit?: "seconds" | "milliseconds" };

const BUCKETS_MS = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 25, 50, 100];
// The same bounds in seconds, rounded so 0.025 / 1000 prints as 0.000025.
const BUCKETS_S = BUCKETS_MS.map((b) => Number((b / 1000).toPrecision(6)));
const escape = (v: string) => v.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n");
const labelText = (l: Labels) => {
  const parts = Object.entries(l).map(([k, v]) => `${k}="${escape(v)}"`);
  return parts.length ? `{${parts.join(",")}}` : "";
};
/** Series key on the hot path: names and values joined, no escaping (that happens at render time). */
const seriesKey = (l: Labels): string => {
  let key = "";
  for (const k in l) key += `${k}\u0001${l[k]}\u0002`;
  return key;
};
type Histogram = { labels: Labels; buckets: number[]; sum: number; count: number };
const emptyHistogram = (labels: Labels): Histogram => ({ labels, buckets: BUCKETS_MS.map(() => 0), sum: 0, count: 0 });

/**
 * Creates the metrics registry `GET /metrics` serves. Help texts are declared up front; a name
 * without one is refused, so every series is documented. Recording is cheap enough for the
 * signing path (a string key and a map lookup); escaping and formatting happen only on render.
 *
 * @param help - Metric name → its type and help text (counters and histograms; histograms in seconds unless declared otherwise).
 * @example
 * const m = createMetrics({ warden_decisions_total: { type: "counter", help: "Signing decisions." } })
 * m.inc("warden_decisions_total", { decision: "APPROVE" })
 */
export function createMetrics(help: Record<string, MetricDeclaration>): Metrics {
  const counters = new Map<string, Map<string, { labels: Labels; value: number }>>();
  const histograms = new Map<string, Map<string, Histogram>>();
  const known = (name: string, type: "counter" | "histogram") => {
    if (help[name]?.type !== type)
      throw new InvalidParameterError({ field: `metric ${name}`, fix: `Declare it as a ${type} with its help text in createMetrics.` });
  };
  /** The series of `name` with these labels, created (and the name checked) on first use. */
  const seriesOf = <T>(all: Map<string, Map<string, T>>, type: "counter" | "histogram", name: string, labels: Labels, make: (l: Labels) => T): T => {
    let series = all.get(name);
    if (!series) {
      known(name, type);
      series = new Map();
      all.set(name, series);
    }
    const key = seriesKey(labels);
    let s = series.get(key);
    if (!s) {
      s = make({ ...labels });
      series.set(key, s);
    }
    return s;
  };
  const counterSeries = (name: string, labels: Labels) => seriesOf(counters, "counter", name, labels, (l) => ({ labels: l, value: 0 }));
  return {
    inc(name, labels = {}, by = 1) {
      counterSeries(name, labels).value += by;
    },
    counter(name, labels = {}) {
      const s = counterSeries(name, labels);
      return (by = 1) => {
        s.value += by;
      };
    },
    observe(name, valueMs, labels = {}) {
      const h = seriesOf(histograms, "histogram", name, labels, emptyHistogram);
      for (let i = 0; i < BUCKETS_MS.length; i++) if (valueMs <= (BUCKETS_MS[i] as number)) (h.buckets[i] as number)++;
      h.sum += valueMs;
      h.count += 1;
    },
    render(computed = []) {
      const out: string[] = [];
      for (const [name, meta] of Object.entries(help)) {
        out.push(`# HELP ${name} ${meta.help}`, `# TYPE ${name} ${meta.type}`);
        if (meta.type === "counter") for (const s of counters.get(name)?.values() ?? []) out.push(`${name}${labelText(s.labels)} ${s.value}`);
        else {
          // Observations are kept in ms (no division on the hot path); exposed in the declared unit.
          const inSeconds = meta.unit !== "milliseconds";
          const bounds = inSeconds ? BUCKETS_S : BUCKETS_MS;
          const series = histograms.get(name);
          // An unlabelled histogram is exposed (all zero) before its first observation.
          const all = series && series.size > 0 ? [...series.values()] : [emptyHistogram({})];
          for (const h of all) {
            const with_ = (extra: string) => {
              const own = labelText(h.labels);
              return own ? `{${own.slice(1, -1)},${extra}}` : `{${extra}}`;
            };
            bounds.forEach((b, i) => out.push(`${name}_bucket${with_(`le="${b}"`)} ${h.buckets[i] ?? 0}`));
            const sum = inSeconds ? h.sum / 1000 : h.sum;
            out.push(`${name}_bucket${with_('le="+Inf"')} ${h.count}`, `${name}_sum${labelText(h.labels)} ${sum}`, `${name}_count${labelText(h.labels)} ${h.count}`);
          }
        }
      }
      for (const g of computed) {
        out.push(`# HELP ${g.name} ${g.help}`, `# TYPE ${g.name} ${g.type ?? "gauge"}`);
        for (const s of g.samples) out.push(`${g.name}${labelText(s.labels)} ${s.value}`);
      }
      return `${out.join("\n")}\n`;
    },
  };
}
