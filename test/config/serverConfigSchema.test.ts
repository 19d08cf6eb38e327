import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { parseConfig } from "../../src/config/parseConfig";
import { isLoopbackHost } from "../../src/config/serverConfigSchema";

describe("server: loopback by default, any other address only when allowed", () => {
  test("the defaults: 127.0.0.1:8787, 500 in flight, plain HTTP", () => {
    expect(parseConfig({}).server).toEqual({ host: "127.0.0.1", port: 8787, allow_non_loopback: false, max_in_flight: 500, max_body_bytes: 65_536, retry_after_s: 1 });
  });
  test.each(["0.0.0.0", "10.0.0.5", "::", "warden.internal", "128.0.0.1"])("%s is refused without server.allow_non_loopback, naming the field and the fix", (host) => {
    expect(() => parseConfig({ server: { host } })).toThrow(/server\.host .* is not a loopback address: set server\.allow_non_loopback: true/);
    expect(parseConfig({ server: { host, allow_non_loopback: true } }).server.host).toBe(host);
  });
  test("property: every 127.0.0.0/8 address, ::1 and localhost are loopback; no other IPv4 address is", () => {
    const octet = fc.integer({ min: 0, max: 255 });
    fc.assert(
      fc.property(octet, octet, octet, octet, (a, b, c, d) => {
        const host = `${a}.${b}.${c}.${d}`;
        const accepted = (() => {
          try {
            return parseConfig({ server: { host } }).server.host === host;
          } catch {
            return false;
          }
        })();
        return isLoopbackHost(host) === (a === 127) && accepted === (a === 127);
      }),
      { numRuns: 500 },
    );
    expect(["::1", "localhost"].every(isLoopbackHost)).toBe(true);
  });
  test.each([
    [{ max_in_flight: 0 }, "server.max_in_flight must be at least 1"],
    [{ max_in_flight: "500" }, "server.max_in_flight must be a number, e.g. 500"],
    [{ allow_non_loopback: "yes" }, "server.allow_non_loopback must be true or false"],
    [{ tls: { cert_file: "c.pem" } }, "server.tls.key_file must be the path of a PEM private key"],
    [{ tls: "on" }, "server.tls must be { cert_file, key_file }"],
  ])("%j → %s", (server, message) => {
    expect(() => parseConfig({ server })).toThrow(message);
  });
});
