import { AUDIT_GENESIS_HASH, auditHash } from "./auditHash";
import type { AuditRecord, AuditVerification } from "./Store";

/** Where a verification resumes: the records already verified and the hash of the last of them. */
export type AuditChainPosition = { records: number; head: string };

/**
 * Checks an audit log from its first record: seqs run 1, 2, 3… without a gap, each record names
 * its predecessor's hash, and each hash matches its content. Proves nothing was removed, inserted,
 * reordered or edited; names the first record where that fails.
 *
 * @param records - The whole log in storage order (read lazily: one record at a time is enough).
 * @param from - Resume after this many verified records (a log read in pages); default the start.
 * @returns `ok` with the count and the head hash, or the first broken record and what is wrong with it.
 * @example
 * verifyAuditChain(records) // { ok: false, records: 1, broken_at_seq: 2, problem: "hash_mismatch" }
 */
export function verifyAuditChain(records: Iterable<AuditRecord>, from: AuditChainPosition = { records: 0, head: AUDIT_GENESIS_HASH }): AuditVerification {
  let prev = from.head;
  let expectedSeq = from.records + 1;
  let count = from.records;
  for (const r of records) {
    const seq = r.seq;
    if (seq !== expectedSeq) return { ok: false, records: count, broken_at_seq: seq, problem: "seq_gap" };
    if (r.prev_hash !== prev) return { ok: false, records: count, broken_at_seq: seq, problem: "prev_mismatch" };
    const h = auditHash({ prev_hash: prev, seq, at_ms: r.at_ms, kind: r.kind, payload_json: r.payload_json });
    if (h !== r.hash) return { ok: false, records: count, broken_at_seq: seq, problem: "hash_mismatch" };
    prev = h;
    expectedSeq++;
    count++;
  }
  return { ok: true, records: count, head: prev };
}
