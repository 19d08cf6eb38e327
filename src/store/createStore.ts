import type { Logger } from "pino";
import type { Address } from "viem";
import { z } from "zod";
import { ConfigError } from "../errors/ConfigError";
import { createEmbeddedStore } from "./embedded/createEmbeddedStore";
import { createRedisStore } from "./redis/createRedisStore";
import type { Store } from "./Store";
import { type StoreConfig, storeConfigSchema } from "./storeConfigSchema";

/** What a store shared by several wallets or instances needs to know besides its config: whose state it holds. */
export type StoreContext = {
  chainId: number;
  wallet: Address;
  logger?: Pick<Logger, "info" | "warn" | "error">;
};

/**
 * Opens the store the configuration's `store.kind` selects.
 *
 * @param config - The validated `store` section ({@link storeConfigSchema}).
 * @param context - The wallet and chain (the Redis store keeps each wallet's state under its own
 *   hash tag) and a logger for start-up warnings; the embedded store needs none.
 * @returns The open store.
 * @throws {ConfigError} for a kind this Warden has no implementation of (a config that skipped validation), or a Redis store without a context.
 * @throws {StoreUnavailableError} when the store cannot be opened.
 * @example
 * const store = await createStore({ kind: "embedded", path: ".warden/warden.db", synchronous: "NORMAL" })
 */
export async function createStore(config: StoreConfig, context?: StoreContext): Promise<Store> {
  switch (config.kind) {
    case "embedded":
      return createEmbeddedStore({ path: config.path, synchronous: config.synchronous });
    case "redis":
      if (!context) throw new ConfigError({ subject: "store", problems: "✖ a Redis store needs the wallet and chain whose state it holds (createStore(config, { chainId, wallet }))" });
      return createRedisStore({
        url: config.url,
        cluster: config.redis.cluster,
        commandTimeoutMs: config.redis.command_timeout_ms,
        probeIntervalMs: config.redis.probe_interval_ms,
        chainId: context.chainId,
        wallet: context.wallet,
        ...(context.logger ? { logger: context.logger } : {}),
      });
    default: {
      // Unreachable for a validated config (a new kind fails to compile here until it is handled);
      // the schema's own message names the field and the fix.
      const unhandled: never = config;
      const result = storeConfigSchema.safeParse(unhandled);
      if (result.success) throw new ConfigError({ problems: `✖ store.kind ${String((unhandled as { kind: unknown }).kind)} has no implementation\n  → at store.kind` });
      // Reported where the section sits in the whole configuration, as parseConfig reports it.
      throw new ConfigError({ problems: z.prettifyError(new z.ZodError(result.error.issues.map((i) => ({ ...i, path: ["store", ...i.path] })))) });
    }
  }
}
