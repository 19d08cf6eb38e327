import type { Address } from "viem";

/** One Polymarket exchange deployment whose orders Warden may sign. */
export type ExchangeDeployment = {
  /** Contract name, as in DESIGN.md. */
  name: "CTFExchangeV2" | "NegRiskCtfExchangeV2" | "ExchangeV3";
  /** EIP-712 domain version the contract uses. */
  version: "2" | "3";
  /** Lower-case address (the domain's verifyingContract). */
  address: Address;
  /** The exchange's bit in a Warden module session's exchange mask. */
  maskBit: 0 | 1 | 2;
};

/**
 * The one list of Polymarket exchanges Warden knows, in the order of the module's exchange mask:
 * CTFExchangeV2, NegRisk CTFExchangeV2, ExchangeV3 (research/polymarket-v2.md §1.3). Polygon (137)
 * and Amoy (80002) share these addresses. The unconfirmed second neg-risk address is deliberately
 * absent.
 *
 * @example
 * const mask = 1 << polymarketExchanges.find((e) => e.name === "NegRiskCtfExchangeV2")!.maskBit;
 */
export const polymarketExchanges: readonly ExchangeDeployment[] = [
  { name: "CTFExchangeV2", version: "2", address: "0xe111180000d2663c0091e4f400237545b87b996b", maskBit: 0 },
  { name: "NegRiskCtfExchangeV2", version: "2", address: "0xe2222d279d744050d28e00520010520000310f59", maskBit: 1 },
  { name: "ExchangeV3", version: "3", address: "0xe3333700ca9d93003f00f0f71f8515005f6c00aa", maskBit: 2 },
];

/**
 * The exchanges whose V2 `Order` documents Warden recognises, per chain id.
 *
 * @example
 * knownExchanges[137].map((e) => e.name) // ["CTFExchangeV2", "NegRiskCtfExchangeV2", "ExchangeV3"]
 */
export const knownExchanges: Readonly<Record<137 | 80002, readonly ExchangeDeployment[]>> = { 137: polymarketExchanges, 80002: polymarketExchanges };
