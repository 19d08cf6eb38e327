import type { ClusterResolver } from "../market/createClusterResolver";
import type { MarketSnapshotStore } from "../market/createMarketSnapshotStore";
import type { DeclaredInputs } from "../core/SigningEndpoint";
import type { OrderIntent } from "../core/SigningIntent";
import type { ExposureEntry } from "../core/exposure";
import { positionExposure } from "./positionExposure";
import type { Store } from "../store/Store";
import type { ExposureReader } from "../core/exposure";
import type { Availability, DrawdownView, RiskContext } from "../guards/RiskContext";

/** Parameters of {@link createRiskContextSource}. */
export type CreateRiskContextSourceParameters = {
  market: { store: MarketSnapshotStore; clusters: ClusterResolver };
  /** Where the start-of-day equity is kept. */
  store: Pick<Store, "getMeta" | "setMeta">;
  /** The wallet whose positions count (lower-case). */
  wallet: string;
  registries: { bannedMarkets: readonly string[]; bannedCounterparties: readonly string[] };
  /** Operator-declared capital; equity = capital + unrealised PnL marked to the book mid. */
  baseCapitalMicros: bigint | null;
  /** Tokens the caller already tracks (loaded at start); never dropped. */
  initialTokens?: readonly string[];
  /** Bounds on the tokens tracked on demand (`market_data.track`); defaults as the config's. */
  tracking?: Partial<TokenTrackingLimits>;
};

/** How many tokens are tracked on demand, how fast, and for how long. */
export type TokenTrackingLimits = {
  /** Tokens kept fresh at once, configured ones included. */
  maxTokens: number;
  /** New tokens one session may add per minute. */
  maxNewTokensPerSessionPerMin: number;
  /** A token not ordered (nor held) for this long is no longer kept fresh; configured ones never drop. */
  idleDropMs: number;
};

/** What {@link RiskContextSource.admitToken} decided about an order's token. */
export type TokenAdmission =
  | { status: "tracked" }
  | { status: "added" }
  | { status: "not_live" }
  | { status: "refused"; reason_code: "MARKET_DATA_TRACKING_FULL" | "MARKET_DATA_TRACKING_RATE_EXCEEDED"; evidence: Record<string, unknown> };


/** Assembles {@link RiskContext}s from memory for the signing path. */
export type RiskContextSource = {
  /**
   * Loads what the day's first order needs from the store (its start-of-day equity); null when it
   * is already in memory, so the signing path awaits nothing on every other order.
   */
  prepare(nowMs: number): Promise<void> | null;
  /**
   * Before an order is judged: a tracked token is marked as used; an untracked one is tracked only
   * for a live session (`live()` is asked only then), within the per-session rate and the maximum,
   * and its first fetch refreshes that token alone. Refused: the order is denied (fail closed).
   */
  admitToken(p: { tokenId: string; sessionId: string; nowMs: number; live: () => boolean }): TokenAdmission;
  forOrder(p: { intent: OrderIntent; strategyId: string; nowMs: number; declared: DeclaredInputs; exposure: ExposureReader }): RiskContext;
  /** Exposure an order on this token would be judged against (closest to breach, metrics); tracks nothing. */
  exposure(p: { tokenId: string; strategyId: string; nowMs: number; exposure: ExposureReader }): RiskContext["exposure"];
  /** Token ids whose market data is being kept fresh. */
  trackedTokens(): string[];
  /** Whether this token's market data is being kept fresh (one lookup, no list built). */
  isTracked(tokenId: string): boolean;
  /** The order's claim on exposure, when its cluster is known. */
  exposureEntry(p: { intent: OrderIntent; strategyId: string; nowMs: number }): ExposureEntry | null;
};

const unavailable = (reason: string) => ({ status: "unavailable", reason }) as const;
const equityKey = (ms: number) => `equity_sod:${new Date(ms).toISOString().slice(0, 10)}`;

/**
 * Builds the per-order risk facts from in-memory snapshots (never I/O on the signing path): market
 * metadata and book of the order's token, its cluster, exposure (ledger of signed orders plus
 * filled positions at cost), intraday drawdown (capital plus unrealised PnL, positions marked to
 * the book mid or, without a live book, to the positions source's price, against the first equity
 * seen this UTC day, persisted), and the operator registries. Anything missing or stale is
 * `unavailable`, so the guard that needs it denies. Which tokens are kept fresh is bounded (see
 * {@link RiskContextSource.admitToken}): a token a live session orders for the first time is
 * tracked and fetched alone in the background, its first order denied for want of data (fail
 * closed); tokens nobody orders or holds any more are dropped after `idleDropMs`.
 *
 * @example
 * const risk = createRiskContextSource({ market, store, wallet, registries, baseCapitalMicros: 10_000_000_000n })
 * risk.forOrder({ intent, strategyId: "nba-mm", nowMs: Date.now(), declared: {} })
 */
export function createRiskContextSource(p: CreateRiskContextSourceParameters): RiskContextSource {
  const limits: TokenTrackingLimits = { maxTokens: 200, maxNewTokensPerSessionPerMin: 10, idleDropMs: 3_600_000, ...p.tracking };
  const pinned = new Set<string>(p.initialTokens ?? []);
  /** Tracked token → when it was last ordered or held (ms). */
  const tracked = new Map<string, number>([...pinned].map((t) => [t, 0]));
  /** Session → when it added its tokens of the last minute. */
  const addedBySession = new Map<string, number[]>();
  let lastSweepMs = -Infinity;
  const bannedMarkets = { status: "ok", value: { ids: new Set(p.registries.bannedMarkets.map((m) => m.toLowerCase())) }, ageMs: 0 } as const;
  const bannedCounterparties = {
    status: "ok",
    value: { ids: new Set(p.registries.bannedCounterparties.map((a) => a.toLowerCase())) },
    ageMs: 0,
  } as const;
  p.market.store.track({ wallets: [p.wallet] });

  /** Drops tokens idle for longer than `idleDropMs` (configured ones never) and forgets old rate windows. */
  const sweep = (nowMs: number): void => {
    lastSweepMs = nowMs;
    const idle: string[] = [];
    for (const [t, usedMs] of tracked) if (!pinned.has(t) && nowMs - usedMs > limits.idleDropMs) idle.push(t);
    for (const t of idle) tracked.delete(t);
    if (idle.length > 0) p.market.store.untrack({ tokenIds: idle });
    for (const [session, times] of addedBySession) {
      const kept = times.filter((t) => t > nowMs - 60_000);
      if (kept.length === 0) addedBySession.delete(session);
      else addedBySession.set(session, kept);
    }
  };
  // Sweeps ride on admissions (every 10 s; every second while full, so idle tokens make room soon).
  const maybeSweep = (nowMs: number): void => {
    if (nowMs - lastSweepMs >= (tracked.size >= limits.maxTokens ? 1_000 : 10_000)) sweep(nowMs);
  };
  /** Starts keeping these (untracked) tokens fresh; their first fetch is theirs alone. */
  const add = (tokenIds: string[], nowMs: number): void => {
    for (const t of tokenIds) tracked.set(t, nowMs);
    p.market.store.track({ tokenIds });
    void p.market.store.refreshNow(["market", "book"], { tokenIds });
  };
  /** The wallet's own positions keep their tokens fresh (marks for the drawdown), within the maximum. */
  const trackHeld = (tokenIds: string[], nowMs: number): void => {
    const fresh: string[] = [];
    for (const t of tokenIds) {
      if (tracked.has(t)) tracked.set(t, nowMs);
      else if (tracked.size + fresh.length < limits.maxTokens) fresh.push(t);
    }
    if (fresh.length > 0) add(fresh, nowMs);
  };

  const admitToken: RiskContextSource["admitToken"] = ({ tokenId, sessionId, nowMs, live }) => {
    if (tracked.has(tokenId)) {
      tracked.set(tokenId, nowMs);
      return { status: "tracked" };
    }
    // Only a session that may sign right now makes Warden fetch anything.
    if (!live()) return { status: "not_live" };
    maybeSweep(nowMs);
    if (tracked.size >= limits.maxTokens) {
      return { status: "refused", reason_code: "MARKET_DATA_TRACKING_FULL", evidence: { token_id: tokenId, tracked: tracked.size, max_tokens: limits.maxTokens } };
    }
    const recent = (addedBySession.get(sessionId) ?? []).filter((t) => t > nowMs - 60_000);
    if (recent.length >= limits.maxNewTokensPerSessionPerMin) {
      return {
        status: "refused",
        reason_code: "MARKET_DATA_TRACKING_RATE_EXCEEDED",
        evidence: { token_id: tokenId, added_last_minute: recent.length, max_new_tokens_per_session_per_min: limits.maxNewTokensPerSessionPerMin },
      };
    }
    recent.push(nowMs);
    addedBySession.set(sessionId, recent);
    add([tokenId], nowMs);
    return { status: "added" };
  };

  const drawdown = (nowMs: number): Availability<DrawdownView> => {
    if (p.baseCapitalMicros === null) return unavailable("equity.base_capital_usd is not configured");
    const positions = p.market.store.getPositions(p.wallet);
    if (positions.status !== "ok") return unavailable(`positions ${positions.reason}`);
    let pnl = 0n;
    const untracked: string[] = [];
    for (const pos of positions.snapshot.positions) {
      if (pos.sizeMicros === 0n) continue;
      const book = p.market.store.getBook(pos.tokenId);
      // Marked to the book mid; a position without a live book (resolved, closed, not yet fetched)
      // is marked at the positions source's own price, which is as fresh as the positions snapshot.
      const mark = book.status === "ok" && book.snapshot.mid !== null ? book.snapshot.mid : pos.curPrice;
      if (book.status !== "ok") untracked.push(pos.tokenId);
      pnl += BigInt(Math.round(Number(pos.sizeMicros) * mark)) - pos.initialValueMicros;
    }
    trackHeld(untracked, nowMs);
    const current = p.baseCapitalMicros + pnl;
    const key = equityKey(nowMs);
    const stored = startOfDay.get(key);
    if (stored === undefined) return unavailable("start-of-day equity not loaded from the store");
    if (stored === null) {
      startOfDay.set(key, current);
      // A failed write fails the store itself (every later request is denied), so nothing to handle here.
      p.store.setMeta(key, current.toString()).catch(() => undefined);
    }
    return { status: "ok", value: { startOfDayEquityMicros: stored ?? current, currentEquityMicros: current }, ageMs: positions.ageMs };
  };

  // The day's start-of-day equity as the store holds it (null: none yet, this day's first order sets it).
  const startOfDay = new Map<string, bigint | null>();
  const prepare = (nowMs: number): Promise<void> | null => {
    const key = equityKey(nowMs);
    if (startOfDay.has(key)) return null;
    return p.store.getMeta(key).then((v) => {
      if (!startOfDay.has(key)) startOfDay.set(key, v === undefined ? null : BigInt(v));
    });
  };

  const clusterOf = (conditionId: string) => p.market.clusters.clusterOfCondition(conditionId);

  const exposureOf = (tokenId: string, strategyId: string, nowMs: number, ledger: ExposureReader): RiskContext["exposure"] => {
    const cluster = p.market.clusters.clusterOfToken(tokenId);
    if (cluster.status !== "ok") return unavailable(`cluster ${cluster.reason}`);
    const positions = p.market.store.getPositions(p.wallet);
    if (positions.status !== "ok") return unavailable(`positions ${positions.reason}`);
    return {
      status: "ok",
      value: ledger.view({
        strategyId,
        clusterId: cluster.clusterId,
        conditionId: cluster.conditionId,
        nowMs,
        positions: positionExposure({ positions: positions.snapshot, clusterOf }),
      }),
      ageMs: positions.ageMs,
    };
  };

  return {
    prepare,
    admitToken,
    exposure({ tokenId, strategyId, nowMs, exposure }) {
      return exposureOf(tokenId, strategyId, nowMs, exposure);
    },
    forOrder({ intent, strategyId, nowMs, declared, exposure: ledger }) {
      const tokenId = intent.order.tokenId.toString();
      const market = p.market.store.getMarketByTokenId(tokenId);
      const book = p.market.store.getBook(tokenId);
      const cluster = p.market.clusters.clusterOfToken(tokenId);
      const exposure = exposureOf(tokenId, strategyId, nowMs, ledger);
      return {
        market,
        book,
        cluster,
        exposure,
        drawdown: drawdown(nowMs),
        bannedMarkets,
        bannedCounterparties,
        declared: {
          region: declared.region ?? null,
          inputs: declared.inputs ?? [],
          counterparty: declared.counterparty?.toLowerCase() ?? null,
        },
      };
    },
    trackedTokens: () => [...tracked.keys()],
    isTracked: (tokenId) => tracked.has(tokenId),
    exposureEntry({ intent, strategyId, nowMs }) {
      const cluster = p.market.clusters.clusterOfToken(intent.order.tokenId.toString());
      if (cluster.status !== "ok") return null;
      return {
        intent_id: intent.intent_id,
        strategy_id: strategyId,
        cluster_id: cluster.clusterId,
        condition_id: cluster.conditionId,
        side: intent.side,
        notional_micros: intent.notional_micros,
        at_ms: nowMs,
      };
    },
  };
}
