#!/usr/bin/env node
// The `warden` command. This file and `loadKey` are the only places that read process.env.
import { createHash, randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { parseArgs } from "node:util";
import { type Address, getAddress } from "viem";
import { parseConfig } from "../config/parseConfig";
import type { WardenConfig } from "../config/wardenConfigSchema";
import { createWarden } from "../warden/createWarden";
import { ConfigError } from "../errors/ConfigError";
import { WardenError } from "../errors/WardenError";
import { createLogger } from "../log/createLogger";
import { heartbeatFromConfig } from "../jobs/heartbeatFromConfig";
import { orderStatusWatcherFromConfig } from "../jobs/orderStatusWatcherFromConfig";
import { restingOrderRetirerFromConfig } from "../jobs/restingOrderRetirerFromConfig";
import { createServer } from "../server/createServer";
import { decryptKeystore } from "../signer/decryptKeystore";
import { encryptKeystore } from "../signer/encryptKeystore";
import { WalletKey } from "../signer/WalletKey";
import { createStore } from "../store/createStore";
import { depositWalletCommand } from "./depositWalletCommand";
import { safeModuleNotRunnable } from "../config/safeModuleNotRunnable";
import { initRedisStore } from "../store/redis/initRedisStore";
import { redactRedisUrl } from "../store/redis/redactRedisUrl";

const usage = `usage: warden <command> [--config warden.config.json]

commands:
  start            run Warden (the configured store, HTTP API on server.host:server.port)
  keystore-create  create an encrypted wallet keystore at wallet.keystore_path
                   (deposit-wallet mode: the session signer's at wallet.session_keystore_path)
  deposit-wallet   status | authorize --valid-until <unix s> | revoke: what the deposit wallet's
                   owner signs to authorise Warden's session signer, and --submit to the relayer
  audit-verify     verify the audit hash chain of the store (embedded: of a stopped Warden; redis:
                   the whole log every instance appended to), naming the first broken record
  store init       initialise the wallet's Redis store (once, before the first start)
    --reinitialise   start over after a data loss: a new, empty generation whose first record
                     arms the global kill switch (disarm once the wallet's open orders are checked)
    --actor NAME --reason TEXT   who and why (audited)

environment:
  WARDEN_KEYSTORE_PASSPHRASE  passphrase of the wallet keystore (or of the session signer's)
  WARDEN_RELAYER_API_KEY, WARDEN_RELAYER_API_KEY_ADDRESS  relayer API key for deposit-wallet --submit
  WARDEN_OPERATOR_TOKEN       enables POST /v1/kill-switch for whoever holds it
  WARDEN_CONFIG               config file (default: warden.config.json if present)
  WARDEN_REDIS_URL            selects the Redis store at this URL (redis://[user:password@]host:port)`;

function loadConfig(path: string | undefined): WardenConfig {
  const file = path ?? process.env.WARDEN_CONFIG ?? (existsSync("warden.config.json") ? "warden.config.json" : undefined);
  let raw: Record<string, unknown> = {};
  if (file) {
    try {
      raw = JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>;
    } catch {
      throw new ConfigError({ problems: `✖ ${file} is not readable JSON; fix or remove it` });
    }
  }
  // The Redis URL may carry a password: it can come from the environment instead of the file.
  const redisUrl = process.env.WARDEN_REDIS_URL;
  if (redisUrl) {
    const store = (raw.store ?? {}) as Record<string, unknown>;
    raw = { ...raw, store: { ...(store.kind === "redis" ? store : {}), kind: "redis", url: redisUrl } };
  }
  return parseConfig(raw);
}

/**
 * The wallet's address, which keys its Redis store: a deposit wallet's is in the config; an eoa
 * wallet's is in its keystore (stored in the clear beside the encrypted key), no passphrase needed.
 */
function keystoreAddress(config: WardenConfig): Address {
  if (config.wallet.mode === "safe-module") return getAddress(config.wallet.safe);
  if (config.wallet.mode !== "eoa") return getAddress(config.wallet.deposit_wallet);
  const path = config.wallet.keystore_path;
  let address: unknown;
  try {
    address = (JSON.parse(readFileSync(path, "utf8")) as { address?: unknown }).address;
  } catch {
    throw new ConfigError({ subject: "wallet", problems: `✖ ${path} is not a readable keystore: the Redis store is per wallet, so its address is needed` });
  }
  if (typeof address !== "string" || !/^(0x)?[0-9a-fA-F]{40}$/.test(address))
    throw new ConfigError({ subject: "wallet", problems: `✖ ${path} names no address: the Redis store is per wallet, so its address is needed` });
  return getAddress(address.startsWith("0x") ? address : `0x${address}`);
}

/** The keystore the configured mode signs with: the wallet's (eoa) or the deposit wallet's session signer's. */
function keystorePath(config: WardenConfig): { path: string; what: string } {
  if (config.wallet.mode === "safe-module") throw safeModuleNotRunnable();
  return config.wallet.mode === "eoa"
    ? { path: config.wallet.keystore_path, what: "wallet" }
    : { path: config.wallet.session_keystore_path, what: "session signer" };
}

/**
 * Opens the keystore of the configured mode; on a machine with none, creates a key there (see
 * README): a DEVELOPMENT wallet in eoa mode, the session signer in deposit-wallet mode (a fresh key
 * the owner then authorises on-chain). The key itself is never printed or logged, only its address.
 */
function loadKey(config: WardenConfig, log: (msg: string) => void): WalletKey {
  const { path, what } = keystorePath(config);
  const devPassphraseFile = `${path}.dev-passphrase`;
  let passphrase = process.env.WARDEN_KEYSTORE_PASSPHRASE;
  if (!existsSync(path)) {
    mkdirSync(dirname(path), { recursive: true });
    if (!passphrase) {
      passphrase = randomBytes(24).toString("base64url");
      writeFileSync(devPassphraseFile, passphrase, { mode: 0o600 });
      log(
        what === "wallet"
          ? `created a DEVELOPMENT wallet at ${path}; its passphrase is in ${devPassphraseFile}. Never fund it: import your own keystore and set WARDEN_KEYSTORE_PASSPHRASE.`
          : `created a session-signer keystore at ${path} with a DEVELOPMENT passphrase in ${devPassphraseFile}; for production delete both and set WARDEN_KEYSTORE_PASSPHRASE first.`,
      );
    }
    const key = WalletKey.fromBytes(randomBytes(32));
    writeFileSync(path, JSON.stringify(encryptKeystore({ key, passphrase })), { mode: 0o600 });
    chmodSync(path, 0o600);
    if (what === "session signer") log(`new session signer ${key.address}: the owner authorises it with warden deposit-wallet authorize`);
    return key;
  }
  if (!passphrase && existsSync(devPassphraseFile)) passphrase = readFileSync(devPassphraseFile, "utf8").trim();
  if (!passphrase)
    throw new ConfigError({ subject: "wallet", problems: `✖ set WARDEN_KEYSTORE_PASSPHRASE to open ${path}` });
  return decryptKeystore({ keystore: readFileSync(path, "utf8"), passphrase });
}

async function main(): Promise<void> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: {
      config: { type: "string" },
      // store init
      reinitialise: { type: "boolean" },
      actor: { type: "string" },
      reason: { type: "string" },
      // deposit-wallet authorize / revoke
      "valid-until": { type: "string" },
      deadline: { type: "string" },
      nonce: { type: "string" },
      submit: { type: "boolean" },
      "owner-signature": { type: "string" },
    },
  });
  const command = positionals[0];
  const config = loadConfig(values.config);
  const logger = createLogger({ level: config.log.level });
  const info = (msg: string) => logger.info({ component: "cli" }, msg);

  if (command === "start") {
    const wallet = loadKey(config, info);
    const warden = await createWarden({ wallet, config, logger });
    const token = process.env.WARDEN_OPERATOR_TOKEN;
    // Off unless config has an order_status section (CLOB API credentials): then it starts with the server.
    const watcher = orderStatusWatcherFromConfig({ warden, logger });
    // Off unless config has kill_switch.heartbeat: then the CLOB cancels the wallet's orders when Warden stops beating.
    const heartbeat = heartbeatFromConfig({ warden, logger });
    // Off unless config has kill_switch.max_resting_s: Warden cancels its own orders older than that.
    const retirer = restingOrderRetirerFromConfig({ warden, logger });
    const server = createServer({
      warden,
      logger,
      ...(token ? { operatorTokenSha256: createHash("sha256").update(token).digest("hex") } : {}),
      extraMetricsText: () => `${watcher?.metricsText() ?? ""}${heartbeat?.metricsText() ?? ""}`,
      ...(heartbeat ? { extraHealth: () => ({ heartbeat: heartbeat.status() }) } : {}),
    });
    server.on("error", (e: NodeJS.ErrnoException) => {
      logger.fatal({ code: e.code, host: config.server.host, port: config.server.port }, "cannot listen: change server.port or stop the other process");
      process.exit(1);
    });
    server.listen(config.server.port, config.server.host, () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : config.server.port;
      const store =
        config.store.kind === "embedded"
          ? { store: config.store.path, synchronous: config.store.synchronous }
          : { store: "redis", redis: redactRedisUrl(config.store.url), cluster: config.store.redis.cluster };
      logger.info({ component: "cli", url: `http://${config.server.host}:${port}`, wallet: warden.walletAddress, ...store, order_status_watcher: watcher !== null, heartbeat: heartbeat !== null }, "warden listening");
      watcher?.start();
      heartbeat?.start();
      retirer?.start();
    });
    const stop = () => {
      server.close();
      // The poll in flight finishes (and records its releases) before the store closes; the
      // heartbeat stops first and says what that means for the wallet's resting orders.
      void (heartbeat?.stop("shutdown") ?? Promise.resolve())
        .then(() => Promise.all([watcher?.stop(), retirer?.stop()]))
        .then(() => warden.close())
        .then(() => process.exit(0));
    };
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
    return;
  }
  if (command === "keystore-create") {
    const { path } = keystorePath(config);
    if (existsSync(path))
      throw new ConfigError({ subject: "wallet", problems: `✖ ${path} exists; choose another ${config.wallet.mode === "eoa" ? "wallet.keystore_path" : "wallet.session_keystore_path"}` });
    if (!process.env.WARDEN_KEYSTORE_PASSPHRASE)
      throw new ConfigError({ subject: "wallet", problems: "✖ set WARDEN_KEYSTORE_PASSPHRASE to encrypt the new keystore" });
    const key = loadKey(config, info);
    info(`created keystore ${path} for ${key.address}`);
    return;
  }
  if (command === "deposit-wallet") {
    const key = process.env.WARDEN_RELAYER_API_KEY;
    const address = process.env.WARDEN_RELAYER_API_KEY_ADDRESS;
    process.exitCode = await depositWalletCommand({
      config,
      subcommand: positionals[1],
      options: values,
      // Its stdout is the JSON answer: notes go to stderr.
      sessionKey: () => loadKey(config, (msg) => process.stderr.write(`warden: ${msg}\n`)),
      ...(key && address ? { relayerApiKey: { key, address } } : {}),
      print: (text) => process.stdout.write(`${text}\n`),
      nowMs: Date.now,
    });
    return;
  }
  if (command === "audit-verify") {
    const store = await createStore(config.store, config.store.kind === "redis" ? { chainId: config.chain_id, wallet: keystoreAddress(config), logger } : undefined);
    const result = await store.verifyAudit();
    await store.close();
    process.stdout.write(`${JSON.stringify(result)}\n`);
    process.exitCode = result.ok ? 0 : 2;
    return;
  }
  if (command === "store" && positionals[1] === "init") {
    if (config.store.kind !== "redis")
      throw new ConfigError({ subject: "store", problems: "✖ store init is for the Redis store: set store.kind to redis and store.url (or WARDEN_REDIS_URL); the embedded store creates its file itself" });
    if (!values.actor || !values.reason) throw new ConfigError({ subject: "store init", problems: "✖ --actor and --reason are required: initialising a store is audited" });
    const wallet = keystoreAddress(config);
    const result = await initRedisStore({
      url: config.store.url,
      cluster: config.store.redis.cluster,
      chainId: config.chain_id,
      wallet,
      mode: values.reinitialise ? "reinitialise" : "new",
      actor: values.actor,
      reason: values.reason,
    });
    logger.warn({ component: "cli", wallet, redis: redactRedisUrl(config.store.url), ...result }, values.reinitialise ? "Redis store re-initialised: the global kill switch is armed; check the wallet's open orders, then disarm it" : "Redis store initialised");
    process.stdout.write(`${JSON.stringify(result)}\n`);
    return;
  }
  process.stderr.write(`${usage}\n`);
  process.exitCode = command ? 2 : 0;
}

main().catch((e: unknown) => {
  // A clear message and a non-zero exit, never a stack trace.
  const text = e instanceof WardenError ? e.message : "unexpected error (see logs)";
  process.stderr.write(`warden: ${text}\n`);
  process.exit(1);
});
