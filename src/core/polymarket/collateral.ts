import type { Address } from "viem";

/**
 * The token contracts a trading wallet approves on Polygon (DESIGN.md, research/polymarket-v2.md
 * §3 and §7.2): pUSD (the collateral, ERC-20) and ConditionalTokens (the outcome tokens, ERC-1155).
 * Lower-case addresses.
 *
 * @example
 * polymarketCollateral.pusd // "0xc011a7e12a19f7b1f670d46f03b03f3342e82dfb"
 */
export const polymarketCollateral: { readonly pusd: Address; readonly conditionalTokens: Address } = {
  pusd: "0xc011a7e12a19f7b1f670d46f03b03f3342e82dfb",
  conditionalTokens: "0x4d97dcd97ec945f40cf65f87097ace5ea0476045",
};
