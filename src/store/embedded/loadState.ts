import type { DatabaseSync } from "node:sqlite";
import type { Hex } from "viem";
import type { KillSwitchRecord, PendingGrant, RevokeReason, SessionRecord } from "../../core/SessionRecord";
import { scopeFromJson } from "../scopeFromJson";

/** The committed state the embedded store serves from memory. */
export type LoadedState = {
  sessions: Map<Hex, SessionRecord>;
  byCredential: Map<string, SessionRecord>;
  /** Pending grants not yet consumed. */
  grants: Map<Hex, PendingGrant>;
  /** By `${scope}:${target}`. */
  kills: Map<string, KillSwitchRecord>;
  meta: Map<string, string>;
};

/**
 * Loads sessions (with the spent calls as far as they are on disk), pending grants, kill switches
 * and meta into memory.
 *
 * @param db - The open store file.
 * @returns The maps the store serves reads from and keeps in step with every write.
 * @example
 * const { sessions, grants, kills, meta } = loadState(db)
 */
export function loadState(db: DatabaseSync): LoadedState {
  const sessions = new Map<Hex, SessionRecord>();
  const byCredential = new Map<string, SessionRecord>();
  for (const row of db.prepare("SELECT * FROM sessions").all()) {
    const base = JSON.parse(row.json as string) as SessionRecord & { scope: Record<string, unknown> };
    const s: SessionRecord = {
      ...base,
      scope: scopeFromJson(base.scope),
      calls_used: Number(row.calls_derived),
      last_used_ms: Number(row.last_used_ms),
      revoked_at_ms: row.revoked_at_ms === null ? null : Number(row.revoked_at_ms),
      revoke_reason: (row.revoke_reason as RevokeReason | null) ?? null,
    };
    sessions.set(s.session_id, s);
    byCredential.set(s.credential_hash, s);
  }
  const grants = new Map<Hex, PendingGrant>();
  for (const row of db.prepare("SELECT json FROM pending_grants WHERE consumed = 0").all()) {
    const g = JSON.parse(row.json as string) as PendingGrant & { scope: Record<string, unknown> };
    grants.set(g.grant_id, { ...g, scope: scopeFromJson(g.scope) });
  }
  const kills = new Map<string, KillSwitchRecord>();
  for (const row of db.prepare("SELECT json FROM kill_switches").all()) {
    const k = JSON.parse(row.json as string) as KillSwitchRecord;
    kills.set(`${k.scope}:${k.target}`, k);
  }
  const meta = new Map<string, string>();
  for (const row of db.prepare("SELECT key, value FROM meta").all()) meta.set(String(row.key), String(row.value));
  return { sessions, byCredential, grants, kills, meta };
}
