import type { SigningIntent } from "../core/SigningIntent";
import type { KillSwitchRecord, SessionRecord } from "../core/SessionRecord";
import type { ReasonCode } from "../core/reasonCodes";
import type { RiskContext } from "./RiskContext";
import type { GuardMode } from "../core/RiskVote";

/** Everything a guard may read: a snapshot, no I/O. */
export type GuardContext = {
  now_ms: number;
  session: SessionRecord;
  /** The strategy the caller claims to sign for. */
  claimed_strategy_id: string;
  kill_switches: readonly KillSwitchRecord[];
  /** Operator ceiling on any per-call size, in pUSD base units. */
  max_per_call_size_micros: bigint;
  /** Market, exposure and registry facts for order intents; absent for ClobAuth and unsignables. */
  risk?: RiskContext;
  /** ClobAuth signatures this session got in the last hour (those being signed included); set for ClobAuth intents. */
  clob_auth_signed_last_hour?: number;
};

/** A finding: a registered code plus the facts that led to it. */
export type GuardFinding = { reason_code: ReasonCode; evidence?: Record<string, unknown> };

/**
 * What a guard returns. `deny` set ⇒ DENY with that code; otherwise APPROVE with the optional
 * `annotations` (WARN/INFO codes). The pipeline validates the shape: anything else denies.
 */
export type GuardVerdict = {
  deny?: GuardFinding;
  annotations?: GuardFinding[];
  evidence?: Record<string, unknown>;
  inputs_used: string[];
};

/**
 * A guard is data: an id, the code it fails closed with, and a pure function of
 * `(intent, snapshot)`. It never signs and never proposes trades.
 */
export type Guard = {
  bot_id: string;
  mode: GuardMode;
  /** Emitted when `evaluate` throws or returns garbage (fail closed). */
  dataUnavailableCode: ReasonCode;
  evaluate(intent: SigningIntent, ctx: GuardContext): GuardVerdict;
};
