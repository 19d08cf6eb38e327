import { describe, expect, test } from "vitest";
import { clobApiOf } from "../../src/config/clobApiOf";
import { parseConfig } from "../../src/config/parseConfig";
import { ConfigError } from "../../src/errors/ConfigError";
import { clobCredentials } from "../helpers/fakeClob";

const creds = clobCredentials();
const clob = { api_key: creds.key, api_secret: creds.secret, api_passphrase: creds.passphrase };

describe("kill_switch config", () => {
  test("absent: a switch stops signing and reaches nothing else; cancels have bounded retries by default", () => {
    const c = parseConfig({});
    expect(c.kill_switch).toEqual({ cancel: { timeout_ms: 2_000, max_attempts: 4, backoff_ms: 100, deadline_ms: 15_000 } });
    expect(clobApiOf(c)).toBeNull();
  });

  test("the CLOB API key comes from kill_switch.clob, else from order_status", () => {
    const other = clobCredentials();
    const fromOrderStatus = parseConfig({ order_status: { ...clob, clob_url: "http://127.0.0.1:1" } });
    expect(clobApiOf(fromOrderStatus)).toEqual({ clobUrl: "http://127.0.0.1:1", credentials: creds, address: undefined, section: "order_status" });
    const both = parseConfig({ order_status: clob, kill_switch: { clob: { api_key: other.key, api_secret: other.secret, api_passphrase: other.passphrase } } });
    expect(clobApiOf(both)?.credentials).toEqual(other);
    expect(clobApiOf(both)?.section).toBe("kill_switch.clob");
  });

  test("heartbeat and pause_user defaults", () => {
    const c = parseConfig({ kill_switch: { clob, heartbeat: {}, pause_user: { rpc_url: "https://polygon-rpc.com" }, max_resting_s: 600 } });
    expect(c.kill_switch.heartbeat).toEqual({ interval_ms: 5_000, timeout_ms: 2_000 });
    expect(c.kill_switch.pause_user).toEqual({ rpc_url: "https://polygon-rpc.com", timeout_ms: 120_000 });
    expect(c.kill_switch.max_resting_s).toBe(600);
  });

  test.each([
    [{ kill_switch: { heartbeat: {} } }, "kill_switch.heartbeat needs the wallet's CLOB API key: set kill_switch.clob (or order_status)"],
    [{ kill_switch: { max_resting_s: 60 } }, "kill_switch.max_resting_s needs the wallet's CLOB API key: set kill_switch.clob (or order_status)"],
    [{ kill_switch: { clob, heartbeat: { interval_ms: 50 } } }, "kill_switch.heartbeat.interval_ms must be at least 100 milliseconds; raise it"],
    [{ kill_switch: { cancel: { max_attempts: 0 } } }, "kill_switch.cancel.max_attempts must be at least 1 attempts; raise it"],
    [{ kill_switch: { cancel: { deadline_ms: 1.5 } } }, "kill_switch.cancel.deadline_ms must be whole milliseconds"],
    [{ kill_switch: { clob: { api_key: creds.key } } }, "kill_switch.clob.api_secret is required: set the CLOB API secret"],
    [{ kill_switch: { clob: { ...clob, clob_url: "ftp://x" } } }, "kill_switch.clob.clob_url must be an http(s) base URL"],
    [{ kill_switch: { pause_user: {} } }, "kill_switch.pause_user.rpc_url must be an http(s) JSON-RPC URL"],
    [{ kill_switch: { pause_user: { rpc_url: "http://127.0.0.1:8545", exchanges: ["0x12"] } } }, "kill_switch.pause_user.exchanges entries must be 0x-prefixed 20-byte addresses"],
    [{ kill_switch: { max_resting_s: 0, clob } }, "kill_switch.max_resting_s must be at least 1 seconds; raise it"],
    [{ kill_switch: { heartbeet: {} } }, "heartbeet"],
  ])("%j fails naming the field and the fix", (input, message) => {
    expect(() => parseConfig(input)).toThrow(message);
  });

  test("a malformed credential is never echoed", () => {
    const bad = `${creds.secret} x`;
    const e = (() => {
      try {
        parseConfig({ kill_switch: { clob: { ...clob, api_secret: bad } } });
      } catch (error) {
        return error;
      }
    })();
    expect(e).toBeInstanceOf(ConfigError);
    const text = `${String(e)} ${JSON.stringify(e)}`;
    expect(text).toContain("kill_switch.clob.api_secret is malformed");
    expect(text.includes(creds.secret)).toBe(false);
  });
});
