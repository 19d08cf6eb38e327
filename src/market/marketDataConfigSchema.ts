import { z } from "zod";

/** A duration in ms; the message names the field (relative to `market_data`) and the fix. */
const positiveMs = (field: string, example: number) =>
  z
    .number({ error: `market_data.${field} must be a number of milliseconds, e.g. ${example}` })
    .int({ error: `market_data.${field} must be whole milliseconds, e.g. ${example}` })
    .positive({ error: `market_data.${field} must be > 0 ms, e.g. ${example}` });
/** A whole number from 1 to `max`; the message names the field (relative to `market_data`) and the fix. */
const whole = (field: string, fix: string, max: number) =>
  z
    .number({ error: `market_data.${field} must be a number; set ${fix}` })
    .int({ error: `market_data.${field} must be a whole number; set ${fix}` })
    .min(1, { error: `market_data.${field} must be at least 1; set ${fix}` })
    .max(max, { error: `market_data.${field} must be at most ${max}; set ${fix}` });
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
  /**
   * Which tokens are kept fresh. `token_ids` load at start and are never dropped. Any other token is
   * tracked when a live session first orders it (that order is denied for want of data), at most
   * `max_new_tokens_per_session_per_min` new ones per session, up to `max_tokens` in all (then an
   * order for yet another token is denied), and dropped after `idle_drop_s` without an order.
   */
  track: z
    .object({
      token_ids: z
        .array(z.string().regex(/^[0-9]{1,78}$/, { error: "market_data.track.token_ids entries must be decimal token ids" }))
        .default([]),
      max_tokens: whole("track.max_tokens", "the most tokens kept fresh at once (each costs a book fetch per refresh), e.g. 200", 100_000).default(200),
      max_new_tokens_per_session_per_min: whole(
        "track.max_new_tokens_per_session_per_min",
        "how many tokens one session may add per minute, e.g. 10",
        10_000,
      ).default(10),
      idle_drop_s: whole("track.idle_drop_s", "seconds without an order after which a token is no longer kept fresh, e.g. 3600", 30 * 86_400).default(3600),
    })
    .strict()
    .refine((t) => t.token_ids.length <= t.max_tokens, {
      error: "market_data.track.token_ids lists more tokens than market_data.track.max_tokens; raise max_tokens or list fewer",
      path: ["token_ids"],
    })
    .prefault({}),
}).strict();

/** The validated market data config. */
export type MarketDataConfig = z.infer<typeof marketDataConfigSchema>;
