import { describe, expect, test } from "vitest";
import { createTtlCache } from "../../src/market/createTtlCache.js";

function clock(start = 1_000) {
  let nowMs = start;
  return { now: () => nowMs, advance: (ms: number) => (nowMs += ms) };
}

describe("createTtlCache", () => {
  test("serves a hit within the TTL and reloads after it", async () => {
    const time = clock();
    const cache = createTtlCache<number>({ ttlMs: 1_000, now: time.now });
    let loads = 0;
    const load = async () => ++loads;
    expect(await cache.getOrLoad("a", load)).toBe(1);
    time.advance(999);
    expect(await cache.getOrLoad("a", load)).toBe(1);
    time.advance(1);
    expect(await cache.getOrLoad("a", load)).toBe(2);
    expect(cache.stats).toEqual({ hits: 1, misses: 2 });
  });

  test("concurrent callers share one load", async () => {
    const cache = createTtlCache<number>({ ttlMs: 1_000 });
    let loads = 0;
    let release: (value: number) => void = () => {};
    const load = () => {
      loads += 1;
      return new Promise<number>((resolve) => (release = resolve));
    };
    const both = Promise.all([cache.getOrLoad("a", load), cache.getOrLoad("a", load)]);
    release(7);
    expect(await both).toEqual([7, 7]);
    expect(loads).toBe(1);
  });

  test("a failed load is not cached", async () => {
    const cache = createTtlCache<number>({ ttlMs: 1_000 });
    await expect(cache.getOrLoad("a", async () => Promise.reject(new RangeError("down")))).rejects.toThrow("down");
    expect(await cache.getOrLoad("a", async () => 3)).toBe(3);
    expect(cache.size).toBe(1);
  });

  test("ttl 0 disables caching", async () => {
    const cache = createTtlCache<number>({ ttlMs: 0 });
    let loads = 0;
    await cache.getOrLoad("a", async () => ++loads);
    await cache.getOrLoad("a", async () => ++loads);
    expect(loads).toBe(2);
  });

  test("drops the oldest entry beyond maxEntries", async () => {
    const cache = createTtlCache<string>({ ttlMs: 1_000, maxEntries: 2 });
    cache.set("a", "A");
    cache.set("b", "B");
    cache.set("c", "C");
    expect(cache.size).toBe(2);
    expect(await cache.getOrLoad("a", async () => "reloaded")).toBe("reloaded");
    expect(await cache.getOrLoad("c", async () => "reloaded")).toBe("C");
  });
});
