import { parseConfig } from "../config/parseConfig";
import { createLogger } from "../log/createLogger";
import { type CreateMarketDataReturnType, createMarketData } from "../market/createMarketData";
import { createOrderHasher } from "../signer/createOrderHasher";
import { getAddress } from "viem";
import { WalletKey } from "../signer/WalletKey";
import type { SafeDriftMark } from "../chain/createSafeSessionActivations";
import { createStore } from "../store/createStore";
import { createDenials } from "./createDenials";
import { createKillSwitches } from "./createKillSwitches";
import { createOrderCancels } from "./createOrderCancels";
import { cancelClientFromConfig } from "./cancelClientFromConfig";
import { userPauserFromConfig } from "./userPauserFromConfig";
import { createOverrides } from "./createOverrides";
import { createQueries } from "./createQueries";
import { createRiskContextSource } from "./createRiskContextSource";
import { createRouting } from "./createRouting";
import { createSessions } from "./sessions/createSessions";
import { createSigningMetrics } from "./createSigningMetrics";
import { createSignRequest } from "./createSignRequest";
import { createLiveConfig } from "./liveConfig";
import { openWallet } from "./openWallet";
import { recoverFromLostDecisions } from "./recoverFromLostDecisions";
import { systemVote } from "./systemVote";
import type { CreateWardenParameters, Warden } from "./Warden";
import type { WardenContext } from "./WardenContext";

/**
 * Creates a Warden: the guarded signing proxy for one wallet. Composes the ports (store, wallet,
 * market data) with the use cases (signing, sessions, kill switches, overrides, queries); opens the
 * store and market data the configuration describes unless given.
 *
 * @param params - Wallet, configuration and optional replacements (tests).
 * @returns The running Warden.
 * @throws {ConfigError} when the configuration is invalid (field and fix named).
 * @example
 * const warden = await createWarden({ wallet, config: { store: { path: ".warden/warden.db" } } })
 */
export async function createWarden(params: CreateWardenParameters): Promise<Warden> {
  const config = parseConfig(params.config ?? {});
  const now = params.now ?? Date.now;
  // Before anything is opened: a pause_user the wallet mode cannot serve fails the start cleanly.
  const pauser = userPauserFromConfig(config, params.wallet, now, params.guardian);
  const logger = (params.logger ?? createLogger({ level: config.log.level })).child({ component: "warden" });
  const hasher = createOrderHasher({ chainId: config.chain_id });
  // A key is opened as the configured wallet mode (eoa, or the session signer of a deposit wallet).
  // safe-module mode: the sessions' key store (each session signs with its own key).
  const opened =
    params.wallet instanceof WalletKey || !("signIntent" in params.wallet)
      ? await openWallet({ config, key: params.wallet, hasher, logger, now, ...(params.chainTransport ? { transport: params.chainTransport } : {}) })
      : { wallet: params.wallet, close: async () => {} };
  const wallet = opened.wallet;
  const safeSessions = "safeSessions" in opened ? opened.safeSessions : undefined;
  const store = params.store ?? (await createStore(config.store, { chainId: config.chain_id, wallet: wallet.address, logger }));
  // The module's events are followed from the block processed before a restart (none missed).
  if (safeSessions) {
    const key = `safe_events_block:${safeSessions.safe.toLowerCase()}`;
    safeSessions.resumeEvents({
      load: async () => {
        const v = await store.getMeta(key);
        return v === undefined ? undefined : BigInt(v);
      },
      save: (block) => store.setMeta(key, block.toString()),
      // A frozen (drifted) session stays frozen across restarts.
      loadDrift: async () => JSON.parse((await store.getMeta(`${key}:drift`)) ?? "{}") as Record<string, Record<string, SafeDriftMark>>,
      saveDrift: (marks) => store.setMeta(`${key}:drift`, JSON.stringify(marks)),
    });
  }
  // Sessions issued before a restart are followed again (their grants are read back before any signs).
  if (safeSessions)
    for (const s of await store.listSessions()) if (s.safe_grant && s.revoked_at_ms === null && s.valid_until_ms > now()) safeSessions.follow(s.session_id, s.safe_grant);
  const live = createLiveConfig({
    config,
    raw: structuredClone((params.config ?? {}) as Record<string, unknown>),
    ...(params.guards ? { guards: params.guards } : {}),
  });
  // Approved overrides are replayed from the audit log before anything reads the configuration.
  const overrides = createOverrides({ store, live, logger, now });
  await overrides.replay();

  const ownMarketData = params.marketData ? null : await createMarketData({ config: config.market_data, now, logger });
  const marketData = params.marketData ?? (ownMarketData as CreateMarketDataReturnType);
  if (ownMarketData) {
    ownMarketData.store.track({ tokenIds: config.market_data.track.token_ids, wallets: [wallet.expects.maker] });
    const first = await ownMarketData.store.refreshNow();
    if (first.failed.length > 0)
      logger.warn({ failed: first.failed.map((f) => `${f.kind}:${f.key}`) }, "market data incomplete at start: orders on those markets are denied until it arrives");
    ownMarketData.store.start();
  }
  const risk = createRiskContextSource({
    market: marketData,
    store,
    wallet: wallet.expects.maker,
    registries: { bannedMarkets: config.registries.banned_markets, bannedCounterparties: config.registries.banned_counterparties },
    baseCapitalMicros: config.equity.base_capital_usd === null ? null : BigInt(Math.round(config.equity.base_capital_usd * 1e6)),
    initialTokens: config.market_data.track.token_ids,
    tracking: {
      maxTokens: config.market_data.track.max_tokens,
      maxNewTokensPerSessionPerMin: config.market_data.track.max_new_tokens_per_session_per_min,
      idleDropMs: config.market_data.track.idle_drop_s * 1000,
    },
  });
  if (config.equity.base_capital_usd === null)
    logger.warn({ fix: "set equity.base_capital_usd" }, "DrawdownGuard has no capital base: every order is denied with DRAWDOWN_GUARD_DATA_UNAVAILABLE");

  const ctx: WardenContext = { config, live, store, wallet, hasher, risk, logger, now, ...(safeSessions ? { safeSessions } : {}) };
  const metrics = createSigningMetrics();
  const queries = createQueries(ctx, metrics);
  const cancelClient = cancelClientFromConfig(config, wallet.address, now);
  if (!cancelClient) logger.info({ fix: "set kill_switch.clob (or order_status) with the wallet's CLOB API key" }, "kill switches stop signing but cancel no resting order on the CLOB");
  const cancels = createOrderCancels({
    client: cancelClient,
    listOpenOrders: queries.listOpenOrders,
    releaseOrder: queries.releaseOrder,
    familyOf: live.familyOf,
    clusterOf: (conditionId) => marketData.clusters.clusterOfCondition(conditionId),
    clusterMarkets: (clusterId) => (Object.hasOwn(live.config.market_data.clusters, clusterId) ? (live.config.market_data.clusters[clusterId] ?? []) : []),
    store,
    logger,
    now,
    ...(params.onKillSwitchAlert ? { onAlert: params.onKillSwitchAlert } : {}),
  });
  const { arm, settle, ...killSwitches } = createKillSwitches(ctx, {
    overrides,
    cancels,
    pauser,
    listOpenOrders: queries.listOpenOrders,
    ...(params.onKillSwitchAlert ? { onAlert: params.onKillSwitchAlert } : {}),
  });
  // A code routed to pause arms the strategy's switch like an operator would: its orders are cancelled too.
  const route = createRouting(ctx, params.fetch ?? globalThis.fetch, arm);
  const denials = createDenials(ctx, { metrics, route, ...(params.onSecurityAlert ? { onSecurityAlert: params.onSecurityAlert } : {}) });
  // safe-module: a session changed on-chain behind Warden is frozen and raised as a security alert.
  safeSessions?.onDriftOnChain((sessionId, drift) => {
    void store.getSession(sessionId).then(
      (s) => {
        if (s) denials.alert(s, systemVote("warden.wallet", "WALLET_SAFE_SESSION_NOT_ACTIVE", { problem: "mismatch", drift }, now()), "SafeSessionDrift");
      },
      () => logger.error({ session_id: sessionId }, "Safe session drift: the store could not be read for the alert (the session is frozen regardless)"),
    );
  });

  const warden: Warden = {
    get config() {
      return live.config;
    },
    store,
    walletAddress: wallet.address,
    signerAddress: getAddress(wallet.expects.clobAuthAddress),
    sign: createSignRequest(ctx, { metrics, denials, route }),
    ...createSessions(ctx),
    ...killSwitches,
    requestOverride: overrides.requestOverride,
    ...queries,
    async close() {
      ownMarketData?.store.stop();
      // Cancels under way finish (and record their releases) first; each is bounded by its deadline.
      await settle();
      await opened.close();
      await store.close();
    },
  };
  await recoverFromLostDecisions(ctx, arm);
  return warden;
}
