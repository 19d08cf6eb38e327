import { type Address, getAddress } from "viem";
import { polymarketExchanges } from "../core/polymarket/exchanges";
import { tradingContracts } from "../core/polymarket/tradingContracts";

/** A contract a trading Safe lets move its pUSD and its positions. */
export type SafeSetupSpender = { address: Address; name: string };

/**
 * The spenders `warden safe setup` approves — pUSD `approve` (BUY) and ConditionalTokens
 * `setApprovalForAll` (SELL) — and `warden doctor` checks: the three exchanges and the NegRisk
 * adapter (neg-risk markets split and merge through it).
 *
 * @returns The spenders, in the order the setup batch approves them.
 * @example
 * for (const s of safeSetupSpenders()) console.log(s.name, s.address);
 */
export function safeSetupSpenders(): SafeSetupSpender[] {
  return [...polymarketExchanges.map((e) => ({ address: getAddress(e.address), name: e.name })), { address: getAddress(tradingContracts.negRiskAdapter), name: "NegRiskAdapter" }];
}
