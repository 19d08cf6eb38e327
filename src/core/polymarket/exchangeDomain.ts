import type { Address } from "viem";
import { EXCHANGE_DOMAIN_NAME } from "./orderTypes";

/** Parameters of {@link exchangeDomain}. */
export type ExchangeDomainParameters = { exchange: Address; version: "2" | "3"; chainId: number };

/** An exchange's EIP-712 domain (all four fields always present). */
export type ExchangeDomainReturnType = {
  name: "Polymarket CTF Exchange";
  version: string;
  chainId: number;
  verifyingContract: Address;
};

/**
 * The EIP-712 domain a Polymarket exchange signs orders under.
 *
 * @param parameters The exchange address, its domain version and the chain id.
 * @returns `{ name: "Polymarket CTF Exchange", version, chainId, verifyingContract: exchange }`.
 * @example
 * exchangeDomain({ exchange: "0xE111180000d2663C0091e4f400237545B87B996B", version: "2", chainId: 137 });
 */
export function exchangeDomain({ exchange, version, chainId }: ExchangeDomainParameters): ExchangeDomainReturnType {
  return { name: EXCHANGE_DOMAIN_NAME, version, chainId, verifyingContract: exchange };
}
