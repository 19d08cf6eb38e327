import type { DatabaseSync } from "node:sqlite";
import { toJson } from "../../core/toJson";
import { AUDIT_GENESIS_HASH } from "../auditHash";
import { decisionAuditPayload } from "../decisionAuditPayload";
import { nextAuditRecord } from "../nextAuditRecord";
import type { AuditInput, AuditRecord, AuditVerification, StoredDecision } from "../Store";
import { verifyAuditChain } from "../verifyAuditChain";

/** The embedded store's audit table: its head in memory, appends written by the group commit. */
export type EmbeddedAuditLog = {
  /** The newest record's seq, including records whose commit is still under way. */
  readonly headSeq: number;
  /**
   * Chains the next record now (seq and hash are taken at once, so records keep call order) and
   * returns the write that stores it, for the batch.
   */
  append(input: AuditInput, decision?: StoredDecision | null): { record: AuditRecord; write: () => void };
  read(fromSeq: number, limit: number): AuditRecord[];
  ofKind(kind: AuditInput["kind"]): AuditRecord[];
  /** What committed records say, newest first, read lazily (deriveExposure walks back through them). */
  /** The records that add or end exposure (decisions, releases), in log order. */
  exposureRecords(): Iterable<Pick<AuditRecord, "kind" | "payload_json" | "at_ms">>;
  verify(): AuditVerification;
};

const toRecord = (r: Record<string, unknown>): AuditRecord => ({
  seq: Number(r.seq),
  at_ms: Number(r.at_ms),
  kind: r.kind as AuditRecord["kind"],
  payload_json: String(r.payload_json),
  prev_hash: String(r.prev_hash),
  hash: String(r.hash),
});

function* records(rows: Iterable<Record<string, unknown>>): Iterable<AuditRecord> {
  for (const r of rows) yield toRecord(r);
}

function* contents(rows: Iterable<Record<string, unknown>>): Iterable<Pick<AuditRecord, "kind" | "payload_json" | "at_ms">> {
  for (const r of rows) yield { kind: r.kind as AuditRecord["kind"], payload_json: String(r.payload_json), at_ms: Number(r.at_ms) };
}

/**
 * The audit log of the embedded store, over its `audit` table. A decision's record carries the
 * decision's session and intent in their own columns: the idempotency keys point at it.
 *
 * @param db - The open store file.
 * @returns The log, its head loaded.
 * @example
 * const audit = createAuditLog(db)
 * const { record, write } = audit.append({ kind: "override", at_ms: Date.now(), payload: {} })
 */
export function createAuditLog(db: DatabaseSync): EmbeddedAuditLog {
  const columns = "seq, at_ms, kind, payload_json, prev_hash, hash";
  const stmt = {
    insert: db.prepare(`INSERT INTO audit (${columns}, session_id, intent_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`),
    read: db.prepare(`SELECT ${columns} FROM audit WHERE seq >= ? ORDER BY seq LIMIT ?`),
    ofKind: db.prepare(`SELECT ${columns} FROM audit WHERE kind = ? ORDER BY seq`),
    all: db.prepare(`SELECT ${columns} FROM audit ORDER BY seq`),
    exposureRecords: db.prepare("SELECT kind, payload_json, at_ms FROM audit WHERE kind IN ('decision', 'exposure_released') ORDER BY seq"),
  };
  const newest = db.prepare("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1").get();
  let head = newest ? { seq: Number(newest.seq), hash: String(newest.hash) } : { seq: 0, hash: AUDIT_GENESIS_HASH };
  return {
    get headSeq() {
      return head.seq;
    },
    append(input, decision = null) {
      const payload = decision ? decisionAuditPayload(input, decision) : input.payload;
      const record = nextAuditRecord(head, { at_ms: input.at_ms, kind: input.kind, payload_json: toJson(payload) });
      head = record;
      return {
        record,
        write: () => {
          stmt.insert.run(
            record.seq,
            record.at_ms,
            record.kind,
            record.payload_json,
            record.prev_hash,
            record.hash,
            decision?.session_id ?? null,
            decision?.intent_id ?? null,
          );
        },
      };
    },
    read: (fromSeq, limit) => stmt.read.all(fromSeq, limit).map(toRecord),
    ofKind: (kind) => stmt.ofKind.all(kind).map(toRecord),
    exposureRecords: () => contents(stmt.exposureRecords.iterate()),
    verify: () => verifyAuditChain(records(stmt.all.iterate())),
  };
}
