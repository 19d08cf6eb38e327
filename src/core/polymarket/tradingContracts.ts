import type { Address } from "viem";

/**
 * The contracts a trading wallet approves on Polygon (Amoy uses the same V2 addresses), lower-case:
 * pUSD (the collateral, 6 decimals), ConditionalTokens (the ERC-1155 positions) and the NegRisk
 * adapter, which neg-risk markets need approved in practice (research §7.2: reported by
 * integrators, not in Polymarket's docs).
 *
 * @example
 * tradingContracts.pusd // "0xc011a7e12a19f7b1f670d46f03b03f3342e82dfb"
 */
export const tradingContracts = {
  pusd: "0xc011a7e12a19f7b1f670d46f03b03f3342e82dfb",
  conditionalTokens: "0x4d97dcd97ec945f40cf65f87097ace5ea0476045",
  negRiskAdapter: "0xd91e80cf2e7be2e162c6513ced06f1dd0da35296",
} as const satisfies Record<string, Address>;
