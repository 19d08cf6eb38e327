import type { Hex, LocalAccount } from "viem";
import type { ExchangeDomainReturnType } from "../core/polymarket/exchangeDomain";
import type { V2Order } from "../core/polymarket/V2Order";
import { encodeWardenOrderSignature } from "./encodeWardenOrderSignature";
import { orderTypes } from "../core/polymarket/orderTypes";

/** Parameters of {@link signWardenOrder}. */
export type SignWardenOrderParameters = {
  /** The session key (anything with viem's `signTypedData`). */
  sessionKey: Pick<LocalAccount, "signTypedData">;
  /** The on-chain session id the key was granted under. */
  sessionId: Hex;
  /** The exchange domain. */
  domain: ExchangeDomainReturnType;
  /** The order; maker and signer must be the Safe, `signatureType` 3. */
  order: V2Order;
};

/**
 * Signs a V2 order with a session key and returns the order `signature` a Safe with the Warden
 * module accepts. The session key signs the order's EIP-712 digest itself (the exchange hash),
 * then {@link encodeWardenOrderSignature} wraps it for the Safe's fallback handler.
 *
 * @param parameters Session key, session id, domain and order.
 * @returns The signature bytes to post with the order.
 * @example
 * const signature = await signWardenOrder({ sessionKey, sessionId, domain, order });
 */
export async function signWardenOrder({ sessionKey, sessionId, domain, order }: SignWardenOrderParameters): Promise<Hex> {
  const sessionSignature = await sessionKey.signTypedData({ domain, types: orderTypes, primaryType: "Order", message: order });
  return encodeWardenOrderSignature({ domain, order, sessionId, sessionSignature });
}
