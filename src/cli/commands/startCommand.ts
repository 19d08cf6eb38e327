import { createHash } from "node:crypto";
import { existsSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import type { Command } from "commander";
import { heartbeatFromConfig } from "../../jobs/heartbeatFromConfig";
import { orderStatusWatcherFromConfig } from "../../jobs/orderStatusWatcherFromConfig";
import { restingOrderRetirerFromConfig } from "../../jobs/restingOrderRetirerFromConfig";
import { createLogger } from "../../log/createLogger";
import { createServer } from "../../server/createServer";
import { createOperatorTokens } from "../../server/createOperatorTokens";
import { redactRedisUrl } from "../../store/redis/redactRedisUrl";
import { createWarden } from "../../warden/createWarden";
import { action } from "../cliContext";
import { devPassphraseFile, keystorePath } from "../cliKeystore";
import { DEV_TOKEN_FILE, operatorToken, writeDevToken } from "../cliToken";
import { configTemplate } from "../configTemplate";
import { configFile, loadCliConfig } from "../loadCliConfig";
import { openGuardianKey } from "../openGuardianKey";
import { openSigningKey } from "../openSigningKey";

const DEV_BASE_CAPITAL_USD = 10_000;

/**
 * The first run's development setup: with no config file and no keystore (or only the development
 * wallet Warden created itself), writes a commented warden.config.json with a DEVELOPMENT capital
 * base and the fixture market tracked, and a development operator token. A real wallet (a keystore
 * without the .dev-passphrase file) never gets these defaults.
 */
function firstRunSetup(configPath: string | undefined, note: (msg: string) => void): void {
  if (configFile(configPath) !== undefined) return;
  const defaults = loadCliConfig(undefined);
  const keystore = keystorePath(defaults).path;
  if (existsSync(keystore) && !existsSync(devPassphraseFile(defaults))) return;
  writeFileSync("warden.config.json", configTemplate({ development: true, keystorePath: keystore, baseCapitalUsd: DEV_BASE_CAPITAL_USD }), { mode: 0o600 });
  if (!existsSync(DEV_TOKEN_FILE)) writeDevToken();
  note(`first run: wrote the DEVELOPMENT setup warden.config.json (equity.base_capital_usd ${DEV_BASE_CAPITAL_USD}, a development value) and an operator token in ${DEV_TOKEN_FILE}`);
}

/** `warden start`: runs Warden (the configured store, HTTP API on server.host:server.port). */
export function registerStartCommand(program: Command): void {
  program
    .command("start")
    .description("run Warden: the configured store, the HTTP API on server.host:server.port (first run: a development setup)")
    .action(
      action(async (ctx) => {
        firstRunSetup(ctx.options.config, ctx.out.note);
        const config = ctx.config();
        const logger = createLogger({ level: config.log.level });
        const info = (msg: string) => logger.info({ component: "cli" }, msg);
        // The key (eoa), the shared session signer (deposit-wallet) or the sessions' key store
        // (safe-module: the owners keep their keys); on the Redis store the store stays open for the Warden.
        const { key: wallet, store } = await openSigningKey(config, info, logger);
        const development = existsSync(devPassphraseFile(config));
        if (development)
          logger.warn(
            { component: "cli", development: true, base_capital_usd: config.equity.base_capital_usd },
            "DEVELOPMENT wallet and setup: never fund this wallet; base_capital_usd is a development value",
          );
        // safe-module mode's on-chain kill switch: the risk team's guardian key, when configured.
        const guardian = openGuardianKey(config, process.env);
        const warden = await createWarden({ wallet, config, logger, ...(store ? { store } : {}), ...(guardian ? { guardian } : {}) });
        const token = operatorToken(ctx.options.tokenFile);
        const watcher = orderStatusWatcherFromConfig({ warden, logger });
        const heartbeat = heartbeatFromConfig({ warden, logger });
        const retirer = restingOrderRetirerFromConfig({ warden, logger });
        const { max_in_flight, max_body_bytes, retry_after_s, tls } = config.server;
        const server = createServer({
          warden,
          logger,
          options: { max_in_flight, max_body_bytes, retry_after_s, ...(tls ? { tls } : {}) },
          // Operator tokens (hashed, 0600) live next to the keystore; the start token
          // (WARDEN_OPERATOR_TOKEN, --token-file or the development token) is an admin token.
          tokens: createOperatorTokens({
            path: `${dirname(keystorePath(config).path)}/operator-tokens.json`,
            envAdminTokenSha256: token ? createHash("sha256").update(token).digest("hex") : undefined,
          }),
          extraMetricsText: () => `${watcher?.metricsText() ?? ""}${heartbeat?.metricsText() ?? ""}`,
          ...(heartbeat ? { extraHealth: () => ({ heartbeat: heartbeat.status() }) } : {}),
        });
        server.on("error", (e: NodeJS.ErrnoException) => {
          logger.fatal({ code: e.code, host: config.server.host, port: config.server.port }, "cannot listen: change server.port (or WARDEN_PORT) or stop the other process");
          process.exit(2);
        });
        server.listen(config.server.port, config.server.host, () => {
          const address = server.address();
          const port = typeof address === "object" && address ? address.port : config.server.port;
          const store =
            config.store.kind === "embedded"
              ? { store: config.store.path, synchronous: config.store.synchronous }
              : { store: "redis", redis: redactRedisUrl(config.store.url), cluster: config.store.redis.cluster };
          logger.info(
            { component: "cli", url: `${tls ? "https" : "http"}://${config.server.host}:${port}`, wallet: warden.walletAddress, development, operator_routes: token !== null, ...store, order_status_watcher: watcher !== null, heartbeat: heartbeat !== null },
            "warden listening",
          );
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
      }),
    );
}
