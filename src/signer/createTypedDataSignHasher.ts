import type { Address } from "viem";
import {
  DEPOSIT_WALLET_DOMAIN_NAME,
  DEPOSIT_WALLET_DOMAIN_VERSION,
  TYPED_DATA_SIGN_TYPE_STRING,
} from "../core/polymarket/depositWallet";
import type { ExchangeDeployment } from "../core/polymarket/exchanges";
import type { V2Order } from "../core/polymarket/V2Order";
import type { OrderHasher } from "./createOrderHasher";
import { keccak } from "./keccak";

const utf8 = new TextEncoder();

/** The parts of an order's ERC-7739 envelope: what is signed, and what the signature's trailer carries. */
export type TypedDataSignHash = {
  /** EIP-712 digest of `TypedDataSign{contents: order, name, version, chainId, verifyingContract: wallet, salt: 0}` under the exchange domain. */
  digest: Uint8Array;
  /** The exchange's domain separator (the trailer's `APP_DOMAIN_SEPARATOR`). */
  domainSeparator: Uint8Array;
  /** `hashStruct(order)` (the trailer's `contents`). */
  contentsHash: Uint8Array;
};

/** Hashes orders as the ERC-7739 `TypedDataSign` envelope a deposit wallet verifies. */
export type TypedDataSignHasher = {
  hash(exchange: ExchangeDeployment, order: V2Order, wallet: Address): TypedDataSignHash;
};

/**
 * The hasher of the ERC-7739 nested typed data a Polymarket deposit wallet checks in
 * `isValidSignature` (Solady ERC1271 `TypedDataSign` workflow): the order is `contents`, the outer
 * fields are the wallet's own domain (`DepositWallet`, `1`, chainId, the wallet, salt 0) and the
 * whole is signed under the exchange's domain. Agrees with viem's `hashTypedData` of the
 * document clob-client-v2 and @polymarket/client build (property-tested).
 *
 * @param params.chainId - The chain both domains bind.
 * @param params.hasher - The order hasher (struct hash and exchange domain separators).
 * @returns The hasher.
 * @example
 * const { digest } = createTypedDataSignHasher({ chainId: 137, hasher }).hash(exchange, order, wallet)
 */
export function createTypedDataSignHasher({ chainId, hasher }: { chainId: number; hasher: OrderHasher }): TypedDataSignHasher {
  // hashStruct(TypedDataSign) = keccak(typeHash ‖ contents ‖ keccak(name) ‖ keccak(version) ‖ chainId ‖ wallet ‖ salt).
  const struct = Buffer.alloc(7 * 32);
  struct.set(keccak(utf8.encode(TYPED_DATA_SIGN_TYPE_STRING)), 0);
  struct.set(keccak(utf8.encode(DEPOSIT_WALLET_DOMAIN_NAME)), 64);
  struct.set(keccak(utf8.encode(DEPOSIT_WALLET_DOMAIN_VERSION)), 96);
  struct.write(chainId.toString(16).padStart(64, "0"), 128, 32, "hex");
  const digestBuf = new Uint8Array(66);
  digestBuf[0] = 0x19;
  digestBuf[1] = 0x01;
  return {
    hash(exchange, order, wallet) {
      const contentsHash = hasher.hashOrderStruct(order);
      const domainSeparator = hasher.domainSeparator(exchange);
      struct.set(contentsHash, 32);
      struct.write(wallet.slice(2), 172, 20, "hex");
      digestBuf.set(domainSeparator, 2);
      digestBuf.set(keccak(struct), 34);
      return { digest: keccak(digestBuf), domainSeparator, contentsHash };
    },
  };
}
