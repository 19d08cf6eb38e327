import type { Address, Hex } from "viem";
import type { SessionScope } from "./SessionScope";

/** EIP-712 domain of Warden's owner documents (off-chain: bound to the chain, no contract). */
export const wardenDomain = (chainId: number) => ({ name: "Warden", version: "1", chainId }) as const;

/**
 * SessionGrant: the scope an owner grants one strategy, bound to wallet, chain and a nonce. Prices
 * are micro-pUSD per share (`maxBuyPriceMicros` 1,000,000 and `minSellPriceMicros` 0 bound nothing).
 */
export const sessionGrantTypes = {
  SessionGrant: [
    { name: "wallet", type: "address" },
    { name: "strategyId", type: "string" },
    { name: "methodWhitelist", type: "string[]" },
    { name: "contractAllowlist", type: "address[]" },
    { name: "maxPerCallSizeMicros", type: "uint256" },
    { name: "maxBuyPriceMicros", type: "uint256" },
    { name: "minSellPriceMicros", type: "uint256" },
    { name: "maxCallsPerSession", type: "uint64" },
    { name: "idleTimeoutSec", type: "uint64" },
    { name: "requireReapprovalSec", type: "uint64" },
    { name: "issuedAt", type: "uint64" },
    { name: "validUntil", type: "uint64" },
    { name: "nonce", type: "bytes32" },
  ],
} as const;

/** SessionRevoke: the owner ends one session. */
export const sessionRevokeTypes = {
  SessionRevoke: [
    { name: "wallet", type: "address" },
    { name: "sessionId", type: "bytes32" },
  ],
} as const;

/**
 * The SessionGrant typed-data document an owner signs (any EIP-712 signer: a viem account, a
 * hardware wallet, `eth_signTypedData_v4`).
 *
 * @example
 * const td = sessionGrantTypedData({ chainId: 137, wallet, scope, issuedAtSec, validUntilSec, nonce })
 * const signature = await owner.signTypedData(td)
 */
export function sessionGrantTypedData(p: {
  chainId: number;
  wallet: Address;
  scope: SessionScope;
  issuedAtSec: number;
  validUntilSec: number;
  nonce: Hex;
}) {
  return {
    domain: wardenDomain(p.chainId),
    types: sessionGrantTypes,
    primaryType: "SessionGrant" as const,
    message: {
      wallet: p.wallet,
      strategyId: p.scope.strategy_id,
      methodWhitelist: [...p.scope.method_whitelist],
      contractAllowlist: [...p.scope.contract_allowlist],
      maxPerCallSizeMicros: p.scope.max_per_call_size_micros,
      maxBuyPriceMicros: p.scope.max_buy_price_micros,
      minSellPriceMicros: p.scope.min_sell_price_micros,
      maxCallsPerSession: BigInt(p.scope.max_calls_per_session),
      idleTimeoutSec: BigInt(p.scope.idle_timeout_s),
      requireReapprovalSec: BigInt(p.scope.require_reapproval_s),
      issuedAt: BigInt(p.issuedAtSec),
      validUntil: BigInt(p.validUntilSec),
      nonce: p.nonce,
    },
  };
}

/**
 * The SessionRevoke typed-data document an owner signs to end a session.
 *
 * @example
 * await warden.revokeSession({ session_id, signature: await owner.signTypedData(sessionRevokeTypedData({ chainId: 137, wallet, sessionId })) })
 */
export function sessionRevokeTypedData(p: { chainId: number; wallet: Address; sessionId: Hex }) {
  return {
    domain: wardenDomain(p.chainId),
    types: sessionRevokeTypes,
    primaryType: "SessionRevoke" as const,
    message: { wallet: p.wallet, sessionId: p.sessionId },
  };
}
