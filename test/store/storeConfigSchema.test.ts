import { z } from "zod";
import { describe, expect, test } from "vitest";
import { parseConfig } from "../../src/config/parseConfig";
import { storeConfigSchema } from "../../src/store/storeConfigSchema";

const problems = (input: unknown) => {
  const r = storeConfigSchema.safeParse(input);
  return r.success ? null : z.prettifyError(r.error);
};

describe("storeConfigSchema", () => {
  test.each([
    [undefined, { kind: "embedded", path: ".warden/warden.db", synchronous: "NORMAL" }],
    [{}, { kind: "embedded", path: ".warden/warden.db", synchronous: "NORMAL" }],
    [{ path: "/var/lib/warden/warden.db" }, { kind: "embedded", path: "/var/lib/warden/warden.db", synchronous: "NORMAL" }],
    [{ kind: "embedded", synchronous: "FULL" }, { kind: "embedded", path: ".warden/warden.db", synchronous: "FULL" }],
  ])("%j: kind defaults to embedded, with its defaults", (input, expected) => {
    expect(storeConfigSchema.parse(input)).toEqual(expected);
  });

  test.each([
    [{ kind: "redis", url: "redis://127.0.0.1:6379" }, { kind: "redis", url: "redis://127.0.0.1:6379", redis: { command_timeout_ms: 25, cluster: false, probe_interval_ms: 200 } }],
    [
      { kind: "redis", url: "rediss://warden:pw@10.0.0.5:6380/1", redis: { command_timeout_ms: 50, cluster: true } },
      { kind: "redis", url: "rediss://warden:pw@10.0.0.5:6380/1", redis: { command_timeout_ms: 50, cluster: true, probe_interval_ms: 200 } },
    ],
    [
      { kind: "redis", url: "redis://127.0.0.1:6379", redis: { key_encryption_key_file: "/etc/warden/kek" } },
      { kind: "redis", url: "redis://127.0.0.1:6379", redis: { command_timeout_ms: 25, cluster: false, probe_interval_ms: 200, key_encryption_key_file: "/etc/warden/kek" } },
    ],
  ])("%j: kind redis, with its defaults", (input, expected) => {
    expect(storeConfigSchema.parse(input)).toEqual(expected);
  });

  test.each([
    [{ kind: "memcached" }, "store.kind must be embedded or redis"],
    [{ kind: 3 }, "store.kind must be embedded or redis"],
    [{ kind: "redis" }, "store.url must be a redis:// or rediss:// URL, e.g. redis://127.0.0.1:6379"],
    [{ kind: "redis", url: "http://127.0.0.1:6379" }, "store.url must be a redis:// or rediss:// URL"],
    [{ kind: "redis", url: "redis://x", redis: { command_timeout_ms: 0 } }, "store.redis.command_timeout_ms must be a whole number of milliseconds from 5 to 10000 (default 25)"],
    [{ kind: "redis", url: "redis://x", redis: { command_timeout_ms: 60_000 } }, "store.redis.command_timeout_ms must be a whole number of milliseconds from 5 to 10000"],
    [{ kind: "redis", url: "redis://x", redis: { command_timeout_ms: 2.5 } }, "store.redis.command_timeout_ms must be a whole number"],
    [{ kind: "redis", url: "redis://x", redis: { probe_interval_ms: 5 } }, "store.redis.probe_interval_ms must be at least 20"],
    [{ kind: "redis", url: "redis://x", redis: { key_encryption_key_file: "" } }, "store.redis.key_encryption_key_file must name a file"],
    [{ kind: "redis", url: "redis://x", redis: { key_encryption_key_file: 5 } }, "store.redis.key_encryption_key_file must name a file holding the key-encryption key"],
    [{ kind: "redis", url: "redis://x", path: "/tmp/x" }, 'Unrecognized key: "path"'],
    [{ path: "" }, "store.path must name a file, e.g. .warden/warden.db"],
    [{ synchronous: "OFF" }, "store.synchronous must be FULL (survives power loss) or NORMAL (survives a process crash)"],
    [{ extra: 1 }, 'Unrecognized key: "extra"'],
  ])("%j is refused: %s", (input, message) => {
    expect(problems(input)).toContain(message);
  });

  test("an unknown kind is reported at store.kind in the whole configuration, naming the kinds there are", () => {
    expect(() => parseConfig({ store: { kind: "memcached", path: "/tmp/x" } })).toThrowError(/store\.kind must be embedded or redis\n\s+→ at store\.kind/);
  });

  test("a refused Redis URL is not echoed (it may carry a password)", () => {
    expect(problems({ kind: "redis", url: "http://warden:s3cret@10.0.0.5" })).not.toContain("s3cret");
  });
});
