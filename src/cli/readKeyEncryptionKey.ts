import { readFileSync, statSync } from "node:fs";
import { z } from "zod";
import type { WardenConfig } from "../config/wardenConfigSchema";
import { ConfigError } from "../errors/ConfigError";
import { MIN_KEK_BYTES } from "../signer/createKeySealer";

const ENV = "WARDEN_KEY_ENCRYPTION_KEY";
const FIELD = "store.redis.key_encryption_key_file";
const MAKE = "generate one with openssl rand -hex 32";
// 32 random bytes hold ~30 distinct values; fewer than 16 is a pattern (all zeros, "abab…"), not a key.
const MIN_DISTINCT_BYTES = 16;

/** The KEK's text: 64+ hex digits or base64(url) of 32+ bytes, random-looking. Messages name where it came from, never its value. */
const kekText = (where: string) =>
  z.string().transform((raw, ctx) => {
    const text = raw.trim();
    const bytes = /^(0x)?[0-9a-fA-F]+$/.test(text) && text.replace(/^0x/, "").length % 2 === 0 ? Buffer.from(text.replace(/^0x/, ""), "hex") : /^[A-Za-z0-9+/_-]+={0,2}$/.test(text) ? Buffer.from(text, "base64") : null;
    if (bytes === null || bytes.length < MIN_KEK_BYTES) {
      ctx.addIssue({ code: "custom", message: `${where} must hold at least ${MIN_KEK_BYTES} bytes as hex (64+ digits) or base64: ${MAKE}` });
      return z.NEVER;
    }
    if (new Set(bytes).size < MIN_DISTINCT_BYTES) {
      ctx.addIssue({ code: "custom", message: `${where} does not look random (too few distinct bytes): ${MAKE}` });
      return z.NEVER;
    }
    return new Uint8Array(bytes);
  });

/** The KEK file: it exists, is a regular file, and only its owner may read it. */
const kekFile = z
  .string()
  .superRefine((path, ctx) => {
    let stat;
    try {
      stat = statSync(path);
    } catch {
      ctx.addIssue({ code: "custom", message: `${FIELD} names ${path}, which does not exist: create it (openssl rand -hex 32 > ${path}; chmod 600 ${path}) or fix the path` });
      return;
    }
    if (!stat.isFile()) ctx.addIssue({ code: "custom", message: `${FIELD} names ${path}, which is not a file: point it at the file holding the key` });
    else if ((stat.mode & 0o077) !== 0)
      ctx.addIssue({ code: "custom", message: `${FIELD}: ${path} may be read by others (mode ${(stat.mode & 0o777).toString(8)}): chmod 600 ${path}` });
  })
  .transform((path) => readFileSync(path, "utf8"))
  .pipe(kekText(`${FIELD} (the file)`));

const fail = (problems: string) => new ConfigError({ subject: "key-encryption key", problems });

/**
 * The key-encryption key every instance of a Redis store is given — from WARDEN_KEY_ENCRYPTION_KEY
 * or the file `store.redis.key_encryption_key_file` (exactly one), never from Redis — validated
 * with zod: the file exists and is 0600, the key is at least 32 bytes (hex or base64) and looks
 * random. The value is never echoed.
 *
 * @param config - The validated config (its store is Redis).
 * @param env - The environment (process.env).
 * @returns The key's bytes (createKeySealer copies them).
 * @throws {ConfigError} naming the variable or field and the fix.
 * @example
 * const sealer = createKeySealer({ kek: readKeyEncryptionKey(config, process.env) })
 */
export function readKeyEncryptionKey(config: WardenConfig, env: NodeJS.ProcessEnv): Uint8Array {
  const file = config.store.kind === "redis" ? config.store.redis.key_encryption_key_file : undefined;
  const fromEnv = env[ENV];
  if (fromEnv !== undefined && file !== undefined) throw fail(`✖ both ${ENV} and ${FIELD} are set: keep one, so every instance is sure to use the same key`);
  const result = file !== undefined ? kekFile.safeParse(file) : fromEnv !== undefined ? kekText(ENV).safeParse(fromEnv) : null;
  if (result === null)
    throw fail(`✖ the Redis store keeps the keys sessions sign with sealed under a key-encryption key every instance is given: set ${ENV} or ${FIELD} (${MAKE}; give every instance the same one, never put it in Redis)`);
  if (!result.success) throw fail(result.error.issues.map((i) => `✖ ${i.message}`).join("\n"));
  return result.data;
}
