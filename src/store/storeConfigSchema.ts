import { z } from "zod";

/** Store implementations a config may select with `store.kind`. */
const STORE_KINDS = ["embedded"] as const;
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

/**
 * The `store` section of the configuration: `kind` selects the implementation (only `embedded`
 * so far, and the default), the other fields are that implementation's. Messages name the field
 * and the fix.
 *
 * @example
 * storeConfigSchema.parse({ path: "/var/lib/warden/warden.db" }) // { kind: "embedded", path: "/var/lib/warden/warden.db", synchronous: "NORMAL" }
 */
export const storeConfigSchema = z
  .discriminatedUnion("kind", [embeddedStoreConfigSchema], {
    // Only a value of another type gets zod's own message (as for any other section).
    error: (issue) => (issue.code === "invalid_union" ? KIND_ERROR : undefined),
  })
  .default({ kind: "embedded", path: ".warden/warden.db", synchronous: "NORMAL" });

/** The validated `store` section. */
export type StoreConfig = z.infer<typeof storeConfigSchema>;
