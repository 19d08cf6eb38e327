import { describe, expect, test } from "vitest";
import { z } from "zod";
import { marketDataConfigSchema } from "../../src/market/marketDataConfigSchema.js";

describe("marketDataConfigSchema", () => {
  test("an empty config is the offline fixture source with the documented defaults", () => {
    expect(marketDataConfigSchema.parse({})).toEqual({
      source: { kind: "fixture", path: "fixtures/markets.json" },
      maxBookAgeMs: 15_000,
      maxClockSkewMs: 5_000,
      refreshIntervalMs: { market: 60_000, book: 2_000, positions: 10_000 },
      maxAgeMs: { market: 300_000, positions: 60_000 },
      clusters: {},
      track: { token_ids: [], max_tokens: 200, max_new_tokens_per_session_per_min: 10, idle_drop_s: 3600 },
    });
  });

  test("the http source defaults to Polymarket's hosts, 2 s timeout and per-kind TTLs", () => {
    expect(marketDataConfigSchema.parse({ source: { kind: "http" } }).source).toEqual({
      kind: "http",
      gammaBaseUrl: "https://gamma-api.polymarket.com",
      clobBaseUrl: "https://clob.polymarket.com",
      dataBaseUrl: "https://data-api.polymarket.com",
      timeoutMs: 2_000,
      ttlMs: { market: 30_000, book: 1_000, positions: 5_000 },
    });
  });

  test.each([
    ["an unknown source kind", { source: { kind: "websocket" } }],
    ["a non-http base URL", { source: { kind: "http", clobBaseUrl: "ftp://clob" } }],
    ["a zero timeout", { source: { kind: "http", timeoutMs: 0 } }],
    ["a negative book window", { maxBookAgeMs: -1 }],
  ])("refuses %s, naming the field", (_name, input) => {
    const result = marketDataConfigSchema.safeParse(input);
    expect(result.success).toBe(false);
    expect(result.success ? "" : z.prettifyError(result.error)).toMatch(/→ at /);
  });

  test.each([
    [{ track: { max_tokens: 0 } }, "market_data.track.max_tokens must be at least 1; set the most tokens kept fresh at once"],
    [{ track: { max_new_tokens_per_session_per_min: 2.5 } }, "market_data.track.max_new_tokens_per_session_per_min must be a whole number"],
    [{ track: { idle_drop_s: "1h" } }, "market_data.track.idle_drop_s must be a number; set seconds without an order"],
    [{ track: { token_ids: ["1", "2"], max_tokens: 1 } }, "market_data.track.token_ids lists more tokens than market_data.track.max_tokens"],
  ])("item 4: token tracking limits are validated, naming the field and the fix: %j", (input, message) => {
    const result = marketDataConfigSchema.safeParse(input);
    expect(result.success ? "" : z.prettifyError(result.error)).toContain(message);
  });
});
