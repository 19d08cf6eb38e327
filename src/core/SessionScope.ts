import type { Address } from "viem";
import type { GrantableMethod } from "./SigningIntent";

/** The scope a wallet owner grants a session, in the units Warden enforces. */
export type SessionScope = {
  strategy_id: string;
  method_whitelist: GrantableMethod[];
  /** Lower-case addresses. */
  contract_allowlist: Address[];
  /** Per-call cap in pUSD base units (6 decimals). */
  max_per_call_size_micros: bigint;
  /** Highest price a BUY may pay, micro-pUSD per share (1,000,000 = 1 pUSD: no cap). */
  max_buy_price_micros: bigint;
  /** Lowest price a SELL may accept, micro-pUSD per share (0: no floor). */
  min_sell_price_micros: bigint;
  max_session_lifetime_s: number;
  max_calls_per_session: number;
  idle_timeout_s: number;
  require_reapproval_s: number;
};
