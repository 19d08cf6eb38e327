import type { BookSnapshot } from "../market/types";
import type { OrderIntent } from "../core/SigningIntent";
import type { RiskContext } from "./RiskContext";

/** The order's book and its age, or why there is none usable. */
export type OrderSnapshotRead<TSnapshot> =
  | { status: "ok"; snapshot: TSnapshot; ageMs: number }
  | { status: "unavailable"; reason: "missing" | "stale" | "token_mismatch"; ageMs: number | null };

/**
 * The book of the order's token, aged against the guard's clock: the older of the store's age and
 * `now - asOfMs`, so a read taken earlier never looks younger than it is. A book of another token
 * is `token_mismatch` (the caller assembled the wrong snapshot: fail closed, never judge it).
 *
 * @param intent - The order.
 * @param risk - The risk snapshot.
 * @param nowMs - The pipeline's clock.
 * @returns The book read.
 * @example
 * const read = bookOfOrder(intent, ctx.risk, ctx.now_ms)
 * if (read.status === "ok") read.snapshot.bestAsk
 */
export function bookOfOrder(intent: OrderIntent, risk: RiskContext, nowMs: number): OrderSnapshotRead<BookSnapshot> {
  const read = risk.book;
  if (read.status === "unavailable") return { status: "unavailable", reason: read.reason, ageMs: read.ageMs };
  if (read.snapshot.tokenId !== intent.order.tokenId.toString()) return { status: "unavailable", reason: "token_mismatch", ageMs: null };
  return { status: "ok", snapshot: read.snapshot, ageMs: Math.max(read.ageMs, nowMs - read.snapshot.asOfMs) };
}
