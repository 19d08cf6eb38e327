import { type Hex, encodeAbiParameters, keccak256, toHex } from "viem";
import type { ExchangeDomainReturnType } from "./exchangeDomain";

const DOMAIN_TYPEHASH = keccak256(toHex("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)"));

/**
 * EIP-712 domain separator of an exchange domain (what the Safe's fallback handler keys the
 * module's registration by, via `setDomainVerifier`).
 *
 * @param domain The exchange domain.
 * @returns The 32-byte domain separator.
 * @example
 * exchangeDomainSeparator(exchangeDomain({ exchange, version: "2", chainId: 137 }));
 * // 0x3264e159346253e26a64e00b69032db0e7d32f94628de3e6eecb50304d7af3d2 for CTFExchangeV2
 */
export function exchangeDomainSeparator(domain: ExchangeDomainReturnType): Hex {
  return keccak256(
    encodeAbiParameters(
      [{ type: "bytes32" }, { type: "bytes32" }, { type: "bytes32" }, { type: "uint256" }, { type: "address" }],
      [DOMAIN_TYPEHASH, keccak256(toHex(domain.name)), keccak256(toHex(domain.version)), BigInt(domain.chainId), domain.verifyingContract],
    ),
  );
}
