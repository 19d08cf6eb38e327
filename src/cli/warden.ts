#!/usr/bin/env node
// The `warden` command. This file and `loadWallet` are the only places that read process.env.
import { createHash, randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { parseArgs } from "node:util";
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
import { createEmbeddedStore } from "../store/createEmbeddedStore";

const usage = `usage: warden <command> [--config warden.config.json]

commands:
  start            run Warden (embedded store, HTTP API on server.host:server.port)
  keystore-create  create an encrypted wallet keystore at wallet.keystore_path
  audit-verify     verify the audit hash chain of a stopped Warden's store

environment:
  WARDEN_KEYSTORE_PASSPHRASE  passphrase of the wallet keystore
  WARDEN_OPERATOR_TOKEN       enables POST /v1/kill-switch for whoever holds it
  WARDEN_CONFIG               config file (default: warden.config.json if present)`;

function loadConfig(path: string | undefined): WardenConfig {
  const file = path ?? process.env.WARDEN_CONFIG ?? (existsSync("warden.config.json") ? "warden.config.json" : undefined);
  if (!file) return parseConfig({});
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, "utf8"));
  } catch {
    throw new ConfigError({ problems: `✖ ${file} is not readable JSON; fix or remove it` });
  }
  return parseConfig(raw);
}

/** Opens the wallet keystore; on a machine with none, creates a development wallet (see README). */
function loadWallet(config: WardenConfig, log: (msg: string) => void): WalletKey {
  const path = config.wallet.keystore_path;
  const devPassphraseFile = `${path}.dev-passphrase`;
  let passphrase = process.env.WARDEN_KEYSTORE_PASSPHRASE;
  if (!existsSync(path)) {
    mkdirSync(dirname(path), { recursive: true });
    if (!passphrase) {
      passphrase = randomBytes(24).toString("base64url");
      writeFileSync(devPassphraseFile, passphrase, { mode: 0o600 });
      log(`created a DEVELOPMENT wallet at ${path}; its passphrase is in ${devPassphraseFile}. Never fund it: import your own keystore and set WARDEN_KEYSTORE_PASSPHRASE.`);
    }
    const key = WalletKey.fromBytes(randomBytes(32));
    writeFileSync(path, JSON.stringify(encryptKeystore({ key, passphrase })), { mode: 0o600 });
    chmodSync(path, 0o600);
    return key;
  }
  if (!passphrase && existsSync(devPassphraseFile)) passphrase = readFileSync(devPassphraseFile, "utf8").trim();
  if (!passphrase)
    throw new ConfigError({ subject: "wallet", problems: `✖ set WARDEN_KEYSTORE_PASSPHRASE to open ${path}` });
  return decryptKeystore({ keystore: readFileSync(path, "utf8"), passphrase });
}

async function main(): Promise<void> {
  const { positionals, values } = parseArgs({ allowPositionals: true, options: { config: { type: "string" } } });
  const command = positionals[0];
  const config = loadConfig(values.config);
  const logger = createLogger({ level: config.log.level });
  const info = (msg: string) => logger.info({ component: "cli" }, msg);

  if (command === "start") {
    const wallet = loadWallet(config, info);
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
      logger.info({ component: "cli", url: `http://${config.server.host}:${port}`, wallet: warden.walletAddress, store: config.store.path, synchronous: config.store.synchronous, order_status_watcher: watcher !== null, heartbeat: heartbeat !== null }, "warden listening");
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
    if (existsSync(config.wallet.keystore_path))
      throw new ConfigError({ subject: "wallet", problems: `✖ ${config.wallet.keystore_path} exists; choose another wallet.keystore_path` });
    if (!process.env.WARDEN_KEYSTORE_PASSPHRASE)
      throw new ConfigError({ subject: "wallet", problems: "✖ set WARDEN_KEYSTORE_PASSPHRASE to encrypt the new keystore" });
    const key = loadWallet(config, info);
    info(`created keystore ${config.wallet.keystore_path} for ${key.address}`);
    return;
  }
  if (command === "audit-verify") {
    const store = await createEmbeddedStore({ path: config.store.path, synchronous: config.store.synchronous });
    const result = await store.verifyAudit();
    await store.close();
    process.stdout.write(`${JSON.stringify(result)}\n`);
    process.exitCode = result.ok ? 0 : 2;
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
