import type { Hex } from "viem";

const ORDER_INTENT_ID = /^int_([0-9a-f]{64})$/;

/**
 * The CLOB order id of a signed order, from Warden's intent id. An order's intent id is `int_` +
 * the order's EIP-712 digest (`hashTypedData` of the V2 `Order` under its exchange domain, see
 * `decodeSigningRequest`), and the CLOB's `orderID` is that same digest (`clob-client-v2`'s
 * `ExchangeOrderBuilderV2.buildOrderHash` is `hashTypedData` of the order), so the id is the
 * digest with a `0x` prefix. Anything else (a ClobAuth or malformed id) has no order id.
 *
 * @param intentId - An intent id from the exposure ledger or the audit log.
 * @returns The order hash (`0x` + 64 lower-case hex), or `null`.
 *
 * @example
 * ```ts
 * orderHashOfIntent(`int_${"ab".repeat(32)}`); // "0xabab…ab"
 * orderHashOfIntent("clob_auth_1"); // null
 * ```
 */
export function orderHashOfIntent(intentId: string): Hex | null {
  const m = ORDER_INTENT_ID.exec(intentId);
  return m ? (`0x${m[1]}` as Hex) : null;
}
