import type { Hex } from "viem";
import type { RevokeReason, SessionRecord } from "../../core/SessionRecord";
import { toJson } from "../../core/toJson";
import { InvalidParameterError } from "../../errors/InvalidParameterError";
import { StoreUnavailableError } from "../../errors/StoreUnavailableError";
import { deriveExposure } from "../deriveExposure";
import type { CommitDecisionResult, Store } from "../Store";
import { type BackgroundCheckpointer, startBackgroundCheckpointer } from "./backgroundCheckpointer";
import { closeQuietly } from "./closeQuietly";
import { createAuditLog } from "./createAuditLog";
import { createDecisionIndex } from "./createDecisionIndex";
import { createGroupCommit } from "./createGroupCommit";
import { createSealedKeyTable } from "./createSealedKeyTable";
import { loadState } from "./loadState";
import { openDatabase } from "./openDatabase";
import { readBootId } from "./readBootId";
import { walGauges } from "./walGauges";

/** Options of the embedded (single-file SQLite) store. */
export type EmbeddedStoreParameters = {
  /** Database file; `:memory:` for throwaway use in tests. */
  path: string;
  /** FULL survives power loss; NORMAL survives a process crash. */
  synchronous: "FULL" | "NORMAL";
  /** Caps the file at this many pages (8 KiB in a new file); a full database fails commits like a full disk. */
  maxPageCount?: number;
  /**
   * This boot of the machine: tells a process crash (the OS still wrote everything out) from a
   * power loss or reset (a `NORMAL` store may have lost its last commits). Defaults to Linux's
   * `/proc/sys/kernel/random/boot_id`; `null` when unknown, and then every unclean shutdown of a
   * `NORMAL` store counts as a possible loss.
   */
  bootId?: string | null;
  /** Derived state (spent calls, idempotency keys) is written after this many approvals… */
  derivedBatch?: number;
  /** …or this long after the first unwritten one when fewer arrive (default 1 s). */
  derivedIntervalMs?: number;
};

/** Meta keys the store keeps for itself. */
const RESERVED_META = new Set(["run_state", "derived_to_seq", "opened_at_ms", "loss_suspected"]);

/**
 * Opens (or creates) the embedded store: one SQLite file (Node's `node:sqlite`, WAL), exclusively
 * locked by this process. State is served from memory and every change is written through; changes
 * made in the same event-loop turn are committed together (group commit), and each operation
 * resolves only after its transaction is durable. If a commit fails, the store refuses everything
 * until restarted, which reloads the last committed state (fail closed). Split by concern:
 * openDatabase (file, lock, format, run marker), loadState, createAuditLog, createDecisionIndex,
 * createGroupCommit, backgroundCheckpointer. Every method does its work synchronously, the
 * decision's check-and-reserve included: being async at the port costs one promise a call.
 *
 * @param params - File path and durability level.
 * @returns The store.
 * @example
 * const store = await createEmbeddedStore({ path: ".warden/warden.db", synchronous: "FULL" })
 */
export async function createEmbeddedStore({
  path,
  synchronous,
  maxPageCount,
  bootId = readBootId(),
  derivedBatch = 1024,
  derivedIntervalMs = 1000,
}: EmbeddedStoreParameters): Promise<Store> {
  const { db, lock, onDisk, run } = openDatabase({ path, synchronous, maxPageCount, bootId });
  let checkpointer: BackgroundCheckpointer | null = null;
  const checkpointerStartedAt = Date.now();
  try {
    checkpointer = onDisk ? startBackgroundCheckpointer({ path, intervalMs: 100 }) : null;
    return openLoaded();
  } catch (cause) {
    await checkpointer?.stop();
    closeQuietly(db, lock);
    throw cause instanceof StoreUnavailableError ? cause : new StoreUnavailableError({ operation: "open", cause });
  }

  // Everything after the file is open and locked: load, derive, and build the store.
  function openLoaded(): Store {
    const stmt = {
      insertGrant: db.prepare("INSERT INTO pending_grants (grant_id, json) VALUES (?, ?)"),
      consumeGrant: db.prepare("UPDATE pending_grants SET consumed = 1 WHERE grant_id = ?"),
      deleteGrant: db.prepare("DELETE FROM pending_grants WHERE grant_id = ? AND consumed = 0"),
      insertSession: db.prepare("INSERT INTO sessions (session_id, credential_hash, json, calls_derived, last_used_ms) VALUES (?, ?, ?, ?, ?)"),
      discardGrants: db.prepare("UPDATE pending_grants SET consumed = 1 WHERE consumed = 0"),
      revokeSession: db.prepare("UPDATE sessions SET revoked_at_ms = ?, revoke_reason = ? WHERE session_id = ?"),
      upsertKill: db.prepare("INSERT INTO kill_switches (scope, target, json) VALUES (?, ?, ?) ON CONFLICT(scope, target) DO UPDATE SET json = excluded.json"),
      setMeta: db.prepare("INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value"),
      deleteMeta: db.prepare("DELETE FROM meta WHERE key = ?"),
    };
    const { sessions, byCredential, grants, kills, meta } = loadState(db);
    const audit = createAuditLog(db);
    const headSeq = () => audit.headSeq;
    const decisions = createDecisionIndex({ db, sessions, derivedToSeq: Number(meta.get("derived_to_seq") ?? 0), headSeq, derivedBatch });
    let killEpoch = 0;
    // Exposure is derived from the audit log itself: approvals carry their claim, releases end it.
    const ledger = deriveExposure({ oldestFirst: audit.exposureRecords() });
    const commits = createGroupCommit({ db, synchronous, headSeq, beforeCommit: decisions.writeIfDue });
    const { enqueue, assertHealthy } = commits;
    // An idle store still gets its derived state on disk within a second (it is also written at close).
    const derivedTimer = setInterval(() => {
      if (!decisions.pending || commits.closed || commits.failure) return;
      decisions.markDue();
      enqueue(() => {}).catch(() => {
        // A failed commit already fails the store closed; nobody waits on this one.
      });
    }, derivedIntervalMs);
    derivedTimer.unref();

    const sessionJson = (s: SessionRecord): string => toJson({ ...s, calls_used: 0, last_used_ms: 0, revoked_at_ms: null, revoke_reason: null });

    const revokeInMemory = (ids: Hex[], reason: RevokeReason, atMs: number): Array<() => void> => {
      const ops: Array<() => void> = [];
      for (const id of ids) {
        const s = sessions.get(id);
        if (!s || s.revoked_at_ms !== null) continue;
        s.revoked_at_ms = atMs;
        s.revoke_reason = reason;
        ops.push(() => stmt.revokeSession.run(atMs, reason, id));
      }
      killEpoch++;
      return ops;
    };

    let closing: Promise<void> | null = null;
    // Flushes what is pending (derived state included), stops the checkpointer, marks the run clean.
    async function closeOnce(): Promise<void> {
      clearInterval(derivedTimer);
      if (decisions.pending && !commits.failure) decisions.markDue();
      commits.close(decisions.due);
      await checkpointer?.stop();
      // A clean end, on disk. Not after a failed commit: the next start should not vouch for this run.
      if (onDisk && !commits.failure) run.markClean();
      db.close();
      lock?.close();
    }

    return {
      startup: async () => run.startup,

      async savePendingGrant(grant, input, { pruneExpiredBeforeMs, maxPending }) {
        assertHealthy();
        // Held grants are few (at most maxPending): a scan per request is cheap, and nothing else grows.
        const expired: Hex[] = [];
        for (const g of grants.values()) if (g.expires_at_ms < pruneExpiredBeforeMs) expired.push(g.grant_id);
        for (const id of expired) grants.delete(id);
        const prune = () => {
          for (const id of expired) stmt.deleteGrant.run(id);
        };
        if (grants.size >= maxPending) {
          if (expired.length > 0) await enqueue(prune);
          return "full";
        }
        grants.set(grant.grant_id, grant);
        const a = audit.append(input);
        await enqueue(() => {
          prune();
          stmt.insertGrant.run(grant.grant_id, toJson(grant));
          a.write();
        });
        return "saved";
      },
      async getPendingGrant(grantId) {
        assertHealthy();
        return grants.get(grantId);
      },
      async discardPendingGrants(input) {
        assertHealthy();
        const ids = [...grants.keys()];
        grants.clear();
        const a = audit.append(input(ids));
        await enqueue(() => {
          stmt.discardGrants.run();
          a.write();
        });
        return ids;
      },

      async issueSession(session, grantId, input) {
        assertHealthy();
        grants.delete(grantId);
        sessions.set(session.session_id, session);
        byCredential.set(session.credential_hash, session);
        const a = audit.append(input);
        const row = [session.session_id, session.credential_hash, sessionJson(session), session.calls_used, session.last_used_ms] as const;
        await enqueue(() => {
          stmt.consumeGrant.run(grantId);
          stmt.insertSession.run(...row);
          a.write();
        });
        return a.record;
      },
      async getSession(id) {
        assertHealthy();
        return sessions.get(id);
      },
      async findSessionByCredentialHash(hash) {
        assertHealthy();
        return byCredential.get(hash);
      },
      async listSessions() {
        assertHealthy();
        return [...sessions.values()];
      },

      async revokeSessions(ids, reason, atMs, input) {
        assertHealthy();
        const ops = revokeInMemory(ids, reason, atMs);
        const a = audit.append(input);
        await enqueue(() => {
          for (const op of ops) op();
          a.write();
        });
        return a.record;
      },

      async killSwitches() {
        assertHealthy();
        return { switches: [...kills.values()], epoch: killEpoch };
      },
      async setKillSwitch(record, revokeIds, input) {
        assertHealthy();
        kills.set(`${record.scope}:${record.target}`, record);
        const ops = revokeInMemory(revokeIds, "kill_switch", record.changed_at_ms);
        const a = audit.append(input);
        await enqueue(() => {
          stmt.upsertKill.run(record.scope, record.target, toJson(record));
          for (const op of ops) op();
          a.write();
        });
        return a.record;
      },

      async decisionSnapshot(sessionId, intentId) {
        assertHealthy();
        return {
          session: sessions.get(sessionId),
          existing: decisions.find(sessionId, intentId),
          kill: { switches: [...kills.values()], epoch: killEpoch },
          exposure: ledger,
        };
      },

      awaitDurable: (seq) => commits.awaitDurable(seq),

      async commitDecision({ decision, audit: input, reserve, flush: when }): Promise<CommitDecisionResult> {
        assertHealthy();
        // Check-and-reserve runs synchronously here, so nothing interleaves between them.
        if (decisions.find(decision.session_id, decision.intent_id)) return { status: "conflict" };
        const session = sessions.get(decision.session_id);
        if (
          !session ||
          session.revoked_at_ms !== null ||
          session.calls_used !== reserve.expected_calls_used ||
          killEpoch !== reserve.expected_kill_epoch ||
          (reserve.exposure && ledger.version !== reserve.exposure.expected_ledger_version)
        )
          return { status: "conflict" };
        if (reserve.exposure) ledger.add(reserve.exposure.entry);
        decisions.spend(session, input.at_ms);
        const a = audit.append(input, decision);
        decisions.record({ ...decision, audit_seq: a.record.seq });
        await enqueue(a.write, when === "alone");
        return { status: "committed", audit: a.record };
      },

      async appendAudit(input) {
        assertHealthy();
        const a = audit.append(input);
        await enqueue(a.write);
        return a.record;
      },

      async acknowledgeStartup() {
        assertHealthy();
        if (!run.startup.decisions_may_be_lost) return;
        await enqueue(() => stmt.deleteMeta.run("loss_suspected"));
      },

      async health() {
        const gauges = walGauges({ checkpointer, synchronous, startedAtMs: checkpointerStartedAt });
        try {
          assertHealthy();
          return { ok: true, gauges };
        } catch (e) {
          return { ok: false, problem: e instanceof Error ? e.message : "unavailable", gauges };
        }
      },

      async exposure() {
        assertHealthy();
        return ledger;
      },
      async getMeta(key) {
        assertHealthy();
        return meta.get(key);
      },
      async setMeta(key, value) {
        if (RESERVED_META.has(key)) throw new InvalidParameterError({ field: `meta key ${key}`, fix: "Use another key: this one belongs to the store." });
        assertHealthy();
        meta.set(key, value);
        await enqueue(() => stmt.setMeta.run(key, value));
      },

      async releaseExposure(intentId, _reason, input) {
        assertHealthy();
        if (!ledger.release(intentId)) return false;
        const a = audit.append(input);
        await enqueue(a.write);
        return true;
      },

      ...createSealedKeyTable({ db, commits }),

      readAuditOfKind: async (kind) => audit.ofKind(kind),
      readAudit: async (fromSeq, limit) => audit.read(fromSeq, limit),
      readAuditTail: async (limit) => audit.read(Math.max(1, audit.headSeq - limit + 1), limit),
      verifyAudit: async () => audit.verify(),

      close() {
        closing ??= closeOnce();
        return closing;
      },
    };
  }
}
