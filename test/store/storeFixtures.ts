import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * A fresh data directory under the OS temp dir. (The same as test/helpers/testWarden's, kept here
 * so the store's tests load no Warden: the store sits below it.)
 */
export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), "warden-test-"));
}
