import type { ExposureBucket, ExposureEntry, ExposureReader, ExposureView, PositionExposure } from "../core/exposure";

type Agg = { gross: bigint; net: bigint };
const RATE_WINDOW_MS = 60_000;

/**
 * In-memory exposure of signed orders, by level (global, cluster, market, strategy), plus each
 * strategy's envelopes and notional in the last minute. Entries count from their approval until
 * released on evidence — the order-status watcher saw it cancelled, filled or expired on the CLOB,
 * an operator released it, or a cancel was confirmed — and never by age alone: a V2 order has no
 * expiry of its own, so one signed days ago can still be posted and matched. Aggregates are
 * maintained incrementally, so a read costs O(1).
 *
 * @example
 * const ledger = new ExposureLedger()
 * ledger.add(entry); ledger.view({ strategyId, clusterId, conditionId, nowMs, positions })
 */
export class ExposureLedger implements ExposureReader {
  readonly #entries = new Map<string, ExposureEntry>();
  /** Each entry's time on the ledger's clock (its `at_ms` unless the store keeps another clock). */
  readonly #clock = new Map<string, number>();
  readonly #agg = new Map<string, Agg>();
  readonly #clusterConditions = new Map<string, Map<string, number>>();
  /** Per strategy, approvals in time order with a moving head and running sum: O(1) amortised. */
  readonly #rates = new Map<string, { items: { at: number; notional: bigint; intentId: string }[]; head: number; sum: bigint }>();
  #version = 0;

  /** Bumped by every add and release: part of the commit's compare-and-reserve. */
  get version(): number {
    return this.#version;
  }

  #bump(key: string, gross: bigint, net: bigint): void {
    const a = this.#agg.get(key) ?? { gross: 0n, net: 0n };
    a.gross += gross;
    a.net += net;
    this.#agg.set(key, a);
  }

  #apply(e: ExposureEntry, sign: 1n | -1n): void {
    const net = (e.side === "BUY" ? e.notional_micros : -e.notional_micros) * sign;
    const gross = e.notional_micros * sign;
    for (const key of ["global", `cluster:${e.cluster_id}`, `market:${e.condition_id}`, `strategy:${e.strategy_id}`])
      this.#bump(key, gross, net);
    const conds = this.#clusterConditions.get(e.cluster_id) ?? new Map<string, number>();
    const n = (conds.get(e.condition_id) ?? 0) + Number(sign);
    if (n === 0) conds.delete(e.condition_id);
    else conds.set(e.condition_id, n);
    this.#clusterConditions.set(e.cluster_id, conds);
  }

  /**
   * Records a signed order (idempotent per intent).
   *
   * @param e - The order's claim.
   * @param clockMs - When it counts from on the ledger's clock: the rate windows run on it, and
   *   `view` takes `nowMs` on it. Default `e.at_ms` (the deciding instance's
   *   clock); a store shared by several instances passes its server's clock instead.
   */
  add(e: ExposureEntry, clockMs: number = e.at_ms): void {
    if (this.#entries.has(e.intent_id)) return;
    this.#entries.set(e.intent_id, e);
    this.#clock.set(e.intent_id, clockMs);
    this.#apply(e, 1n);
    const r = this.#rates.get(e.strategy_id) ?? { items: [], head: 0, sum: 0n };
    r.items.push({ at: clockMs, notional: e.notional_micros, intentId: e.intent_id });
    r.sum += e.notional_micros;
    this.#rates.set(e.strategy_id, r);
    this.#version++;
  }

  /** Removes an order's claim (cancelled, filled, expired). Returns false if it held none. */
  release(intentId: string): boolean {
    const e = this.#entries.get(intentId);
    if (!e) return false;
    this.#entries.delete(intentId);
    this.#clock.delete(intentId);
    this.#apply(e, -1n);
    this.#version++;
    return true;
  }

  /**
   * Undoes an {@link ExposureLedger.add} whose order was never signed (its commit did not land):
   * unlike a release, the order leaves the rate windows too. Returns false if it held no claim.
   */
  retract(intentId: string): boolean {
    const e = this.#entries.get(intentId);
    if (!e || !this.release(intentId)) return false;
    const r = this.#rates.get(e.strategy_id);
    if (r) {
      for (let i = r.items.length - 1; i >= r.head; i--) {
        const item = r.items[i] as { notional: bigint; intentId: string };
        if (item.intentId !== intentId) continue;
        r.items.splice(i, 1);
        r.sum -= item.notional;
        break;
      }
    }
    return true;
  }

  /** Orders still holding exposure (signed, never released), oldest first. */
  openOrders(): ExposureEntry[] {
    return [...this.#entries.values()].map((e) => ({ ...e }));
  }

  /**
   * How many signed orders hold exposure and since when the oldest does (its time on the ledger's
   * clock), in O(1): entries are kept in approval order.
   */
  held(): { count: number; oldestClockMs: number | null } {
    const first = this.#entries.keys().next();
    return { count: this.#entries.size, oldestClockMs: first.done ? null : (this.#clock.get(first.value) ?? null) };
  }

  /** Whether an order still holds exposure. */
  has(intentId: string): boolean {
    return this.#entries.has(intentId);
  }

  #bucket(key: string, id: string, extra?: { grossMicros: bigint; netMicros: bigint }): ExposureBucket {
    const a = this.#agg.get(key) ?? { gross: 0n, net: 0n };
    return { id, grossMicros: a.gross + (extra?.grossMicros ?? 0n), netMicros: a.net + (extra?.netMicros ?? 0n) };
  }

  /**
   * Exposure before the current order, at every level it touches.
   *
   * @returns The view ExposureGuard judges.
   */
  view(p: { strategyId: string; clusterId: string; conditionId: string; nowMs: number; positions: PositionExposure }): ExposureView {
    const rate = this.#rates.get(p.strategyId) ?? { items: [], head: 0, sum: 0n };
    while (rate.head < rate.items.length && (rate.items[rate.head] as { at: number }).at <= p.nowMs - RATE_WINDOW_MS) {
      rate.sum -= (rate.items[rate.head] as { notional: bigint }).notional;
      rate.head++;
    }
    if (rate.head > 1024 && rate.head * 2 > rate.items.length) {
      rate.items.splice(0, rate.head);
      rate.head = 0;
    }
    const posCluster = p.positions.byCluster.get(p.clusterId);
    const instruments = new Set<string>([...(this.#clusterConditions.get(p.clusterId)?.keys() ?? []), ...(posCluster?.conditions ?? [])]);
    return {
      global: this.#bucket("global", "global", p.positions.global),
      cluster: { ...this.#bucket(`cluster:${p.clusterId}`, p.clusterId, posCluster), instruments: instruments.size, instrumentIds: [...instruments] },
      market: this.#bucket(`market:${p.conditionId}`, p.conditionId, p.positions.byMarket.get(p.conditionId)),
      strategy: {
        ...this.#bucket(`strategy:${p.strategyId}`, p.strategyId),
        envelopesLastMinute: rate.items.length - rate.head,
        notionalLastMinuteMicros: rate.sum,
      },
    };
  }
}
