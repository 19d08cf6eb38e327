import { chmodSync, renameSync, rmSync, writeFileSync } from "node:fs";

/**
 * Writes a file only its owner can read (mode 0600) and replaces `path` with it in one rename: a
 * reader never sees half a file, and a file that was already there — whatever its mode — is
 * replaced, not rewritten in place (`writeFileSync`'s `mode` applies only to a file it creates, so
 * writing over a 0644 file would leave a secret in it world-readable).
 *
 * @param path - The file to write; its directory must exist.
 * @param text - What it holds.
 * @throws The `node:fs` error (with its `code`, `syscall` and `path`) when the directory is missing
 *   or not writable; nothing is left behind then.
 * @example
 * writePrivateFile(".warden/strategy.credential", `${credential}\n`)
 */
export function writePrivateFile(path: string, text: string): void {
  const tmp = `${path}.${process.pid}.tmp`;
  try {
    writeFileSync(tmp, text, { mode: 0o600, flag: "w" });
    // A tmp file left by an earlier crash of this pid keeps its mode: set it.
    chmodSync(tmp, 0o600);
    renameSync(tmp, path);
  } catch (e) {
    try {
      rmSync(tmp, { force: true });
    } catch {
      // The tmp file could not be made either (e.g. ENAMETOOLONG): the first error is the one to report.
    }
    throw e;
  }
}
