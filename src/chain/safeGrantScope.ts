import type { Hex } from "viem";
import type { SessionScope } from "../core/SessionScope";
import { knownExchanges } from "../core/polymarket/exchanges";
import type { WardenSessionGrant } from "./encodeGrantSession";

/** Parameters of {@link safeGrantScope}. */
export type SafeGrantScopeParameters = {
  chainId: keyof typeof knownExchanges;
  /** The off-chain scope the session was requested with. */
  scope: SessionScope;
  /**
   * The Warden session id: the EIP-712 hash of the SessionGrant document, which covers every
   * off-chain part of the scope (strategy id, methods, idle timeout, re-approval window, nonce).
   */
  grantId: Hex;
  validUntilSec: number;
  /** How long after its timestamp a signed order stays valid on-chain (`wallet.max_order_age_s`). */
  maxOrderAgeSec: number;
  /** The strategy's index on the module (0–63: its bit in the guardian's per-strategy pause); default 0. */
  strategyIndex?: number;
};

/**
 * The on-chain half of a Safe session: the module's `grantSession` scope (everything but the key)
 * computed from the off-chain scope, so the owners approve both halves with one Safe transaction.
 * Cap, price band, budget, lifetime and exchanges map one to one. The parts the module has no field
 * for (idle timeout, re-approval window, method names, strategy id) are bound by the session id:
 * the grant lists `uint256(grantId)` as its one token id. The module stores it (`isTokenAllowed`
 * reads it back) and Warden activates the session only when it is there, so an on-chain grant
 * activates exactly the off-chain scope whose SessionGrant hash it carries. The token allowlist is
 * off, so the marker never admits an order (and no ERC-1155 position id equals a Warden grant hash).
 * No call pairs, spenders or recipients: Warden signs orders only. The strategy index is the strategy's
 * bit in the guardian's per-strategy pause (Warden gives each strategy id of the Safe its own).
 *
 * @param parameters - Chain, scope, grant id, lifetime, order age.
 * @returns The grant without its key (the key is the session's fresh key).
 * @example
 * const scope = safeGrantScope({ chainId: 137, scope: record.scope, grantId: record.session_id, validUntilSec, maxOrderAgeSec: 86_400 });
 */
export function safeGrantScope({ chainId, scope, grantId, validUntilSec, maxOrderAgeSec, strategyIndex = 0 }: SafeGrantScopeParameters): Omit<WardenSessionGrant, "key"> {
  let exchangeMask = 0;
  for (const e of knownExchanges[chainId]) if (scope.contract_allowlist.includes(e.address)) exchangeMask |= 1 << e.maskBit;
  return {
    limits: {
      validUntil: validUntilSec,
      maxOrderAgeSec,
      maxPerCallMicroUsd: scope.max_per_call_size_micros,
      minSellPriceMicroUsd: Number(scope.min_sell_price_micros),
      maxBuyPriceMicroUsd: Number(scope.max_buy_price_micros),
      maxCalls: scope.max_calls_per_session,
      maxValuePerCallWei: 0n,
      exchangeMask,
      strategy: strategyIndex,
      tokenAllowlist: false,
    },
    calls: [],
    spenders: [],
    recipients: [],
    tokenIds: [BigInt(grantId)],
  };
}
