import { describe, expect, test } from "vitest";
import { redactRedisUrl } from "../../../src/store/redis/redactRedisUrl";

describe("redactRedisUrl", () => {
  test.each([
    ["redis://127.0.0.1:6379", "redis://127.0.0.1:6379"],
    ["redis://warden:s3cret@10.0.0.5:6379/0", "redis://[redacted]@10.0.0.5:6379/0"],
    ["rediss://:s3cret@redis.internal:6380", "rediss://[redacted]@redis.internal:6380"],
    ["not a url s3cret", "[unparseable Redis URL withheld]"],
  ])("%s → %s", (url, shown) => {
    expect(redactRedisUrl(url)).toBe(shown);
    expect(redactRedisUrl(url)).not.toContain("s3cret");
  });
});
