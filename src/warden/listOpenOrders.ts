import { type Hex, formatUnits } from "viem";
import type { ExposureReader } from "../core/exposure";
import { orderHashOfIntent } from "../market/orderHashOfIntent";

/** A signed order that still holds exposure: signed and never released (age ends none). */
export type OpenOrder = {
  /** `int_` + the order's EIP-712 digest. */
  intent_id: string;
  /** The CLOB order id: the order's EIP-712 digest, `0x` + 64 lower-case hex. */
  order_hash: Hex;
  strategy_id: string;
  condition_id: string;
  side: "BUY" | "SELL";
  /** pUSD notional as an exact decimal string (BUY → makerAmount, SELL → takerAmount, 6 decimals). */
  notional_usd: string;
  /** When Warden signed it (unix ms). */
  at_ms: number;
};

/** Parameters of {@link listOpenOrders}. */
export type ListOpenOrdersParameters = {
  ledger: Pick<ExposureReader, "openOrders">;
};

/**
 * The orders Warden signed whose exposure is still open, oldest first, with their CLOB
 * order ids. Ledger entries whose intent id is not an order digest (none are written today) are
 * left out: they have no order to watch.
 *
 * @param parameters - `{ ledger }`.
 * @returns One {@link OpenOrder} per open claim.
 *
 * @example
 * ```ts
 * const open = listOpenOrders({ ledger: await store.exposure() });
 * open[0]?.order_hash; // "0x…" — GET {clob}/data/order/{order_hash}
 * ```
 */
export function listOpenOrders({ ledger }: ListOpenOrdersParameters): OpenOrder[] {
  const open: OpenOrder[] = [];
  for (const e of ledger.openOrders()) {
    const order_hash = orderHashOfIntent(e.intent_id);
    if (order_hash === null) continue;
    open.push({
      intent_id: e.intent_id,
      order_hash,
      strategy_id: e.strategy_id,
      condition_id: e.condition_id,
      side: e.side,
      notional_usd: formatUnits(e.notional_micros, 6),
      at_ms: e.at_ms,
    });
  }
  return open;
}
