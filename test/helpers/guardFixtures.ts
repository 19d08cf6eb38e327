import type { Address, Hex } from "viem";
import type { GuardContext } from "../../src/guards/Guard";
import type { SessionScope } from "../../src/core/SessionScope";
import { knownExchanges } from "../../src/core/polymarket/exchanges";
import type { OrderIntent, SigningIntent, UnsignableIntent } from "../../src/core/SigningIntent";
import type { KillSwitchRecord, SessionRecord } from "../../src/core/SessionRecord";

export const T0 = 1_790_000_000_000;
export const CTF_V2 = knownExchanges[137][0] as (typeof knownExchanges)[137][number];
const WALLET = "0xabcdef0123456789abcdef0123456789abcdef01" as Address;

export function scope(over: Partial<SessionScope> = {}): SessionScope {
  return {
    strategy_id: "nba-mm",
    method_whitelist: ["CTFExchangeV2.matchOrders"],
    contract_allowlist: [CTF_V2.address],
    max_per_call_size_micros: 1_000_000_000n,
    max_buy_price_micros: 1_000_000n,
    min_sell_price_micros: 0n,
    max_session_lifetime_s: 24 * 3600,
    max_calls_per_session: 100,
    idle_timeout_s: 3600,
    require_reapproval_s: 3600,
    ...over,
  };
}

export function session(over: Partial<SessionRecord> = {}, scopeOver: Partial<SessionScope> = {}): SessionRecord {
  const sc = scope(scopeOver);
  return {
    session_id: `0x${"11".repeat(32)}` as Hex,
    wallet: WALLET,
    chain_id: 137,
    scope: sc,
    grant_nonce: `0x${"22".repeat(32)}` as Hex,
    credential_hash: "h",
    issued_at_ms: T0,
    valid_until_ms: T0 + sc.max_session_lifetime_s * 1000,
    calls_used: 0,
    last_used_ms: T0,
    revoked_at_ms: null,
    revoke_reason: null,
    ...over,
  };
}

/** An order intent of `sizeMicros` pUSD base units (BUY) on CTFExchangeV2 unless told otherwise. */
export function orderIntent(sizeMicros: bigint, over: Partial<OrderIntent> = {}): OrderIntent {
  return {
    kind: "order",
    intent_id: `int_${"ab".repeat(32)}`,
    method: "CTFExchangeV2.matchOrders",
    contract_address: CTF_V2.address,
    exchange: CTF_V2,
    order: {
      salt: 1n,
      maker: WALLET,
      signer: WALLET,
      tokenId: 1n,
      makerAmount: sizeMicros,
      takerAmount: sizeMicros * 2n,
      side: 0,
      signatureType: 0,
      timestamp: BigInt(T0),
      metadata: `0x${"00".repeat(32)}`,
      builder: `0x${"00".repeat(32)}`,
    },
    side: "BUY",
    notional_micros: sizeMicros,
    size_usd: Number(sizeMicros) / 1e6,
    timestamp_ms: T0,
    digest: `0x${"ab".repeat(32)}`,
    ...over,
  };
}

/** A BUY paying `makerAmount` pUSD for `takerAmount` shares, or a SELL giving `makerAmount` shares for `takerAmount` pUSD (6 decimals). */
export function sidedOrder(side: "BUY" | "SELL", makerAmount: bigint, takerAmount: bigint): OrderIntent {
  const base = orderIntent(side === "BUY" ? makerAmount : takerAmount);
  return { ...base, side, order: { ...base.order, side: side === "BUY" ? 0 : 1, makerAmount, takerAmount } };
}

export function unsignable(method: string, contract: Address | null = null): UnsignableIntent {
  return { kind: "unsignable", intent_id: "int_x", method, contract_address: contract, notional_micros: 0n, size_usd: 0, digest: null };
}

export function ctx(over: Partial<GuardContext> = {}, s: SessionRecord = session()): GuardContext {
  return {
    now_ms: T0,
    session: s,
    claimed_strategy_id: s.scope.strategy_id,
    kill_switches: [],
    max_per_call_size_micros: 1_000_000_000n,
    ...over,
  };
}

export function armed(scopeName: KillSwitchRecord["scope"], target = "*"): KillSwitchRecord {
  return { scope: scopeName, target, armed: true, changed_at_ms: T0, actor: "risk", reason: "test" };
}

export type { SigningIntent };
