import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { existsSync, readFileSync, statSync } from "node:fs";
import { writePrivateFile } from "../core/writePrivateFile";
import { z } from "zod";
import { ConfigError } from "../errors/ConfigError";
import { OPERATOR_ROLES, type OperatorRole } from "./roles";

const tokenFileSchema = z
  .object({
    tokens: z.array(
      z
        .object({
          id: z.string().regex(/^tok_[0-9a-f]{16}$/),
          role: z.enum(OPERATOR_ROLES as [OperatorRole, ...OperatorRole[]]),
          sha256: z.string().regex(/^[0-9a-f]{64}$/),
          label: z.string().max(200),
          created_at_ms: z.number().int().nonnegative(),
        })
        .strict(),
    ),
  })
  .strict();

/** One operator token as stored: its id, role and the sha-256 of the token (never the token). */
export type OperatorTokenRecord = z.infer<typeof tokenFileSchema>["tokens"][number];

/** Who a verified operator token is: the id names it in logs and audit records; the token never does. */
export type OperatorIdentity = { id: string; role: OperatorRole };

/** The hashed operator tokens of one Warden (see {@link createOperatorTokens}). */
export type OperatorTokens = {
  /** The identity of a presented token, or null. Compares every stored hash in constant time. */
  verify(token: string): OperatorIdentity | null;
  /** Creates a token: the token itself is returned here once and stored only as its sha-256. */
  create(params: { role: OperatorRole; label?: string; atMs?: number }): { id: string; role: OperatorRole; token: string };
  /** Revokes a token by id; false when no token has that id. */
  revoke(id: string): boolean;
  list(): Omit<OperatorTokenRecord, "sha256">[];
};

const sha256 = (s: string): Buffer => createHash("sha256").update(s).digest();

/**
 * Operator tokens stored hashed in a JSON file (mode 0600, e.g. next to the keystore). A token is
 * `wop_` + 32 random bytes (base64url), so a plain sha-256 is enough (no guessing dictionary).
 * `WARDEN_OPERATOR_TOKEN` (its sha-256 given as `envAdminTokenSha256`) stays an `admin` token, id `op_` + 16 hex of that hash.
 * The file is re-read when its modification time changes, so tokens made by another process count.
 *
 * @param params.path - The tokens file; null keeps tokens in memory only (tests, no file configured).
 * @example
 * const tokens = createOperatorTokens({ path: "./data/operator-tokens.json", envAdminTokenSha256 })
 */
export function createOperatorTokens({ path, envAdminTokenSha256 }: { path: string | null; envAdminTokenSha256?: string | undefined }): OperatorTokens {
  let records: OperatorTokenRecord[] = [];
  let loadedMtimeMs = -1;
  // The id the single shared token always had (`op_` + 16 hex of its sha-256): override limits and audit records keep counting it.
  const env = envAdminTokenSha256 ? { digest: Buffer.from(envAdminTokenSha256, "hex"), id: `op_${envAdminTokenSha256.slice(0, 16).toLowerCase()}` } : null;

  const load = (): void => {
    if (path === null || !existsSync(path)) return;
    const mtime = statSync(path).mtimeMs;
    if (mtime === loadedMtimeMs) return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(readFileSync(path, "utf8"));
    } catch {
      throw new ConfigError({ subject: "operator tokens", problems: `✖ ${path} is not JSON; restore it or delete it and create tokens again` });
    }
    const r = tokenFileSchema.safeParse(parsed);
    if (!r.success) throw new ConfigError({ subject: "operator tokens", problems: `✖ ${path} is not a Warden tokens file; restore it or delete it and create tokens again` });
    records = r.data.tokens;
    loadedMtimeMs = mtime;
  };
  const save = (): void => {
    if (path === null) return;
    writePrivateFile(path, `${JSON.stringify({ tokens: records }, null, 2)}\n`);
    loadedMtimeMs = statSync(path).mtimeMs;
  };
  load();

  return {
    verify(token) {
      // A tokens file that no longer reads (hand-edited, cut) fails closed for its tokens, but the
      // environment's admin token still opens: an incident must not lock the risk team out of the kill switch.
      let unreadable: unknown = null;
      try {
        load();
      } catch (e) {
        unreadable = e;
      }
      const given = sha256(token);
      let found: OperatorIdentity | null = null;
      // Every hash is compared (no early exit), each in constant time.
      if (env && timingSafeEqual(given, env.digest)) found = { id: env.id, role: "admin" };
      if (unreadable !== null) {
        if (found) return found;
        throw unreadable;
      }
      for (const r of records) if (timingSafeEqual(given, Buffer.from(r.sha256, "hex")) && found === null) found = { id: r.id, role: r.role };
      return found;
    },
    create({ role, label = "", atMs = Date.now() }) {
      load();
      const token = `wop_${randomBytes(32).toString("base64url")}`;
      const digest = sha256(token).toString("hex");
      const id = `tok_${randomBytes(8).toString("hex")}`;
      records = [...records, { id, role, sha256: digest, label, created_at_ms: atMs }];
      save();
      return { id, role, token };
    },
    revoke(id) {
      load();
      const before = records.length;
      records = records.filter((r) => r.id !== id);
      if (records.length === before) return false;
      save();
      return true;
    },
    list: () => (load(), records.map(({ sha256: _h, ...rest }) => rest)),
  };
}
