/**
 * EIP-712 types of what a session key signs for an order, in the `types` shape viem takes:
 * `SessionOrder(bytes32 sessionId,bytes32 orderHash)`, type hash
 * `0xd6ffcd22c5140745e34e14d7bdf7d77de6eb8eac68766aff66e6e2839ed44275`. `orderHash` is the
 * exchange's EIP-712 order digest; signing it together with the session id binds the signature to
 * that one session (the module's `SESSION_ORDER_TYPEHASH`).
 *
 * @example
 * hashTypedData({ domain: wardenDomain({ module, chainId }), types: sessionOrderTypes, primaryType: "SessionOrder", message: { sessionId, orderHash } });
 */
export const sessionOrderTypes = {
  SessionOrder: [
    { name: "sessionId", type: "bytes32" },
    { name: "orderHash", type: "bytes32" },
  ],
} as const;
