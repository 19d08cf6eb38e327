import { readFileSync, writeFileSync } from "node:fs";
import { request } from "node:https";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { httpsRequest } from "../helpers/httpsRequest";
import { selfSignedCert } from "../helpers/selfSignedCert";
import { tempDir } from "../helpers/testWarden";
import { freePort, runCli, startWarden, type StartedWarden } from "./helpers/cliProcess";

const cwd = tempDir();
const cert = selfSignedCert();
let env: Record<string, string>;
let port = 0;
let warden: StartedWarden | undefined;

/** Rewrites the `server` line `warden init` wrote. */
function setServer(server: Record<string, unknown>): void {
  const path = join(cwd, "warden.config.json");
  const text = readFileSync(path, "utf8");
  const line = /"server": \{[^\n]*\},?\n/;
  expect(text).toMatch(line);
  writeFileSync(path, text.replace(line, (m) => `"server": ${JSON.stringify(server)}${m.trimEnd().endsWith(",") ? "," : ""}\n`));
}

beforeAll(async () => {
  port = await freePort();
  env = { WARDEN_KEYSTORE_PASSPHRASE: "correct horse battery staple for the server test", WARDEN_OPERATOR_TOKEN: "op-token-for-the-server-options-test", NODE_EXTRA_CA_CERTS: cert.certFile };
  const init = runCli(["init", "--base-capital", "25000", "--json"], { cwd, env });
  expect(init.status, init.stderr).toBe(0);
}, 90_000);
afterAll(async () => {
  await warden?.stop();
});

describe("warden start reads server.host, server.tls and server.max_in_flight from the config", () => {
  test("a non-loopback host without server.allow_non_loopback: exit 2 with the field and the fix, nothing listens", () => {
    setServer({ host: "0.0.0.0", port });
    const run = runCli(["start"], { cwd, env });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain("server.host 0.0.0.0 is not a loopback address: set server.allow_non_loopback: true");
  });

  test("HTTPS from server.tls (the CLI talks https), and server.max_in_flight drives the 429", async () => {
    setServer({ host: "127.0.0.1", port, max_in_flight: 2, tls: { cert_file: cert.certFile, key_file: cert.keyFile } });
    warden = await startWarden({ cwd, env });
    expect(warden.output()).toContain(`"url":"https://127.0.0.1:${port}"`);
    const status = runCli(["status", "--json"], { cwd, env });
    expect(status.status, status.stderr).toBe(0);
    expect(status.json()).toMatchObject({ health: "ok" });
    // Two requests held in flight (bodies that never finish arriving); the third is the newest beyond the limit.
    const held = Array.from({ length: 2 }, () => {
      const r = request({ host: "127.0.0.1", port, method: "POST", path: "/v1/sessions/grant", headers: { "content-length": "1000" }, ca: cert.cert });
      r.on("error", () => undefined);
      r.write("{");
      return r;
    });
    await new Promise((r) => setTimeout(r, 500));
    const over = await httpsRequest(port, cert.cert, "/livez");
    expect(over.status).toBe(429);
    expect(over.headers["retry-after"]).toBe("1");
    expect(JSON.parse(over.body)).toMatchObject({ error: "overloaded", fix: expect.stringContaining("server.max_in_flight (2)") });
    for (const r of held) r.destroy();
    await new Promise((r) => setTimeout(r, 300));
    expect((await httpsRequest(port, cert.cert, "/livez")).status).toBe(200);
  }, 90_000);
});
