import type { Address } from "viem";

/**
 * The exchanges a Warden module deployment knows on Polygon (and Amoy, same V2 addresses), in the
 * order that defines a session's exchange mask: bit 0 = CTFExchangeV2, bit 1 = NegRisk
 * CTFExchangeV2, bit 2 = ExchangeV3.
 *
 * @example
 * const mask = 1 << polymarketExchanges.findIndex((e) => e.name === "NegRiskCTFExchangeV2");
 */
export const polymarketExchanges: readonly { name: string; address: Address; version: "2" | "3" }[] = [
  { name: "CTFExchangeV2", address: "0xE111180000d2663C0091e4f400237545B87B996B", version: "2" },
  { name: "NegRiskCTFExchangeV2", address: "0xe2222d279d744050d28e00520010520000310F59", version: "2" },
  { name: "ExchangeV3", address: "0xe3333700cA9d93003F00f0F71f8515005F6c00Aa", version: "3" },
];
