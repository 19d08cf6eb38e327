import type { Address } from "viem";

/** Parameters of {@link wardenDomain}. */
export type WardenDomainParameters = { module: Address; chainId: number };

/** The Warden module's EIP-712 domain (all four fields always present). */
export type WardenDomainReturnType = {
  name: "Warden";
  version: "1";
  chainId: number;
  verifyingContract: Address;
};

/**
 * The EIP-712 domain a session key signs its `SessionOrder` messages under: the module deployment
 * on one chain. `version` is that of the signed format, not of the module.
 *
 * @param parameters The module address and the chain id.
 * @returns `{ name: "Warden", version: "1", chainId, verifyingContract: module }`.
 * @example
 * wardenDomain({ module: "0x064A99AF9326a0b249C10BcC1E0A69b156A10B30", chainId: 137 });
 */
export function wardenDomain({ module, chainId }: WardenDomainParameters): WardenDomainReturnType {
  return { name: "Warden", version: "1", chainId, verifyingContract: module };
}
