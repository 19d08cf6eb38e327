import { describe, expect, test } from "vitest";
import { AUDIT_GENESIS_HASH } from "../../src/store/auditHash";
import { nextAuditRecord } from "../../src/store/nextAuditRecord";
import type { AuditRecord } from "../../src/store/Store";
import { verifyAuditChain } from "../../src/store/verifyAuditChain";

/** Five chained records, payloads `{"i":1}`…`{"i":5}`. */
function chain(): AuditRecord[] {
  const records: AuditRecord[] = [];
  let head = { seq: 0, hash: AUDIT_GENESIS_HASH };
  for (let i = 1; i <= 5; i++) {
    const r = nextAuditRecord(head, { at_ms: 1_000 + i, kind: "decision", payload_json: `{"i":${i}}` });
    records.push(r);
    head = r;
  }
  return records;
}

describe("verifyAuditChain", () => {
  test("an intact chain verifies, with its count and head hash", () => {
    const records = chain();
    expect(verifyAuditChain(records)).toEqual({ ok: true, records: 5, head: records[4]?.hash });
  });

  test("a log read in pages verifies page by page, each resuming where the last ended", () => {
    const records = chain();
    const first = verifyAuditChain(records.slice(0, 2));
    if (!first.ok) throw new Error("first page broken");
    expect(verifyAuditChain(records.slice(2), first)).toEqual({ ok: true, records: 5, head: records[4]?.hash });
    expect(verifyAuditChain(records.slice(3), first)).toMatchObject({ ok: false, records: 2, broken_at_seq: 4, problem: "seq_gap" });
  });

  test("an empty log verifies, its head the genesis hash", () => {
    expect(verifyAuditChain([])).toEqual({ ok: true, records: 0, head: AUDIT_GENESIS_HASH });
  });

  // Each change is named at the first record it breaks, with the records before it that held.
  test.each([
    ["an edited payload", (r: AuditRecord[]) => r.map((x) => (x.seq === 3 ? { ...x, payload_json: '{"i":99}' } : x)), { broken_at_seq: 3, records: 2, problem: "hash_mismatch" }],
    ["an edited time", (r: AuditRecord[]) => r.map((x) => (x.seq === 3 ? { ...x, at_ms: 0 } : x)), { broken_at_seq: 3, records: 2, problem: "hash_mismatch" }],
    ["an edited kind", (r: AuditRecord[]) => r.map((x) => (x.seq === 3 ? { ...x, kind: "override" as const } : x)), { broken_at_seq: 3, records: 2, problem: "hash_mismatch" }],
    [
      "an edit whose record was re-hashed (its successor's link breaks)",
      (r: AuditRecord[]) => {
        const edited = nextAuditRecord({ seq: 2, hash: r[1]?.hash as string }, { at_ms: 1_003, kind: "decision", payload_json: '{"i":99}' });
        return r.map((x) => (x.seq === 3 ? edited : x));
      },
      { broken_at_seq: 4, records: 3, problem: "prev_mismatch" },
    ],
    ["a deleted record", (r: AuditRecord[]) => r.filter((x) => x.seq !== 3), { broken_at_seq: 4, records: 2, problem: "seq_gap" }],
    ["a deleted first record", (r: AuditRecord[]) => r.slice(1), { broken_at_seq: 2, records: 0, problem: "seq_gap" }],
    ["two records swapped", (r: AuditRecord[]) => [r[0], r[2], r[1], r[3], r[4]] as AuditRecord[], { broken_at_seq: 3, records: 1, problem: "seq_gap" }],
    [
      "two records swapped and renumbered",
      (r: AuditRecord[]) => [r[0], { ...r[2], seq: 2 }, { ...r[1], seq: 3 }, r[3], r[4]] as AuditRecord[],
      { broken_at_seq: 2, records: 1, problem: "prev_mismatch" },
    ],
  ] as const)("detects %s and names the first broken record", (_name, change, expected) => {
    expect(verifyAuditChain(change(chain()))).toEqual({ ok: false, ...expected });
  });

  test("reads lazily: stops at the first broken record", () => {
    const records = chain();
    let read = 0;
    function* lazily() {
      for (const r of records) {
        read++;
        yield r.seq === 2 ? { ...r, hash: "f".repeat(64) } : r;
      }
    }
    expect(verifyAuditChain(lazily())).toMatchObject({ ok: false, broken_at_seq: 2 });
    expect(read).toBe(2);
  });
});
