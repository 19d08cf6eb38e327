import type { Address, Hex } from "viem";
import type { SessionScope } from "./SessionScope";

/** Why a session stopped being usable before it expired. */
export type RevokeReason = "owner" | "kill_switch";

/**
 * safe-module mode: the on-chain grant a session's owners approve (JSON-safe: no bigints). Warden
 * reads it back from the module and signs only while it is there, equal.
 */
export type SafeGrantRecord = {
  module: Address;
  /** `grantSession(grant)` calldata: the full grant, session key included (decode it to compare). */
  grant_data: Hex;
  /** The Safe's grant nonce when the grant was built, decimal: its on-chain id is at or after it. */
  first_grant_nonce: string;
};

/** A session as the store keeps it. Spent budget lives here and survives restarts. */
export type SessionRecord = {
  /** The EIP-712 digest of the SessionGrant the owner signed: a full 32-byte id, never reused. */
  session_id: Hex;
  wallet: Address;
  chain_id: number;
  scope: SessionScope;
  grant_nonce: Hex;
  /** sha256 of the bearer credential; the credential itself is never stored. */
  credential_hash: string;
  issued_at_ms: number;
  valid_until_ms: number;
  calls_used: number;
  last_used_ms: number;
  revoked_at_ms: number | null;
  revoke_reason: RevokeReason | null;
  /** safe-module mode only. */
  safe_grant?: SafeGrantRecord;
};

/** A SessionGrant Warden issued and is waiting for the owner to sign. */
export type PendingGrant = {
  grant_id: Hex;
  wallet: Address;
  nonce: Hex;
  scope: SessionScope;
  issued_at_s: number;
  valid_until_s: number;
  expires_at_ms: number;
  /** safe-module mode only. */
  safe_grant?: SafeGrantRecord;
};

/**
 * Kill-switch scopes (seed 003): everything, the markets of one cluster, one strategy, or a bot
 * family (the strategies the configuration names with the same `strategies.<id>.family`).
 */
export type KillSwitchScope = "global" | "cluster" | "strategy" | "family";

/** One kill switch. `target` is `*` for global, else the cluster id, the strategy id or the family name. */
export type KillSwitchRecord = {
  scope: KillSwitchScope;
  target: string;
  armed: boolean;
  changed_at_ms: number;
  actor: string;
  reason: string;
};

