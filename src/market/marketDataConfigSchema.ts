import { z } from "zod";

const positiveMs = z.number().int().positive();
const baseUrl = z.url({ protocol: /^https?$/, error: "expected an http(s) base URL" });

/**
 * zod schema of the market data section of Warden's config, with every default in one place.
 * `source.kind` picks the adapter: `"fixture"` (offline, the default) or `"http"` (Polymarket's APIs).
 * Durations are milliseconds.
 *
 * @example
 * ```ts
 * const config = marketDataConfigSchema.parse({ source: { kind: "http" }, clusters: { macro: ["0x…"] } });
 * config.maxBookAgeMs; // 15000
 * ```
 */
export const marketDataConfigSchema = z.object({
  source: z
    .discriminatedUnion("kind", [
      z.object({ kind: z.literal("fixture"), path: z.string().min(1).default("fixtures/markets.json") }),
      z.object({
        kind: z.literal("http"),
        gammaBaseUrl: baseUrl.default("https://gamma-api.polymarket.com"),
        clobBaseUrl: baseUrl.default("https://clob.polymarket.com"),
        dataBaseUrl: baseUrl.default("https://data-api.polymarket.com"),
        timeoutMs: positiveMs.default(2_000),
        ttlMs: z
          .object({ market: positiveMs.default(30_000), book: positiveMs.default(1_000), positions: positiveMs.default(5_000) })
          .prefault({}),
      }),
    ])
    .prefault({ kind: "fixture" }),
  /** Oldest book the source hands out (seed 003: 15 s). */
  maxBookAgeMs: positiveMs.default(15_000),
  maxClockSkewMs: positiveMs.default(5_000),
  refreshIntervalMs: z
    .object({ market: positiveMs.default(60_000), book: positiveMs.default(2_000), positions: positiveMs.default(10_000) })
    .prefault({}),
  /** Oldest snapshot the in-memory store serves; `book` defaults to `maxBookAgeMs`. */
  maxAgeMs: z
    .object({ market: positiveMs.default(300_000), book: positiveMs.optional(), positions: positiveMs.default(60_000) })
    .prefault({}),
  /** Operator clusters: cluster id → condition ids. */
  clusters: z.record(z.string(), z.array(z.string())).default({}),
});

/** The validated market data config. */
export type MarketDataConfig = z.infer<typeof marketDataConfigSchema>;
