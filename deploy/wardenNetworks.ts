import type { Address } from "viem";
import { polymarketExchanges } from "../src/core/polymarket/exchanges";

/** What a deployment needs to know about a chain. */
export type WardenNetwork = {
  chainId: number;
  exchanges: readonly { address: Address; version: "2" | "3" }[];
  /** Safe 1.5.0 ExtensibleFallbackHandler (canonical address); deployed by us when absent. */
  extensibleFallbackHandler: Address;
};

/** Safe 1.5.0 canonical ExtensibleFallbackHandler (safe-global/safe-deployments). */
const CANONICAL_EXTENSIBLE_FALLBACK_HANDLER: Address = "0x85a8ca358D388530ad0fB95D0cb89Dd44Fc242c3";

/**
 * Polygon and Amoy: the same CTFExchangeV2, NegRisk CTFExchangeV2 and ExchangeV3 addresses (Amoy
 * runs the V2 contracts at the Polygon addresses), so the module's init code — and with CREATE2
 * its address — is the same on both.
 *
 * @example
 * const { chainId, exchanges } = wardenNetworks.polygon;
 */
export const wardenNetworks: Record<"polygon" | "amoy", WardenNetwork> = {
  polygon: { chainId: 137, exchanges: polymarketExchanges, extensibleFallbackHandler: CANONICAL_EXTENSIBLE_FALLBACK_HANDLER },
  amoy: { chainId: 80002, exchanges: polymarketExchanges, extensibleFallbackHandler: CANONICAL_EXTENSIBLE_FALLBACK_HANDLER },
};
