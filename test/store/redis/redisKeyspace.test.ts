import { describe, expect, test } from "vitest";
import { redisKeyspace } from "../../../src/store/redis/redisKeyspace";

describe("redisKeyspace", () => {
  test("every key of a wallet carries its hash tag (one cluster slot), lower-cased, per chain", () => {
    const ks = redisKeyspace({ chainId: 137, wallet: "0xAbCdEf0000000000000000000000000000000001" });
    expect(ks.tag).toBe("{warden:137:0xabcdef0000000000000000000000000000000001}");
    expect([ks.marker, ks.channel, ks.sealed, ks.prefix("g1")].every((k) => k.startsWith(ks.tag))).toBe(true);
    expect(ks.prefix("g1")).toBe(`${ks.tag}:g1`);
    expect(redisKeyspace({ chainId: 80002, wallet: "0xAbCdEf0000000000000000000000000000000001" }).tag).not.toBe(ks.tag);
  });
});
