import type { ClobOpenOrder } from "./clobOpenOrderSchema.js";

/** Why an order's exposure is kept after a poll; stable, for logs and metrics. */
export type OrderStatusKeepCode =
  /** Resting (or delayed) with nothing matched. */
  | "ORDER_STATUS_OPEN"
  /** Resting with part matched: the rest can still fill. */
  | "ORDER_STATUS_PARTIAL"
  /** `MATCHED` but `size_matched` < `original_size` (or a zero-size order): not proven filled. */
  | "ORDER_STATUS_MATCHED_PARTIAL"
  /** A status string Warden does not know. */
  | "ORDER_STATUS_UNKNOWN_STATUS"
  /** The answer is for another order. */
  | "ORDER_STATUS_ID_MISMATCH";

/** What one validated CLOB answer means for the order's exposure. */
export type ClobOrderClassification =
  | { action: "release"; reason: "cancelled" | "filled"; status: string }
  | { action: "keep"; code: OrderStatusKeepCode; status: string };

/** Terminal statuses that end an order without (further) fills; matched case-insensitively, `ORDER_STATUS_` prefix optional. */
export const CANCELLED_STATUSES: ReadonlySet<string> = new Set(["CANCELED", "CANCELLED", "CANCELED_MARKET_RESOLVED", "INVALID"]);
/** Live statuses: the order can still fill. */
const OPEN_STATUSES: ReadonlySet<string> = new Set(["LIVE", "DELAYED"]);

/** `"12.5"` → `[125n, 1]`: digits and scale, exact. */
function decimal(value: string): [bigint, number] {
  const [int = "0", frac = ""] = value.split(".");
  return [BigInt(int + frac), frac.length];
}

/** a ≥ b for non-negative decimal strings, exactly. */
function gte(a: string, b: string): boolean {
  const [da, sa] = decimal(a);
  const [db, sb] = decimal(b);
  const scale = Math.max(sa, sb);
  return da * 10n ** BigInt(scale - sa) >= db * 10n ** BigInt(scale - sb);
}

/**
 * Decides, from one schema-valid CLOB order, whether the order's claim on exposure ends. Fail
 * closed: a release loosens risk limits, so only a definitive terminal answer for exactly this
 * order releases.
 *
 * - `id` must equal `orderHash` (hex case ignored), else keep (`ORDER_STATUS_ID_MISMATCH`).
 * - The status is upper-cased and an `ORDER_STATUS_` prefix dropped (docs.polymarket.com lists
 *   `ORDER_STATUS_LIVE | _INVALID | _CANCELED_MARKET_RESOLVED | _CANCELED | _MATCHED`; the CLOB has
 *   been seen answering `MATCHED` and lower-case `live`/`matched`/`canceled`).
 * - `CANCELED`, `CANCELLED`, `CANCELED_MARKET_RESOLVED`, `INVALID` → release `cancelled` (what did
 *   fill before the cancel is a position, counted from the positions source).
 * - `MATCHED` with `size_matched` ≥ `original_size` > 0 → release `filled`; a short `MATCHED` keeps.
 * - `LIVE`, `DELAYED` → keep (`ORDER_STATUS_OPEN`, or `ORDER_STATUS_PARTIAL` when part matched).
 * - anything else → keep (`ORDER_STATUS_UNKNOWN_STATUS`).
 *
 * @param parameters - `{ orderHash, order }`: the hash asked for and the validated answer.
 * @returns Release (with the reason) or keep (with a stable code).
 *
 * @example
 * ```ts
 * classifyClobOrder({ orderHash, order: { id: orderHash, status: "ORDER_STATUS_CANCELED", original_size: "100", size_matched: "0" } });
 * // { action: "release", reason: "cancelled", status: "ORDER_STATUS_CANCELED" }
 * ```
 */
export function classifyClobOrder({ orderHash, order }: { orderHash: string; order: ClobOpenOrder }): ClobOrderClassification {
  const status = order.status;
  if (order.id.toLowerCase() !== orderHash.toLowerCase()) return { action: "keep", code: "ORDER_STATUS_ID_MISMATCH", status };
  const upper = status.toUpperCase();
  const name = upper.startsWith("ORDER_STATUS_") ? upper.slice("ORDER_STATUS_".length) : upper;
  if (CANCELLED_STATUSES.has(name)) return { action: "release", reason: "cancelled", status };
  const anyMatched = !gte("0", order.size_matched);
  if (name === "MATCHED") {
    const full = !gte("0", order.original_size) && gte(order.size_matched, order.original_size);
    return full ? { action: "release", reason: "filled", status } : { action: "keep", code: "ORDER_STATUS_MATCHED_PARTIAL", status };
  }
  if (OPEN_STATUSES.has(name)) return { action: "keep", code: anyMatched ? "ORDER_STATUS_PARTIAL" : "ORDER_STATUS_OPEN", status };
  return { action: "keep", code: "ORDER_STATUS_UNKNOWN_STATUS", status };
}
