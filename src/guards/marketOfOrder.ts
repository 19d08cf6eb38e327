import type { MarketSnapshot } from "../market/types";
import type { OrderIntent } from "../core/SigningIntent";
import type { OrderSnapshotRead } from "./bookOfOrder";
import type { RiskContext } from "./RiskContext";

/**
 * The Gamma metadata of the order's market, aged against the guard's clock (the older of the
 * store's age and `now - asOfMs`). Metadata none of whose outcomes is the order's token is
 * `token_mismatch`: fail closed rather than judge another market.
 *
 * @param intent - The order.
 * @param risk - The risk snapshot.
 * @param nowMs - The pipeline's clock.
 * @returns The market read.
 * @example
 * const read = marketOfOrder(intent, ctx.risk, ctx.now_ms)
 * if (read.status === "ok") read.snapshot.state.tradable
 */
export function marketOfOrder(intent: OrderIntent, risk: RiskContext, nowMs: number): OrderSnapshotRead<MarketSnapshot> {
  const read = risk.market;
  if (read.status === "unavailable") return { status: "unavailable", reason: read.reason, ageMs: read.ageMs };
  const tokenId = intent.order.tokenId.toString();
  if (!read.snapshot.outcomes.some((o) => o.tokenId === tokenId)) return { status: "unavailable", reason: "token_mismatch", ageMs: null };
  return { status: "ok", snapshot: read.snapshot, ageMs: Math.max(read.ageMs, nowMs - read.snapshot.asOfMs) };
}
