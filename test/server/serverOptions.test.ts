import { writeFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import pino from "pino";
import { describe, expect, test } from "vitest";
import { createWardenHttp } from "../../src/server/createServer";
import { httpsRequest } from "../helpers/httpsRequest";
import { selfSignedCert } from "../helpers/selfSignedCert";
import { grant, orderTypedData, tempDir, testWarden } from "../helpers/testWarden";

describe("server.tls: HTTPS with the configured PEM files (real server on a free port)", () => {
  test("a strategy signs an order over HTTPS; plain HTTP to the port gets no answer; another CA is refused", async () => {
    const { warden, owner } = await testWarden({});
    const { certFile, keyFile, cert } = selfSignedCert();
    const http = createWardenHttp({ warden, logger: pino({ level: "silent" }), options: { tls: { cert_file: certFile, key_file: keyFile } } });
    await http.ready;
    await new Promise<void>((r) => http.server.listen(0, "127.0.0.1", r));
    const port = (http.server.address() as AddressInfo).port;
    try {
      expect(await httpsRequest(port, cert, "/livez")).toMatchObject({ status: 200 });
      const s = await grant(warden, owner);
      const body = JSON.stringify({ strategy_id: "nba-mm", request: { kind: "typed_data", typedData: orderTypedData(owner.address) } });
      const signed = await httpsRequest(port, cert, "/v1/sign", { method: "POST", headers: { authorization: `Bearer ${s.credential}`, "content-type": "application/json" }, body });
      expect(signed.status).toBe(200);
      expect(JSON.parse(signed.body).signature).toMatch(/^0x[0-9a-f]{130}$/);
      await expect(fetch(`http://127.0.0.1:${port}/livez`)).rejects.toThrow();
      await expect(httpsRequest(port, selfSignedCert().cert, "/livez")).rejects.toThrow(/self[- ]signed|certificate/);
    } finally {
      http.server.close();
      await warden.close();
    }
  });

  test("missing, unreadable or mismatched files are a ConfigError at start naming the field and the fix", async () => {
    const { warden } = await testWarden({});
    const a = selfSignedCert();
    const b = selfSignedCert();
    const notPem = join(tempDir(), "not.pem");
    writeFileSync(notPem, "not a key");
    const start = (tls: { cert_file: string; key_file: string }) => () => createWardenHttp({ warden, logger: pino({ level: "silent" }), options: { tls } });
    expect(start({ cert_file: "/nonexistent/cert.pem", key_file: a.keyFile })).toThrow("server.tls.cert_file /nonexistent/cert.pem cannot be read (ENOENT): point it at a readable PEM file");
    expect(start({ cert_file: a.certFile, key_file: "/nonexistent/key.pem" })).toThrow("server.tls.key_file /nonexistent/key.pem cannot be read (ENOENT)");
    expect(start({ cert_file: a.certFile, key_file: b.keyFile })).toThrow(/server\.tls\.cert_file and server\.tls\.key_file must be a PEM certificate and its private key \(.*\): check both files/);
    expect(start({ cert_file: a.certFile, key_file: notPem })).toThrow(/must be a PEM certificate and its private key/);
    await warden.close();
  });
});
