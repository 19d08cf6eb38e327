import { z } from "zod";

/** A duration in ms; the message names the field (relative to `market_data`) and the fix. */
const positiveMs = (field: string, example: number) =>
  z
    .number({ error: `market_data.${field} must be a number of milliseconds, e.g. ${example}` })
    .int({ error: `market_data.${field} must be whole milliseconds, e.g. ${example}` })
    .positive({ error: `market_data.${field} must be > 0 ms, e.g. ${example}` });
const baseUrl = (field: string) =>
  z.url({ protocol: /^https?$/, error: `market_data.source.${field} must be an http(s) base URL` });

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
      z
        .object({
          kind: z.literal("fixture"),
          path: z.string().min(1, { error: "market_data.source.path must name the fixture file" }).default("fixtures/markets.json"),
        })
        .strict(),
      z.object({
        kind: z.literal("http"),
        gammaBaseUrl: baseUrl("gammaBaseUrl").default("https://gamma-api.polymarket.com"),
        clobBaseUrl: baseUrl("clobBaseUrl").default("https://clob.polymarket.com"),
        dataBaseUrl: baseUrl("dataBaseUrl").default("https://data-api.polymarket.com"),
        timeoutMs: positiveMs("source.timeoutMs", 2_000).default(2_000),
        ttlMs: z
          .object({
            market: positiveMs("source.ttlMs.market", 30_000).default(30_000),
            book: positiveMs("source.ttlMs.book", 1_000).default(1_000),
            positions: positiveMs("source.ttlMs.positions", 5_000).default(5_000),
          })
          .strict()
          .prefault({}),
      })
      .strict(),
    ])
    .prefault({ kind: "fixture" }),
  /** Oldest book the source hands out (seed 003: 15 s). */
  maxBookAgeMs: positiveMs("maxBookAgeMs", 15_000).default(15_000),
  maxClockSkewMs: positiveMs("maxClockSkewMs", 5_000).default(5_000),
  refreshIntervalMs: z
    .object({
      market: positiveMs("refreshIntervalMs.market", 60_000).default(60_000),
      book: positiveMs("refreshIntervalMs.book", 2_000).default(2_000),
      positions: positiveMs("refreshIntervalMs.positions", 10_000).default(10_000),
    })
    .strict()
    .prefault({}),
  /** Oldest snapshot the in-memory store serves; `book` defaults to `maxBookAgeMs`. */
  maxAgeMs: z
    .object({
      market: positiveMs("maxAgeMs.market", 300_000).default(300_000),
      book: positiveMs("maxAgeMs.book", 15_000).optional(),
      positions: positiveMs("maxAgeMs.positions", 60_000).default(60_000),
    })
    .strict()
    .prefault({}),
  /** Operator clusters: cluster id → condition ids. */
  clusters: z.record(z.string(), z.array(z.string())).default({}),
  /** Tokens to load at start (others are fetched on first sight; their first order is denied for want of data). */
  track: z
    .object({
      token_ids: z
        .array(z.string().regex(/^[0-9]{1,78}$/, { error: "market_data.track.token_ids entries must be decimal token ids" }))
        .default([]),
    })
    .strict()
    .prefault({}),
}).strict();

/** The validated market data config. */
export type MarketDataConfig = z.infer<typeof marketDataConfigSchema>;
