import { type Address, type Hex, type LocalAccount, hashTypedData } from "viem";
import type { ExchangeDomainReturnType } from "../core/polymarket/exchangeDomain";
import type { V2Order } from "../core/polymarket/V2Order";
import { exchangeDomainSeparator } from "../core/polymarket/exchangeDomainSeparator";
import { encodeWardenOrderSignature } from "./encodeWardenOrderSignature";
import { orderTypes } from "../core/polymarket/orderTypes";
import { sessionOrderTypes } from "./sessionOrderTypes";
import { wardenDomain } from "./wardenDomain";

/** Parameters of {@link signWardenOrder}. */
export type SignWardenOrderParameters = {
  /** The session key (anything with viem's `signTypedData`). */
  sessionKey: Pick<LocalAccount, "signTypedData">;
  /** The Warden module deployment the session lives in (verifying contract of the signed message). */
  module: Address;
  /** The on-chain session id the key was granted under. */
  sessionId: Hex;
  /** The exchange domain. */
  domain: ExchangeDomainReturnType;
  /** The order; maker and signer must be the Safe, `signatureType` 3. */
  order: V2Order;
};

/**
 * Signs a V2 order with a session key and returns the order `signature` a Safe with the Warden
 * module accepts. The session key signs `SessionOrder(sessionId, orderHash)` under the module's
 * EIP-712 domain ({@link wardenDomain}, same chain as the exchange domain), so the signature is
 * valid for this one session only; {@link encodeWardenOrderSignature} then wraps it for the Safe's
 * fallback handler.
 *
 * @param parameters Session key, module, session id, exchange domain and order.
 * @returns The signature bytes to post with the order.
 * @example
 * const signature = await signWardenOrder({ sessionKey, module, sessionId, domain, order });
 */
export async function signWardenOrder({ sessionKey, module, sessionId, domain, order }: SignWardenOrderParameters): Promise<Hex> {
  const orderHash = hashTypedData({ domain, types: orderTypes, primaryType: "Order", message: order });
  const sessionSignature = await sessionKey.signTypedData({
    domain: wardenDomain({ module, chainId: domain.chainId }),
    types: sessionOrderTypes,
    primaryType: "SessionOrder",
    message: { sessionId, orderHash },
  });
  return encodeWardenOrderSignature({ domainSeparator: exchangeDomainSeparator(domain), order, sessionId, sessionSignature });
}
