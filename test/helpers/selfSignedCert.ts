import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { tempDir } from "./testWarden";

/**
 * A fresh self-signed certificate for 127.0.0.1 and localhost (P-256, one day), made by the
 * `openssl` CLI in a temporary directory: its PEM files' paths and the certificate's text.
 */
export function selfSignedCert(): { certFile: string; keyFile: string; cert: string } {
  const dir = tempDir();
  const certFile = join(dir, "cert.pem");
  const keyFile = join(dir, "key.pem");
  execFileSync("openssl", [
    "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "1",
    "-subj", "/CN=localhost", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost", "-keyout", keyFile, "-out", certFile,
  ], { stdio: "ignore" });
  return { certFile, keyFile, cert: readFileSync(certFile, "utf8") };
}
