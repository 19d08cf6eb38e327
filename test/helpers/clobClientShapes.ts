import type { Address, Hex } from "viem";
import { NOW_MS } from "./decodeContext";
import { orderTypedData } from "./testWarden";

/**
 * The ERC-7739 `TypedDataSign` document clob-client-v2 1.1.0 asks a `POLY_1271` signer to sign for
 * `wallet` (a deposit wallet or a Safe): the order as `contents`, the wallet's `DepositWallet` domain
 * fields beside it (salt 0). The spec, stated here on its own, not taken from src.
 */
export function poly1271Envelope(wallet: Address, o: Parameters<typeof orderTypedData>[1] = {}) {
  const order = orderTypedData(wallet, { timestamp: String(NOW_MS), ...o });
  return structuredClone({
    domain: order.domain,
    types: {
      TypedDataSign: [
        { name: "contents", type: "Order" },
        { name: "name", type: "string" },
        { name: "version", type: "string" },
        { name: "chainId", type: "uint256" },
        { name: "verifyingContract", type: "address" },
        { name: "salt", type: "bytes32" },
      ],
      Order: order.types.Order,
    },
    primaryType: "TypedDataSign",
    message: { contents: { ...order.message, signatureType: 3 }, name: "DepositWallet", version: "1", chainId: 137, verifyingContract: wallet, salt: `0x${"00".repeat(32)}` },
  });
}

/** A signed order as clob-client-v2 returns it (strings, side as "BUY"/"SELL" or 0/1). */
export type ClientSignedOrder = Record<string, string | number>;

/** That order as the exchange's `Order` tuple (without the signature), for `eth_call`s on the stand-in. */
export const toOrderStruct = (o: ClientSignedOrder) => ({
  salt: BigInt(o.salt as string),
  maker: o.maker as Address,
  signer: o.signer as Address,
  tokenId: BigInt(o.tokenId as string),
  makerAmount: BigInt(o.makerAmount as string),
  takerAmount: BigInt(o.takerAmount as string),
  side: o.side === "BUY" || o.side === 0 ? 0 : 1,
  signatureType: Number(o.signatureType),
  timestamp: BigInt(o.timestamp as string),
  metadata: o.metadata as Hex,
  builder: o.builder as Hex,
});
