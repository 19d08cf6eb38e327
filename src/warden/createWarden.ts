import { createHash, randomBytes } from "node:crypto";
import type { Logger } from "pino";
import { type Address, type Hex, getAddress, hashTypedData } from "viem";
import { z } from "zod";
import { parseConfig } from "../config/parseConfig";
import type { WardenConfig, WardenConfigInput } from "../config/wardenConfigSchema";
import { ConfigError } from "../errors/ConfigError";
import { SessionGrantError } from "../errors/SessionGrantError";
import { SigningDeniedError } from "../errors/SigningDeniedError";
import { StoreUnavailableError } from "../errors/StoreUnavailableError";

import type { Guard, GuardContext, GuardFinding } from "../guards/Guard";
import { killSwitchGuard } from "../guards/killSwitchGuard";
import type { ReasonCode } from "../core/reasonCodes";
import { type RiskVote, voteStamp } from "../core/RiskVote";
import { runPipeline } from "../guards/runPipeline";
import { compactVotes } from "../guards/compactVotes";
import { sessionKeyManagerGuard } from "../guards/sessionKeyManagerGuard";
import { walletPermissionGuard } from "../guards/walletPermissionGuard";
import { createLogger } from "../log/createLogger";
import { type CreateMarketDataReturnType, createMarketData } from "../market/createMarketData";
import { listOpenOrders, type OpenOrder } from "./listOpenOrders";
import { closestToBreach, type ClosestToBreachReturnType } from "../guards/closestToBreach";
import { createRiskContextSource, type DeclaredInputs } from "./createRiskContextSource";
import { routeFor } from "../guards/reasonCodeRouting";
import { createMetrics } from "../log/createMetrics";
import { evaluateOverride, type OverrideRequest, setConfigPath } from "../guards/manualOverrideAuditor";
import { OverrideDeniedError } from "../errors/OverrideDeniedError";
import { riskGuards } from "../guards/riskGuards";
import type { SessionScope } from "../core/SessionScope";
import { type SessionRequest, sessionRequestSchema } from "../core/sessionRequestSchema";
import { sessionGrantTypedData, sessionRevokeTypedData } from "../core/sessionTypedData";
import { createOrderHasher } from "../signer/createOrderHasher";
import { decodeSigningRequest } from "../signer/decodeSigningRequest";
import { knownExchanges } from "../core/polymarket/exchanges";
import { recoverWalletSigner } from "../signer/recoverWalletSigner";
import type { SigningIntent, SigningRequest } from "../core/SigningIntent";
import type { WalletKey } from "../signer/WalletKey";
import { createEmbeddedStore } from "../store/createEmbeddedStore";
import type { AuditVerification, KillSwitchScope, SessionRecord, Store } from "../store/types";

/** Parameters of {@link createWarden}. */
export type CreateWardenParameters = {
  /** The wallet Warden signs for (`eoa` mode). */
  wallet: WalletKey;
  config?: WardenConfigInput;
  /** A store to use instead of the one the config describes (tests). */
  store?: Store;
  logger?: Logger;
  /** Clock in unix ms; tests pin it to probe boundaries. */
  now?: () => number;
  /** Called for every security alert (every WalletPermissionGuard or strategy-binding denial). */
  onSecurityAlert?: (alert: SecurityAlert) => void;
  /** Replaces the guard list (tests of deny-by-default); production uses the configured pipeline. */
  guards?: Guard[];
  /** Market data to read instead of the one the config describes (tests); the caller starts and stops it. */
  marketData?: Pick<CreateMarketDataReturnType, "store" | "clusters">;
  /** Where notify routes POST (default: global fetch); tests pass their own. */
  fetch?: typeof globalThis.fetch;
};

/** A security event (seed 004: every WALLET_PERMISSION_DENIED is one). */
export type SecurityAlert = {
  alert: "WalletPermissionDenied" | "SessionStrategyMismatch";
  session_id: Hex;
  strategy_id: string;
  vote: RiskVote;
};

/** What {@link Warden.requestSession} returns: the document for the owner to sign. */
export type SessionGrantRequest = {
  grant_id: Hex;
  typed_data: ReturnType<typeof sessionGrantTypedData>;
  /** Scope warnings, e.g. PERMISSION_SCOPE_WARN when the whitelist lacks CTFExchangeV2.matchOrders. */
  warnings: GuardFinding[];
};

/** An issued session. The credential is shown once and stored only as a hash. */
export type IssuedSession = {
  session_id: Hex;
  credential: string;
  strategy_id: string;
  valid_until_ms: number;
};

/** A session as operators may see it (no credential material). */
export type SessionView = Omit<SessionRecord, "credential_hash">;

/** The parameters of one signing request. */
export type SignParameters = {
  credential: string;
  /** The strategy the caller signs for; must be the session's. */
  strategy_id: string;
  request: SigningRequest;
  /** What the strategy declares about this request (region, data inputs, counterparty). */
  declared?: DeclaredInputs;
};

/** The signing side a session account talks to (in-process Warden, or an HTTP client later). */
export type SigningEndpoint = {
  readonly walletAddress: Address;
  sign(params: SignParameters): Promise<Hex>;
};

/** A running Warden. */
export type Warden = SigningEndpoint & {
  /** The configuration in force (changes only through audited overrides). */
  readonly config: WardenConfig;
  readonly store: Store;
  requestSession(request: SessionRequest): Promise<SessionGrantRequest>;
  grantSession(params: { grant_id: Hex; signature: Hex }): Promise<IssuedSession>;
  sessionRevokeTypedData(sessionId: Hex): ReturnType<typeof sessionRevokeTypedData>;
  revokeSession(params: { session_id: Hex; signature: Hex }): Promise<void>;
  armKillSwitch(params: KillSwitchParameters): Promise<void>;
  disarmKillSwitch(params: KillSwitchParameters): Promise<void>;
  getSession(sessionId: Hex): SessionView | undefined;
  /** Ends an order's claim on exposure (the strategy or an order watcher saw it cancelled, filled or expired). */
  releaseOrder(params: { intent_id: string; reason: "cancelled" | "filled" | "expired"; actor: string }): Promise<boolean>;
  /** Signed orders still holding exposure (not released, not past the 24 h TTL), with their CLOB order ids. */
  listOpenOrders(): OpenOrder[];
  /** Prometheus text: decisions, votes, pipeline latency, session expiry, kill switches, exposure utilisation. */
  metricsText(): string;
  /** Seed 001: change a guardrail at run time, justified, rate-limited and audited; survives restarts. */
  requestOverride(request: OverrideRequest): Promise<{ vote: RiskVote; warnings: RiskVote[] }>;
  /** Seed 003 "closest to breach": utilisation and minutes to breach of every cap an order on this token touches. */
  closestToBreach(params: { strategy_id: string; token_id: string; minUtilisationPct?: number }): ClosestToBreachReturnType | null;
  verifyAudit(): AuditVerification;
  close(): Promise<void>;
};

/** Which kill switch, who, and why (all audited). */
export type KillSwitchParameters = { scope: KillSwitchScope; strategy_id?: string; actor: string; reason: string };

const hashCredential = (credential: string): string => createHash("sha256").update(credential).digest("hex");
const MAX_COMMIT_RETRIES = 8;

/**
 * Creates a Warden: the guarded signing proxy for one wallet. Opens the embedded store from the
 * configuration unless a store is given, and builds the pipeline KillSwitch → SessionKeyManager →
 * WalletPermissionGuard.
 *
 * @param params - Wallet, configuration and optional overrides.
 * @returns The running Warden.
 * @throws {ConfigError} when the configuration is invalid (field and fix named).
 * @example
 * const warden = await createWarden({ wallet, config: { store: { path: ".warden/warden.db" } } })
 */
export async function createWarden(params: CreateWardenParameters): Promise<Warden> {
  const config = parseConfig(params.config ?? {});
  const now = params.now ?? Date.now;
  const logger = (params.logger ?? createLogger({ level: config.log.level })).child({ component: "warden" });
  const store =
    params.store ?? (await createEmbeddedStore({ path: config.store.path, synchronous: config.store.synchronous }));
  const wallet = params.wallet;
  const walletAddress = getAddress(wallet.address);
  const chainId = config.chain_id;
  const hasher = createOrderHasher({ chainId });
  const exchanges = knownExchanges[chainId];
  // Run-time overrides (seed 001) replace `live` and the guards; everything that may change reads them.
  let live = config;
  let rawConfig = structuredClone((params.config ?? {}) as Record<string, unknown>);
  const capMicros = (c: WardenConfig) => BigInt(Math.round(c.guards.wallet_permission_guard.max_per_call_size_usd * 1e6));
  let operatorCapMicros = capMicros(config);
  const maxAmountUnits = BigInt(Math.round(config.signing.max_amount_usd * 1e6));
  // Pipeline order (DESIGN.md): KillSwitch, the seed-003/002 risk guards, then the session and
  // wallet-permission guards right before signing (seed 004: "runs after the risk guardrails").
  const buildGuards = (c: WardenConfig): Guard[] =>
    params.guards ?? [
      killSwitchGuard(),
      ...riskGuards(c.risk),
      sessionKeyManagerGuard({ mode: c.guards.session_key_manager.mode }),
      walletPermissionGuard({ mode: c.guards.wallet_permission_guard.mode }),
    ];
  let guards = buildGuards(config);
  const approvedOverrides: { requestor_id: string; at_ms: number }[] = [];
  const applyConfig = (raw: Record<string, unknown>, next: WardenConfig): void => {
    rawConfig = raw;
    live = next;
    guards = buildGuards(next);
    operatorCapMicros = capMicros(next);
  };
  // Approved overrides are replayed from the audit log, so a restart keeps them.
  for (const record of store.readAuditOfKind("override")) {
    const o = JSON.parse(record.payload_json) as { decision: string; target: string; value: unknown; requestor_id: string };
    if (o.decision !== "APPROVE") continue;
    const raw = setConfigPath(rawConfig, o.target, o.value);
    applyConfig(raw, parseConfig(raw));
    approvedOverrides.push({ requestor_id: o.requestor_id, at_ms: record.at_ms });
  }
  const ownMarketData = params.marketData ? null : await createMarketData({ config: config.market_data, now, logger });
  const marketData = params.marketData ?? (ownMarketData as CreateMarketDataReturnType);
  if (ownMarketData) {
    ownMarketData.store.track({ tokenIds: config.market_data.track.token_ids, wallets: [wallet.address] });
    const first = await ownMarketData.store.refreshNow();
    if (first.failed.length > 0)
      logger.warn({ failed: first.failed.map((f) => `${f.kind}:${f.key}`) }, "market data incomplete at start: orders on those markets are denied until it arrives");
    ownMarketData.store.start();
  }
  const risk = createRiskContextSource({
    market: marketData,
    store,
    wallet: wallet.address,
    registries: { bannedMarkets: config.registries.banned_markets, bannedCounterparties: config.registries.banned_counterparties },
    baseCapitalMicros: config.equity.base_capital_usd === null ? null : BigInt(Math.round(config.equity.base_capital_usd * 1e6)),
    initialTokens: config.market_data.track.token_ids,
  });
  if (config.equity.base_capital_usd === null)
    logger.warn({ fix: "set equity.base_capital_usd" }, "DrawdownGuard has no capital base: every order is denied with DRAWDOWN_GUARD_DATA_UNAVAILABLE");
  const doFetch = params.fetch ?? globalThis.fetch;
  const metrics = createMetrics({
    warden_decisions_total: { type: "counter", help: "Signing decisions by outcome and deciding reason code." },
    warden_guard_votes_total: { type: "counter", help: "RiskVotes by guard, decision and reason code (shadow votes included)." },
    warden_pipeline_eval_latency_ms: { type: "histogram", help: "Wall-clock time of one guard pipeline evaluation." },
    warden_guard_eval_latency_ms: { type: "histogram", help: "Wall-clock time of one guard's evaluation, by guard (bot_id)." },
    polytraders_sec_walletpermissionguard_eval_latency_ms: { type: "histogram", help: "Wall-clock latency of permission check (seed 004)." },
    polytraders_sec_walletpermissionguard_decisions_total: { type: "counter", help: "WalletPermissionGuard RiskVote decisions (seed 004)." },
    polytraders_sec_walletpermissionguard_denied_total: { type: "counter", help: "WalletPermissionGuard denials by reason (seed 004)." },
  });

  const guardLabels = new Map<string, { bot_id: string }>();
  const observeGuard = (guard: Guard, ms: number): void => {
    let labels = guardLabels.get(guard.bot_id);
    if (!labels) guardLabels.set(guard.bot_id, (labels = { bot_id: guard.bot_id }));
    metrics.observe("warden_guard_eval_latency_ms", ms, labels);
    if (guard.bot_id === "sec.wallet_permission_guard") metrics.observe("polytraders_sec_walletpermissionguard_eval_latency_ms", ms);
  };

  // A vote's counters, resolved once per (guard, decision, code): every signature records ten votes.
  const voteCounters = new Map<string, () => void>();
  const countVote = (v: RiskVote): void => {
    const key = `${v.bot_id}\u0000${v.decision}\u0000${v.reason_code ?? ""}`;
    let count = voteCounters.get(key);
    if (!count) {
      const reason_code = v.reason_code ?? "";
      const all = [metrics.counter("warden_guard_votes_total", { bot_id: v.bot_id, decision: v.decision, reason_code })];
      if (v.bot_id === "sec.wallet_permission_guard") {
        all.push(metrics.counter("polytraders_sec_walletpermissionguard_decisions_total", { decision: v.decision, reason_code }));
        if (v.decision === "DENY") all.push(metrics.counter("polytraders_sec_walletpermissionguard_denied_total", { reason_code }));
      }
      count = all.length === 1 ? (all[0] as () => void) : () => {
        for (const c of all) c();
      };
      voteCounters.set(key, count);
    }
    count();
  };

  const checkedAt = (ms: number) => new Date(ms).toISOString();
  const systemVote = (bot_id: string, code: ReasonCode, evidence: Record<string, unknown>, at: number): RiskVote => ({
    vote_id: `${bot_id}.${voteStamp(checkedAt(at))}.${randomBytes(4).toString("hex")}`,
    bot_id,
    decision: "DENY",
    reason_code: code,
    evidence,
    inputs_used: [],
    checked_at: checkedAt(at),
    mode: "hard_guard",
  });

  const alert = (session: SessionRecord, vote: RiskVote): void => {
    const kind =
      vote.reason_code === "WALLET_PERMISSION_DENIED"
        ? "WalletPermissionDenied"
        : vote.reason_code === "SESSION_STRATEGY_MISMATCH"
          ? "SessionStrategyMismatch"
          : null;
    if (!kind) return;
    const a: SecurityAlert = { alert: kind, session_id: session.session_id, strategy_id: session.scope.strategy_id, vote };
    logger.warn({ alert: kind, session_id: a.session_id, strategy_id: a.strategy_id, reason_code: vote.reason_code, evidence: vote.evidence }, "security alert");
    params.onSecurityAlert?.(a);
  };

  const denialPayload = (session: SessionRecord | null, intent: SigningIntent | null, vote: RiskVote, votes: RiskVote[]) => ({
    session_id: session?.session_id ?? null,
    strategy_id: session?.scope.strategy_id ?? null,
    intent_id: intent?.intent_id ?? null,
    method: intent?.method ?? null,
    decision: "DENY",
    reason_code: vote.reason_code,
    votes: compactVotes(votes),
  });

  /** Seed 003 routing of the deciding code: pause the strategy, queue for review, notify. */
  const route = async (session: SessionRecord, vote: RiskVote): Promise<void> => {
    if (!vote.reason_code) return;
    const r = routeFor(vote.reason_code, live.routing);
    if (!r.pause && !r.review && !r.notify.webhook_url) return;
    const strategy = session.scope.strategy_id;
    const event = { reason_code: vote.reason_code, strategy_id: strategy, session_id: session.session_id, vote_id: vote.vote_id, pause: r.pause, review: r.review };
    try {
      if (r.pause) await setKill({ scope: "strategy", strategy_id: strategy, actor: "warden.routing", reason: `${vote.reason_code} routes to pause (${r.pause})` }, true);
      if (r.review) await store.appendAudit({ kind: "review_queued", at_ms: now(), payload: event });
    } catch {
      logger.error({ reason_code: vote.reason_code }, "routing could not be recorded: store unavailable");
    }
    logger.warn(event, "reason code routed");
    if (r.notify.webhook_url) {
      // Off the signing path: the denial does not wait for the webhook.
      doFetch(r.notify.webhook_url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(event),
        signal: AbortSignal.timeout(2_000),
      }).catch(() => logger.warn({ reason_code: vote.reason_code }, "notify webhook failed"));
    }
  };

  const denied = (session: SessionRecord | null, intent: SigningIntent | null, vote: RiskVote, votes: RiskVote[]): never => {
    metrics.inc("warden_decisions_total", { decision: "DENY", reason_code: vote.reason_code ?? "" });
    logger.info(
      { session_id: session?.session_id, intent_id: intent?.intent_id, reason_code: vote.reason_code, bot_id: vote.bot_id },
      "denied",
    );
    throw new SigningDeniedError({ vote, votes, intentId: intent?.intent_id ?? null });
  };

  /** Records a refusal made before an intent exists (bad credential, revoked, undecodable), then throws it. */
  const refuse = async (session: SessionRecord | null, vote: RiskVote): Promise<never> => {
    try {
      await store.appendAudit({ kind: "decision", at_ms: now(), payload: denialPayload(session, null, vote, [vote]) });
    } catch {
      logger.error({ reason_code: vote.reason_code }, "denial could not be audited: store unavailable");
    }
    // An undecodable request from a live session routes too (seed 003: SEC_SIGNING_INVALID pauses).
    if (session && session.revoked_at_ms === null) await route(session, vote);
    return denied(session, null, vote, [vote]);
  };

  /** The denial of a request the store cannot vouch for (its vote follows any the pipeline cast). */
  const storeDenied = (evidence: Record<string, unknown>, at: number, intentId: string | null, votes: RiskVote[] = []): SigningDeniedError => {
    const vote = systemVote("warden.store", "STORE_DATA_UNAVAILABLE", evidence, at);
    return new SigningDeniedError({ vote, votes: [...votes, vote], intentId });
  };

  const replayDenied = (intentId: string, code: ReasonCode, at: number): never => {
    const vote = systemVote("warden.idempotency", code, { replay_of: intentId }, at);
    throw new SigningDeniedError({ vote, votes: [vote], intentId });
  };

  // Signing calls under way in this process: one alone needs no group commit (see CommitDecisionInput.flush).
  let signing = 0;
  const sign = async (p: SignParameters): Promise<Hex> => {
    signing++;
    try {
      return await signOnce(p);
    } finally {
      signing--;
    }
  };
  const signOnce = async ({ credential, strategy_id, request, declared }: SignParameters): Promise<Hex> => {
    let at = now();
    try {
      store.assertHealthy();
    } catch {
      logger.error({ reason_code: "STORE_DATA_UNAVAILABLE" }, "denied: store unavailable");
      throw storeDenied({}, at, null);
    }
    const session = typeof credential === "string" ? store.findSessionByCredentialHash(hashCredential(credential)) : undefined;
    if (!session) return refuse(null, systemVote("sec.sessionkeymanager", "SESSION_CREDENTIAL_INVALID", {}, at));
    if (session.revoked_at_ms !== null) {
      const code = session.revoke_reason === "kill_switch" ? "KILL_SWITCH_ACTIVE" : "SESSION_REVOKED";
      return refuse(session, systemVote("sec.sessionkeymanager", code, { revoked_at_ms: session.revoked_at_ms }, at));
    }
    const decoded = decodeSigningRequest(request, {
      chainId,
      hasher,
      wallet: wallet.address,
      signatureType: 0,
      nowMs: at,
      maxOrderAgeMs: config.signing.max_order_age_s * 1000,
      maxOrderFutureSkewMs: config.signing.max_order_future_skew_s * 1000,
      maxClobAuthAgeMs: config.signing.max_clob_auth_age_s * 1000,
      maxAmountUnits,
    });
    if (!decoded.ok) {
      return refuse(session, systemVote("sec.signing_request", decoded.reason_code, decoded.evidence, at));
    }
    const intent = decoded.intent;

    for (let attempt = 0; attempt < MAX_COMMIT_RETRIES; attempt++) {
      at = now();
      const existing = store.getDecision(session.session_id, intent.intent_id);
      if (existing?.signature) {
        // Idempotency: a duplicate gets the recorded signature, while the session is still live —
        // and only once that record is durable: a concurrent duplicate may find it still committing.
        try {
          await store.awaitDurable(existing.audit_seq);
        } catch {
          logger.error({ session_id: session.session_id, intent_id: intent.intent_id }, "duplicate denied: the original approval's commit failed");
          throw storeDenied({ replay_of: intent.intent_id }, at, intent.intent_id);
        }
        if (session.revoked_at_ms === null && now() <= session.valid_until_ms) return existing.signature;
        return replayDenied(intent.intent_id, "SESSION_KEY_EXPIRED", at);
      }
      const expectedLedger = store.exposureLedger().version;
      const ctx: GuardContext = {
        now_ms: at,
        session,
        claimed_strategy_id: strategy_id,
        kill_switches: store.getKillSwitches(),
        max_per_call_size_micros: operatorCapMicros,
      };
      if (intent.kind === "order") {
        // Assembled on first read, once: a pipeline without risk guards never pays for it.
        let cached: GuardContext["risk"];
        Object.defineProperty(ctx, "risk", {
          enumerable: true,
          get: () => (cached ??= risk.forOrder({ intent, strategyId: session.scope.strategy_id, nowMs: at, declared: declared ?? {} })),
        });
      }
      const expectedCalls = session.calls_used;
      const expectedEpoch = store.killEpoch();
      const started = performance.now();
      const result = runPipeline(guards, intent, ctx, observeGuard);
      metrics.observe("warden_pipeline_eval_latency_ms", performance.now() - started);
      for (const v of result.votes) {
        countVote(v);
        if (v.decision === "DENY") alert(session, v);
      }
      if (result.decision === "DENY" || intent.kind === "unsignable") {
        const deciding =
          result.deciding ??
          systemVote("sec.wallet_permission_guard", "WALLET_PERMISSION_DENIED", { method: intent.method }, at);
        // Denials are audited but not kept as idempotency records: many are transient (data
        // unavailable, a throttle, a stale book), and a retry deserves a fresh decision.
        try {
          await store.appendAudit({ kind: "decision", at_ms: at, payload: denialPayload(session, intent, deciding, result.votes) });
        } catch {
          logger.error({ reason_code: deciding.reason_code }, "denial could not be audited: store unavailable");
          return denied(session, intent, deciding, result.votes);
        }
        if (deciding.mode !== "shadow_only") await route(session, deciding);
        return denied(session, intent, deciding, result.votes);
      }
      const digest = Buffer.from(intent.digest.slice(2), "hex");
      const signature = wallet.signDigest(digest);
      const exposure = intent.kind === "order" ? risk.exposureEntry({ intent, strategyId: session.scope.strategy_id, nowMs: at }) : null;
      let committed;
      try {
        committed = await store.commitDecision({
          decision: {
            session_id: session.session_id,
            intent_id: intent.intent_id,
            decision: "APPROVE",
            reason_code: null,
            signature,
            audit_seq: -1,
          },
          audit: {
            kind: "decision",
            at_ms: at,
            payload: {
              session_id: session.session_id,
              strategy_id: session.scope.strategy_id,
              intent_id: intent.intent_id,
              method: intent.method,
              contract_address: intent.contract_address,
              size_usd: intent.size_usd,
              decision: "APPROVE",
              reason_code: null,
              signature,
              votes: compactVotes(result.votes),
              // JSON-safe (no bigint) so the audit payload serialises on the fast path. Its intent,
              // strategy and time are the record's own (the store restores them on reload).
              ...(exposure
                ? {
                    exposure: {
                      cluster_id: exposure.cluster_id,
                      condition_id: exposure.condition_id,
                      side: exposure.side,
                      notional_micros: exposure.notional_micros.toString(),
                    },
                  }
                : {}),
            },
          },
          reserve: {
            expected_calls_used: expectedCalls,
            expected_kill_epoch: expectedEpoch,
            ...(exposure ? { exposure: { entry: exposure, expected_ledger_version: expectedLedger } } : {}),
          },
          flush: signing === 1 ? "alone" : "group",
        });
      } catch (e) {
        // The signature is discarded: an approval whose audit record is not durable is never returned.
        logger.error({ session_id: session.session_id, intent_id: intent.intent_id, error: e instanceof Error ? e.name : "unknown" }, "approval discarded: store unavailable");
        throw storeDenied({}, at, intent.intent_id, result.votes);
      }
      if (committed.status === "committed") {
        metrics.inc("warden_decisions_total", { decision: "APPROVE", reason_code: "" });
        logger.debug({ session_id: session.session_id, intent_id: intent.intent_id, audit_seq: committed.audit.seq }, "signed");
        return signature;
      }
      // The session changed between snapshot and commit (another call, a revoke, a kill): re-evaluate.
    }
    throw storeDenied({ cause: "contention" }, now(), intent.intent_id);
  };

  const parseScope = (input: SessionRequest): { scope: SessionScope; lifetimeS: number; warnings: GuardFinding[] } => {
    const parsed = sessionRequestSchema.safeParse(input);
    if (!parsed.success) throw new ConfigError({ problems: z.prettifyError(parsed.error), subject: "session request" });
    const d = config.sessions.defaults;
    const r = parsed.data;
    const allow = (r.contract_allowlist ?? d.contract_allowlist).map((a) => a.toLowerCase() as Address);
    for (const a of allow) {
      if (!exchanges.some((e) => e.address === a))
        throw new ConfigError({
          subject: "session request",
          problems: `✖ contract_allowlist: ${a} is not a known exchange on chain ${chainId}; use one of ${exchanges.map((e) => `${e.name} ${e.address}`).join(", ")}`,
        });
    }
    const sizeUsd = r.max_per_call_size_usd ?? d.max_per_call_size_usd;
    if (sizeUsd > live.guards.wallet_permission_guard.max_per_call_size_usd)
      throw new ConfigError({
        subject: "session request",
        problems: `✖ max_per_call_size_usd ${sizeUsd} exceeds the operator ceiling guards.wallet_permission_guard.max_per_call_size_usd = ${live.guards.wallet_permission_guard.max_per_call_size_usd}; request at most that`,
      });
    const methods = [...new Set(r.method_whitelist ?? d.method_whitelist)];
    const scope: SessionScope = {
      strategy_id: r.strategy_id,
      method_whitelist: methods,
      contract_allowlist: [...new Set(allow)],
      max_per_call_size_micros: BigInt(Math.round(sizeUsd * 1e6)),
      max_session_lifetime_s: Math.round((r.max_session_lifetime_h ?? d.max_session_lifetime_h) * 3600),
      max_calls_per_session: r.max_calls_per_session ?? d.max_calls_per_session,
      idle_timeout_s: r.idle_timeout_s ?? d.idle_timeout_s,
      require_reapproval_s: Math.round((r.require_reapproval_h ?? d.require_reapproval_h) * 3600),
    };
    const warnings: GuardFinding[] = [];
    if (methods.length > 0 && !methods.includes("CTFExchangeV2.matchOrders"))
      warnings.push({ reason_code: "PERMISSION_SCOPE_WARN", evidence: { whitelist_lacks_match_orders: true } });
    return { scope, lifetimeS: scope.max_session_lifetime_s, warnings };
  };

  const warden: Warden = {
    get config() {
      return live;
    },
    store,
    walletAddress,
    sign,

    async requestSession(input) {
      store.assertHealthy();
      const { scope, lifetimeS, warnings } = parseScope(input);
      const at = now();
      const issuedAtSec = Math.floor(at / 1000);
      const nonce = `0x${randomBytes(32).toString("hex")}` as Hex;
      const typed_data = sessionGrantTypedData({
        chainId,
        wallet: walletAddress,
        scope,
        issuedAtSec,
        validUntilSec: issuedAtSec + lifetimeS,
        nonce,
      });
      const grant_id = hashTypedData(typed_data);
      await store.savePendingGrant(
        {
          grant_id,
          wallet: wallet.address,
          nonce,
          scope,
          issued_at_s: issuedAtSec,
          valid_until_s: issuedAtSec + lifetimeS,
          expires_at_ms: at + config.sessions.grant_request_ttl_s * 1000,
        },
        { kind: "grant_requested", at_ms: at, payload: { grant_id, strategy_id: scope.strategy_id, scope, warnings } },
      );
      for (const w of warnings) logger.warn({ grant_id, reason_code: w.reason_code, evidence: w.evidence }, "session scope warning");
      return { grant_id, typed_data, warnings };
    },

    async grantSession({ grant_id, signature }) {
      store.assertHealthy();
      const grant = store.getPendingGrant(grant_id);
      if (!grant) {
        const used = store.listSessions().some((s) => s.session_id === grant_id);
        throw new SessionGrantError({ reason: used ? "grant_already_used" : "unknown_grant", grantId: grant_id });
      }
      const at = now();
      if (at > grant.expires_at_ms) throw new SessionGrantError({ reason: "grant_request_expired", grantId: grant_id });
      const signer = await recoverWalletSigner({ digest: grant_id, signature });
      if (signer !== grant.wallet) throw new SessionGrantError({ reason: "bad_signature", grantId: grant_id });
      const credential = `wdn_${randomBytes(32).toString("base64url")}`;
      const session: SessionRecord = {
        session_id: grant_id,
        wallet: grant.wallet,
        chain_id: chainId,
        scope: grant.scope,
        grant_nonce: grant.nonce,
        credential_hash: hashCredential(credential),
        issued_at_ms: grant.issued_at_s * 1000,
        valid_until_ms: grant.valid_until_s * 1000,
        calls_used: 0,
        last_used_ms: at,
        revoked_at_ms: null,
        revoke_reason: null,
      };
      await store.issueSession(session, grant_id, {
        kind: "session_issued",
        at_ms: at,
        payload: {
          reason_code: "SESSION_ISSUED",
          session_id: grant_id,
          strategy_id: grant.scope.strategy_id,
          wallet: grant.wallet,
          scope: grant.scope,
          valid_until_ms: session.valid_until_ms,
          owner_signature: signature,
        },
      });
      logger.info({ session_id: grant_id, strategy_id: grant.scope.strategy_id, reason_code: "SESSION_ISSUED" }, "session issued");
      return { session_id: grant_id, credential, strategy_id: grant.scope.strategy_id, valid_until_ms: session.valid_until_ms };
    },

    sessionRevokeTypedData: (sessionId) => sessionRevokeTypedData({ chainId, wallet: walletAddress, sessionId }),

    async revokeSession({ session_id, signature }) {
      store.assertHealthy();
      const session = store.getSession(session_id);
      if (!session) throw new SessionGrantError({ reason: "unknown_session" });
      const digest = hashTypedData(sessionRevokeTypedData({ chainId, wallet: walletAddress, sessionId: session_id }));
      const signer = await recoverWalletSigner({ digest, signature });
      if (signer !== session.wallet) throw new SessionGrantError({ reason: "wrong_wallet" });
      const at = now();
      await store.revokeSessions([session_id], "owner", at, {
        kind: "session_revoked",
        at_ms: at,
        payload: { reason_code: "SESSION_REVOKED", session_id, strategy_id: session.scope.strategy_id, owner_signature: signature },
      });
      logger.info({ session_id, reason_code: "SESSION_REVOKED" }, "session revoked");
    },

    async armKillSwitch(p) {
      await setKill(p, true);
    },
    async disarmKillSwitch(p) {
      await setKill(p, false);
    },

    getSession(sessionId) {
      const s = store.getSession(sessionId);
      if (!s) return undefined;
      const { credential_hash: _hidden, ...view } = s;
      return structuredClone(view);
    },
    async releaseOrder({ intent_id, reason, actor }) {
      store.assertHealthy();
      return store.releaseExposure(intent_id, reason, {
        kind: "exposure_released",
        at_ms: now(),
        payload: { intent_id, reason, actor },
      });
    },
    listOpenOrders: () => listOpenOrders({ ledger: store.exposureLedger(), nowMs: now() }),

    closestToBreach({ strategy_id, token_id, minUtilisationPct }) {
      // Exposure only: a metrics scrape must not assemble (or persist) anything else of an order's context.
      const exposure = risk.exposure({ tokenId: token_id, strategyId: strategy_id, nowMs: now() });
      if (exposure.status !== "ok") return null;
      return closestToBreach({ exposure: exposure.value, config: live.risk.exposure, ...(minUtilisationPct === undefined ? {} : { minUtilisationPct }) });
    },

    async requestOverride(request) {
      const at = now();
      const vote = (decision: RiskVote["decision"], finding: GuardFinding | null): RiskVote => ({
        ...systemVote("risk.manualoverrideauditor", finding?.reason_code ?? "OVERRIDE_INVALID", finding?.evidence ?? {}, at),
        decision,
        reason_code: finding?.reason_code ?? null,
        inputs_used: ["override.justification", "override.rate_counter", "internal.killswitch"],
      });
      try {
        store.assertHealthy();
      } catch {
        throw new OverrideDeniedError({ vote: vote("DENY", { reason_code: "OVERRIDE_AUDITOR_DATA_UNAVAILABLE" }) });
      }
      const windowMs = live.overrides.window_s * 1000;
      const verdict = evaluateOverride(request, {
        killSwitchActive: store.getKillSwitches().some((k) => k.armed && k.scope === "global"),
        approvedInWindow: approvedOverrides.filter((a) => a.requestor_id === request.requestor_id && a.at_ms > at - windowMs).length,
        maxPerWindow: live.overrides.max_per_window,
      });
      let deny = verdict.deny;
      let next: { raw: Record<string, unknown>; config: WardenConfig } | null = null;
      if (!deny) {
        try {
          const raw = setConfigPath(rawConfig, request.target, request.value);
          next = { raw, config: parseConfig(raw) };
        } catch (e) {
          const problems = e instanceof ConfigError ? String(e.details.problems) : "invalid value";
          deny = { reason_code: "OVERRIDE_INVALID", evidence: { target: request.target, problem: problems } };
        }
      }
      const votes = [...verdict.annotations.map((a) => vote("WARN", a)), deny ? vote("DENY", deny) : vote("APPROVE", null)];
      const deciding = votes.at(-1) as RiskVote;
      try {
        await store.appendAudit({
          kind: "override",
          at_ms: at,
          payload: {
            requestor_id: request.requestor_id,
            justification: request.justification,
            target: request.target,
            value: deny ? null : request.value,
            decision: deciding.decision,
            reason_code: deciding.reason_code,
            votes: compactVotes(votes),
          },
        });
      } catch {
        throw new OverrideDeniedError({ vote: vote("DENY", { reason_code: "OVERRIDE_AUDITOR_DATA_UNAVAILABLE" }) });
      }
      logger.warn({ requestor_id: request.requestor_id, target: request.target, decision: deciding.decision, reason_code: deciding.reason_code }, "override");
      if (deny || !next) throw new OverrideDeniedError({ vote: deciding });
      applyConfig(next.raw, next.config);
      approvedOverrides.push({ requestor_id: request.requestor_id, at_ms: at });
      return { vote: deciding, warnings: votes.filter((v) => v.decision === "WARN") };
    },

    metricsText() {
      const at = now();
      const live_sessions = store.listSessions().filter((x) => x.revoked_at_ms === null && x.valid_until_ms >= at);
      const expiry = new Map<string, number>();
      for (const x of live_sessions) {
        const left = Math.floor((x.valid_until_ms - at) / 1000);
        expiry.set(x.scope.strategy_id, Math.min(expiry.get(x.scope.strategy_id) ?? left, left));
      }
      const utilisation: Array<{ labels: Record<string, string>; value: number }> = [];
      for (const strategy of expiry.keys()) {
        for (const token of risk.trackedTokens()) {
          for (const cap of warden.closestToBreach({ strategy_id: strategy, token_id: token, minUtilisationPct: -1 }) ?? [])
            utilisation.push({ labels: { strategy_id: strategy, level: cap.level, id: cap.id, metric: cap.metric }, value: cap.utilisationPct });
        }
      }
      return metrics.render([
        {
          name: "polytraders_sec_walletpermissionguard_session_expiry_s",
          help: "Seconds until the strategy's soonest-expiring live session expires (seed 004).",
          samples: [...expiry].map(([strategy_id, value]) => ({ labels: { strategy_id }, value })),
        },
        {
          name: "warden_kill_switch_armed",
          help: "1 when the kill switch is armed.",
          samples: store.getKillSwitches().map((k) => ({ labels: { scope: k.scope, target: k.target }, value: k.armed ? 1 : 0 })),
        },
        { name: "warden_exposure_utilisation_pct", help: "Utilisation of every exposure cap an order on a tracked token touches (seed 003 closest to breach).", samples: utilisation },
        ...walGauges(),
      ]);
    },

    verifyAudit: () => store.verifyAudit(),
    async close() {
      ownMarketData?.store.stop();
      await store.close();
    },
  };

  /** The WAL's last sync by the background checkpoint: at NORMAL, about the window a power loss could take. */
  function walGauges() {
    const wal = store.walCheckpoints();
    // At FULL every commit syncs the WAL itself: no window to report.
    if (!wal || wal.synchronous !== "NORMAL") return [];
    const since = wal.last_sync_at_ms ?? wal.started_at_ms;
    return [
      {
        name: "warden_store_wal_sync_age_seconds",
        help: "Seconds since a background checkpoint last synced the WAL; at store.synchronous=NORMAL, about what a power loss could take (normally ~0.1).",
        // Wall-clock (the checkpointer's own clock), not the injectable `now`.
        samples: [{ labels: {}, value: Math.max(0, Date.now() - since) / 1000 }],
      },
      { name: "warden_store_wal_checkpoint_failures", help: "Background WAL checkpoints that failed since start (each is retried).", samples: [{ labels: {}, value: wal.failures }] },
    ];
  }

  async function setKill(p: KillSwitchParameters, armed: boolean, extra: Record<string, unknown> = {}): Promise<void> {
    if (p.scope === "strategy" && !p.strategy_id)
      throw new ConfigError({ subject: "kill switch", problems: "✖ strategy_id is required for a strategy kill switch" });
    if (!p.actor || !p.reason)
      throw new ConfigError({ subject: "kill switch", problems: "✖ actor and reason are required: every kill-switch change is audited" });
    const at = now();
    const target = p.scope === "global" ? "*" : (p.strategy_id as string);
    // Arming revokes every session it covers (seed 000): a disarm never brings them back.
    const revoke = armed
      ? store
          .listSessions()
          .filter((s) => s.revoked_at_ms === null && (p.scope === "global" || s.scope.strategy_id === target))
          .map((s) => s.session_id)
      : [];
    await store.setKillSwitch({ scope: p.scope, target, armed, changed_at_ms: at, actor: p.actor, reason: p.reason }, revoke, {
      kind: "kill_switch",
      at_ms: at,
      payload: { reason_code: armed ? "KILL_SWITCH_ACTIVE" : null, scope: p.scope, target, armed, actor: p.actor, reason: p.reason, revoked_sessions: revoke, ...extra },
    });
    logger.warn({ scope: p.scope, target, armed, actor: p.actor, revoked: revoke.length }, armed ? "kill switch armed" : "kill switch disarmed");
  }

  // The previous run died with the machine (power loss, reset) at synchronous = NORMAL: its last
  // decisions — signatures already handed out — may be missing, and with them spent budgets and
  // exposure. Nothing is signed on that state until a person has looked: the global kill switch is
  // armed, which revokes every session.
  if (store.startup.decisions_may_be_lost) {
    // A grant redeemed in the lost moments is pending again; redeeming it now would bring back its
    // session with a budget spent from zero. Every pending grant is void: the owner asks anew.
    await store.discardPendingGrants((grant_ids) => ({
      kind: "grants_discarded",
      at_ms: now(),
      payload: { grant_ids, cause: store.startup.loss_cause },
    }));
    await setKill(
      {
        scope: "global",
        actor: "warden",
        reason: `${
          store.startup.loss_cause === "previous_run_unknown"
            ? "the store was last run by a Warden that kept no run marker, so how that run ended is unknown"
            : "the previous run ended without a clean shutdown on an earlier boot of this machine, at store.synchronous = NORMAL"
        }: decisions from its last moments may be missing; check the wallet's open orders on the CLOB, then disarm and grant new sessions`,
      },
      true,
      { cause: store.startup.loss_cause, previous_run: store.startup.previous_run, previous_run_opened_at_ms: store.startup.previous_opened_at_ms ?? null },
    );
    // The switch is on record (an earlier commit): later starts need not arm it again.
    await store.acknowledgeStartup();
    logger.error({ previous_run: store.startup.previous_run, fix: "check open orders, then disarm the global kill switch and grant new sessions" }, "store may have lost its last decisions: global kill switch armed");
  }

  return warden;
}


