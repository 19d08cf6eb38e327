import { describe, expect, test } from "vitest";
import { parseConfig } from "../../src/config/parseConfig";
import { ConfigError } from "../../src/errors/ConfigError";
import { clobCredentials } from "../helpers/fakeClob";

const creds = clobCredentials();
const section = { api_key: creds.key, api_secret: creds.secret, api_passphrase: creds.passphrase };

describe("order_status config", () => {
  test("absent: no watcher (the offline default)", () => {
    expect(parseConfig({}).order_status).toBeUndefined();
  });

  test("credentials only: Polymarket's CLOB, every 30 s, 5 s timeout, 4 at a time, the wallet's address", () => {
    expect(parseConfig({ order_status: section }).order_status).toEqual({
      clob_url: "https://clob.polymarket.com",
      poll_interval_s: 30,
      timeout_ms: 5_000,
      max_concurrency: 4,
      ...section,
    });
  });

  test.each([
    [{ clob_url: "ftp://clob" }, "order_status.clob_url must be an http(s) base URL"],
    [{ poll_interval_s: 0 }, "order_status.poll_interval_s must be at least 1 seconds; raise it"],
    [{ poll_interval_s: 1.5 }, "order_status.poll_interval_s must be whole seconds, e.g. 30"],
    [{ poll_interval_s: 86_400 }, "order_status.poll_interval_s must be at most 3600 seconds; lower it"],
    [{ timeout_ms: 10 }, "order_status.timeout_ms must be at least 100 milliseconds; raise it"],
    [{ timeout_ms: "5000" }, "order_status.timeout_ms must be a number of milliseconds, e.g. 5000"],
    [{ max_concurrency: 0 }, "order_status.max_concurrency must be at least 1 requests; raise it"],
    [{ max_concurrency: 1_000 }, "order_status.max_concurrency must be at most 64 requests; lower it"],
    [{ address: "0x1234" }, "order_status.address must be a 0x-prefixed 20-byte address; omit it to use the wallet's"],
    [{ surprise: 1 }, "surprise"],
  ])("%j fails naming the field and the fix", (over, message) => {
    expect(() => parseConfig({ order_status: { ...section, ...over } })).toThrow(message);
  });

  test.each([
    ["api_key", "set the CLOB API key (a UUID) that createOrDeriveApiKey returned"],
    ["api_secret", "set the CLOB API secret (base64) that createOrDeriveApiKey returned"],
    ["api_passphrase", "set the CLOB API passphrase that createOrDeriveApiKey returned"],
  ])("%s: required, and a malformed value is never echoed", (field, fix) => {
    const { [field as keyof typeof section]: _omit, ...missing } = section;
    expect(() => parseConfig({ order_status: missing })).toThrow(`order_status.${field} is required: ${fix}`);
    const bad = `${section[field as keyof typeof section]} with a space`;
    let error: unknown;
    try {
      parseConfig({ order_status: { ...section, [field]: bad } });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const text = `${String(error)} ${JSON.stringify(error)} ${(error as Error).stack}`;
    expect(text).toContain(`order_status.${field} is malformed: ${fix}`);
    expect(text.includes(bad)).toBe(false);
    expect(text.includes(section[field as keyof typeof section])).toBe(false);
  });
});
