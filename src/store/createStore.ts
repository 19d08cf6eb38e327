import { z } from "zod";
import { ConfigError } from "../errors/ConfigError";
import { createEmbeddedStore } from "./embedded/createEmbeddedStore";
import type { Store } from "./Store";
import { type StoreConfig, storeConfigSchema } from "./storeConfigSchema";

/**
 * Opens the store the configuration's `store.kind` selects.
 *
 * @param config - The validated `store` section ({@link storeConfigSchema}).
 * @returns The open store.
 * @throws {ConfigError} for a kind this Warden has no implementation of (a config that skipped validation).
 * @throws {StoreUnavailableError} when the store cannot be opened.
 * @example
 * const store = await createStore({ kind: "embedded", path: ".warden/warden.db", synchronous: "NORMAL" })
 */
export async function createStore(config: StoreConfig): Promise<Store> {
  switch (config.kind) {
    case "embedded":
      return createEmbeddedStore({ path: config.path, synchronous: config.synchronous });
    default: {
      // Unreachable for a validated config (a new kind fails to compile here until it is handled);
      // the schema's own message names the field and the fix.
      const kind: never = config.kind;
      const result = storeConfigSchema.safeParse(config);
      if (result.success) throw new ConfigError({ problems: `✖ store.kind ${String(kind)} has no implementation\n  → at store.kind` });
      // Reported where the section sits in the whole configuration, as parseConfig reports it.
      throw new ConfigError({ problems: z.prettifyError(new z.ZodError(result.error.issues.map((i) => ({ ...i, path: ["store", ...i.path] })))) });
    }
  }
}
