import { existsSync } from "node:fs";
import type { Command } from "commander";
import { ConfigError } from "../../errors/ConfigError";
import { createLogger } from "../../log/createLogger";
import { initRedisStore } from "../../store/redis/initRedisStore";
import { redactRedisUrl } from "../../store/redis/redactRedisUrl";
import { action } from "../cliContext";
import { keystoreAddress, keystorePath, loadKey } from "../cliKeystore";

/** `warden store init` and `warden keystore-create`: what is set up once, before the first start. */
export function registerStoreCommands(program: Command): void {
  program
    .command("keystore-create")
    .description("create an encrypted keystore at wallet.keystore_path (deposit-wallet mode: wallet.session_keystore_path); needs WARDEN_KEYSTORE_PASSPHRASE")
    .action(
      action((ctx) => {
        const config = ctx.config();
        const { path, field } = keystorePath(config);
        if (existsSync(path)) throw new ConfigError({ subject: "wallet", problems: `✖ ${path} exists; choose another ${field}` });
        if (!process.env.WARDEN_KEYSTORE_PASSPHRASE) throw new ConfigError({ subject: "wallet", problems: "✖ set WARDEN_KEYSTORE_PASSPHRASE to encrypt the new keystore" });
        const key = loadKey(config, ctx.out.note);
        ctx.out.result({ keystore: path, address: key.address }, `created keystore ${path} for ${key.address}`);
      }),
    );
  program
    .command("store")
    .description("the store")
    .command("init")
    .description("initialise the wallet's Redis store (once, before the first start)")
    .option("--reinitialise", "start over after a data loss: a new, empty generation whose first record arms the global kill switch")
    .requiredOption("--actor <name>", "who (audited)")
    .requiredOption("--reason <text>", "why (audited)")
    .action(
      action(async (ctx, o: { reinitialise?: boolean; actor: string; reason: string }) => {
        const config = ctx.config();
        if (config.store.kind !== "redis")
          throw new ConfigError({ subject: "store", problems: "✖ store init is for the Redis store: set store.kind to redis and store.url (or WARDEN_REDIS_URL); the embedded store creates its file itself" });
        const wallet = keystoreAddress(config);
        const result = await initRedisStore({ url: config.store.url, cluster: config.store.redis.cluster, chainId: config.chain_id, wallet, mode: o.reinitialise ? "reinitialise" : "new", actor: o.actor, reason: o.reason });
        createLogger({ level: config.log.level }).warn(
          { component: "cli", wallet, redis: redactRedisUrl(config.store.url), ...result },
          o.reinitialise ? "Redis store re-initialised: the global kill switch is armed; check the wallet's open orders, then disarm it" : "Redis store initialised",
        );
        ctx.out.result(result);
      }),
    );
}
