import { z } from "zod";

/** Store implementations a config may select with `store.kind`. */
const STORE_KINDS = ["embedded", "redis"] as const;
const KIND_ERROR = `store.kind must be ${STORE_KINDS.join(" or ")}`;

/** The embedded store: one local SQLite file. */
const embeddedStoreConfigSchema = z
  .object({
    kind: z.literal("embedded", { error: KIND_ERROR }).default("embedded"),
    path: z.string().min(1, { error: "store.path must name a file, e.g. .warden/warden.db" }).default(".warden/warden.db"),
    synchronous: z
      .enum(["FULL", "NORMAL"], {
        error: "store.synchronous must be FULL (survives power loss) or NORMAL (survives a process crash)",
      })
      .default("NORMAL"),
  })
  .strict();

const URL_ERROR = "store.url must be a redis:// or rediss:// URL, e.g. redis://127.0.0.1:6379 (a password belongs in WARDEN_REDIS_URL, not in the file)";
const TIMEOUT_ERROR =
  "store.redis.command_timeout_ms must be a whole number of milliseconds from 5 to 10000 (default 25): a request whose Redis step takes longer is denied";

/** The Redis store: several Warden instances sharing one Redis (a primary, or a cluster). */
const redisStoreConfigSchema = z
  .object({
    kind: z.literal("redis", { error: KIND_ERROR }),
    url: z.string({ error: URL_ERROR }).regex(/^rediss?:\/\/\S+$/, { error: URL_ERROR }),
    redis: z
      .object({
        command_timeout_ms: z.number({ error: TIMEOUT_ERROR }).int({ error: TIMEOUT_ERROR }).min(5, { error: TIMEOUT_ERROR }).max(10_000, { error: TIMEOUT_ERROR }).default(25),
        cluster: z.boolean({ error: "store.redis.cluster must be true (the URL names one node of a Redis Cluster) or false (one primary)" }).default(false),
        probe_interval_ms: z
          .number()
          .int()
          .min(20, { error: "store.redis.probe_interval_ms must be at least 20 (how often Warden checks Redis and recovers once it answers)" })
          .max(10_000, { error: "store.redis.probe_interval_ms must be at most 10000: signing resumes only after a probe succeeds" })
          .default(200),
        // Checked when read (src/cli/readKeyEncryptionKey.ts: exists, 0600, 32 bytes of entropy).
        key_encryption_key_file: z
          .string({ error: "store.redis.key_encryption_key_file must name a file holding the key-encryption key, e.g. /etc/warden/kek (create it with: openssl rand -hex 32 > /etc/warden/kek; chmod 600 /etc/warden/kek)" })
          .min(1, { error: "store.redis.key_encryption_key_file must name a file, e.g. /etc/warden/kek (or leave it out and set WARDEN_KEY_ENCRYPTION_KEY)" })
          .optional(),
      })
      .strict()
      .default({ command_timeout_ms: 25, cluster: false, probe_interval_ms: 200 }),
  })
  .strict();

/**
 * The `store` section of the configuration: `kind` selects the implementation (`embedded`, the
 * default, or `redis`), the other fields are that implementation's. Messages name the field and
 * the fix.
 *
 * @example
 * storeConfigSchema.parse({ path: "/var/lib/warden/warden.db" }) // { kind: "embedded", path: "/var/lib/warden/warden.db", synchronous: "NORMAL" }
 * storeConfigSchema.parse({ kind: "redis", url: "redis://127.0.0.1:6379" }).redis.command_timeout_ms // 25
 */
export const storeConfigSchema = z
  .discriminatedUnion("kind", [embeddedStoreConfigSchema, redisStoreConfigSchema], {
    // Only a value of another type gets zod's own message (as for any other section).
    error: (issue) => (issue.code === "invalid_union" ? KIND_ERROR : undefined),
  })
  .default({ kind: "embedded", path: ".warden/warden.db", synchronous: "NORMAL" });

/** The validated `store` section. */
export type StoreConfig = z.infer<typeof storeConfigSchema>;
