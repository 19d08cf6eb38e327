import { type Hex, keccak256, toHex } from "viem";

/** EIP-712 name of the Polymarket exchange domain (V2 and V3 share it). */
export const EXCHANGE_DOMAIN_NAME = "Polymarket CTF Exchange" as const;

/** The V2 `Order` type, field for field in contract order (`Structs.sol`). */
export const orderTypeFields = [
  { name: "salt", type: "uint256" },
  { name: "maker", type: "address" },
  { name: "signer", type: "address" },
  { name: "tokenId", type: "uint256" },
  { name: "makerAmount", type: "uint256" },
  { name: "takerAmount", type: "uint256" },
  { name: "side", type: "uint8" },
  { name: "signatureType", type: "uint8" },
  { name: "timestamp", type: "uint256" },
  { name: "metadata", type: "bytes32" },
  { name: "builder", type: "bytes32" },
] as const;

/** The V2 order type string, derived from the field list; its keccak is the contract's ORDER_TYPEHASH. */
export const ORDER_TYPE_STRING = `Order(${orderTypeFields.map((f) => `${f.type} ${f.name}`).join(",")})`;

/** keccak256 of {@link ORDER_TYPE_STRING}: `0xbb86318a…18589`, the contract's ORDER_TYPEHASH (tests keep the literal). */
export const ORDER_TYPE_HASH: Hex = keccak256(toHex(ORDER_TYPE_STRING));

/**
 * EIP-712 types of the CLOB V2 order (CTFExchangeV2, NegRisk CTFExchangeV2 and ExchangeV3 share it),
 * in the `types` shape viem takes.
 *
 * @example
 * hashTypedData({ domain, types: orderTypes, primaryType: "Order", message: order });
 */
export const orderTypes = { Order: orderTypeFields } as const;

/** The ClobAuth (L1 API auth) type, as `@polymarket/clob-client-v2` signs it. */
export const clobAuthTypeFields = [
  { name: "address", type: "address" },
  { name: "timestamp", type: "string" },
  { name: "nonce", type: "uint256" },
  { name: "message", type: "string" },
] as const;

/** The exact text a ClobAuth document attests. */
export const CLOB_AUTH_MESSAGE = "This message attests that I control the given wallet";

/** Standard EIP-712 domain field lists, by which fields a domain carries. */
export const exchangeDomainFields = [
  { name: "name", type: "string" },
  { name: "version", type: "string" },
  { name: "chainId", type: "uint256" },
  { name: "verifyingContract", type: "address" },
] as const;

/** ClobAuth's domain has no verifyingContract. */
export const clobAuthDomainFields = [
  { name: "name", type: "string" },
  { name: "version", type: "string" },
  { name: "chainId", type: "uint256" },
] as const;
