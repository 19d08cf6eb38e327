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
  /** Tokens the caller already tracks (loaded at start). */
  initialTokens?: readonly string[];
};


/** Assembles {@link RiskContext}s from memory for the signing path. */
export type RiskContextSource = {
  /**
   * Loads what the day's first order needs from the store (its start-of-day equity); null when it
   * is already in memory, so the signing path awaits nothing on every other order.
   */
  prepare(nowMs: number): Promise<void> | null;
  forOrder(p: { intent: OrderIntent; strategyId: string; nowMs: number; declared: DeclaredInputs; exposure: ExposureReader }): RiskContext;
  /** Exposure an order on this token would be judged against (closest to breach, metrics); tracks the token. */
  exposure(p: { tokenId: string; strategyId: string; nowMs: number; exposure: ExposureReader }): RiskContext["exposure"];
  /** Token ids whose market data is being kept fresh. */
  trackedTokens(): string[];
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
 * `unavailable`, so the guard that needs it denies. A token seen for the first time is tracked and
 * fetched in the background; its first order is denied for want of data (fail closed).
 *
 * @example
 * const risk = createRiskContextSource({ market, store, wallet, registries, baseCapitalMicros: 10_000_000_000n })
 * risk.forOrder({ intent, strategyId: "nba-mm", nowMs: Date.now(), declared: {} })
 */
export function createRiskContextSource(p: CreateRiskContextSourceParameters): RiskContextSource {
  const tracked = new Set<string>(p.initialTokens ?? []);
  const bannedMarkets = { status: "ok", value: { ids: new Set(p.registries.bannedMarkets.map((m) => m.toLowerCase())) }, ageMs: 0 } as const;
  const bannedCounterparties = {
    status: "ok",
    value: { ids: new Set(p.registries.bannedCounterparties.map((a) => a.toLowerCase())) },
    ageMs: 0,
  } as const;
  p.market.store.track({ wallets: [p.wallet] });

  const track = (tokenIds: string[]): void => {
    const fresh = tokenIds.filter((t) => !tracked.has(t));
    if (fresh.length === 0) return;
    for (const t of fresh) tracked.add(t);
    p.market.store.track({ tokenIds: fresh });
    void p.market.store.refreshNow(["market", "book"]);
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
    track(untracked);
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
    exposure({ tokenId, strategyId, nowMs, exposure }) {
      track([tokenId]);
      return exposureOf(tokenId, strategyId, nowMs, exposure);
    },
    forOrder({ intent, strategyId, nowMs, declared, exposure: ledger }) {
      const tokenId = intent.order.tokenId.toString();
      track([tokenId]);
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
    trackedTokens: () => [...tracked],
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
