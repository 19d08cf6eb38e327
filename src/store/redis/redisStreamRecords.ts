import type { Hex } from "viem";
import type { ExposureEntry } from "../../core/exposure";
import type { KillSwitchRecord, RevokeReason, SessionRecord } from "../../core/SessionRecord";
import { sessionScopeFromJson } from "../../core/sessionScopeFromJson";
import { exposureChangeOf } from "../exposureChangeOf";
import type { AuditRecord, StoredDecision } from "../Store";

// The audit stream's entries as the Redis store writes them (commit.lua, init.lua) and reads
// them back: the hash-chained record, and the fields a mirror replays.

/** One audit stream entry: the hash-chained record, the server's clock at its append, and what it did. */
export type StreamRecord = {
  record: AuditRecord;
  /** The Redis server's clock when the record was appended (ms): rate windows and TTL run on it. */
  clockMs: number;
  /** The record changed exposure (a claim or a release). */
  x: boolean;
  /** A decision's session and intent; a release's intent. */
  sessionId?: Hex;
  intentId?: string;
  /** An issued session (its record as JSON). */
  sessionJson?: string;
  /** A kill switch set (its record as JSON). */
  killJson?: string;
  /** Sessions revoked: `{ ids, at, reason }`. */
  revokeJson?: string;
};

/** What a committed entry changed, as a mirror replays it. */
export type MirrorEffect =
  | { type: "decision"; stored: StoredDecision; atMs: number; claim: ExposureEntry | null; clockMs: number }
  | { type: "release"; intentId: string }
  | { type: "revoke"; ids: Hex[]; atMs: number; reason: RevokeReason }
  | { type: "kill"; record: KillSwitchRecord; ids: Hex[]; atMs: number }
  | { type: "issue"; session: SessionRecord }
  | { type: "none" };

/** A session record from its stored JSON and spent-budget fields. */
export function sessionFromJson(json: string, fields: { calls?: string | number; lastUsed?: string | number; revokedAt?: string | null; revokeReason?: string | null } = {}): SessionRecord {
  const base = JSON.parse(json) as SessionRecord & { scope: Record<string, unknown> };
  return {
    ...base,
    scope: sessionScopeFromJson(base.scope),
    calls_used: fields.calls === undefined ? base.calls_used : Number(fields.calls),
    last_used_ms: fields.lastUsed === undefined ? base.last_used_ms : Number(fields.lastUsed),
    revoked_at_ms: fields.revokedAt === undefined ? base.revoked_at_ms : fields.revokedAt === "" || fields.revokedAt === null ? null : Number(fields.revokedAt),
    revoke_reason: fields.revokeReason === undefined ? base.revoke_reason : ((fields.revokeReason || null) as RevokeReason | null),
  };
}

/** Parses one XRANGE entry (`[id, [field, value, …]]`, id `0-<seq>`). */
export function parseStreamEntry(entry: unknown): StreamRecord {
  const [id, flat] = entry as [string, string[]];
  const f = new Map<string, string>();
  for (let i = 0; i + 1 < flat.length; i += 2) f.set(flat[i] as string, flat[i + 1] as string);
  const opt = (k: string) => f.get(k);
  return {
    record: {
      seq: Number(id.slice(id.indexOf("-") + 1)),
      at_ms: Number(f.get("a")),
      kind: f.get("k") as AuditRecord["kind"],
      payload_json: f.get("p") ?? "",
      prev_hash: f.get("v") ?? "",
      hash: f.get("h") ?? "",
    },
    clockMs: Number(f.get("t")),
    x: f.get("x") === "1",
    ...(opt("s") !== undefined ? { sessionId: opt("s") as Hex } : {}),
    ...(opt("i") !== undefined ? { intentId: opt("i") as string } : {}),
    ...(opt("sj") !== undefined ? { sessionJson: opt("sj") as string } : {}),
    ...(opt("kr") !== undefined ? { killJson: opt("kr") as string } : {}),
    ...(opt("r") !== undefined ? { revokeJson: opt("r") as string } : {}),
  };
}

/** The stored decision an approval's record is (its payload carries the outcome). */
export function storedDecisionOf(record: AuditRecord, sessionId: Hex, intentId: string): StoredDecision {
  const p = JSON.parse(record.payload_json) as { decision?: "APPROVE" | "DENY"; reason_code?: StoredDecision["reason_code"]; signature?: Hex | null };
  return { session_id: sessionId, intent_id: intentId, decision: p.decision ?? "APPROVE", reason_code: p.reason_code ?? null, signature: p.signature ?? null, audit_seq: record.seq };
}

/** What a record read from the stream did. */
export function effectOf(r: StreamRecord): MirrorEffect {
  if (r.sessionId && r.intentId) {
    const change = r.x ? exposureChangeOf(r.record) : null;
    return {
      type: "decision",
      stored: storedDecisionOf(r.record, r.sessionId, r.intentId),
      atMs: r.record.at_ms,
      claim: change && "claim" in change ? change.claim : null,
      clockMs: r.clockMs,
    };
  }
  if (r.x && r.intentId) return { type: "release", intentId: r.intentId };
  if (r.revokeJson) {
    const v = JSON.parse(r.revokeJson) as { ids: Hex[]; at: number; reason: RevokeReason };
    if (r.killJson) return { type: "kill", record: JSON.parse(r.killJson) as KillSwitchRecord, ids: v.ids, atMs: v.at };
    return { type: "revoke", ids: v.ids, atMs: v.at, reason: v.reason };
  }
  if (r.sessionJson) return { type: "issue", session: sessionFromJson(r.sessionJson) };
  return { type: "none" };
}
