import { createHash } from "node:crypto";
import { expect, test } from "vitest";
import { AUDIT_GENESIS_HASH } from "../../src/store/auditHash";
import { nextAuditRecord } from "../../src/store/nextAuditRecord";

test("the next record takes the next seq and chains to the head: hash = sha256(prev_hash|seq|at_ms|kind|payload_json)", () => {
  const first = nextAuditRecord({ seq: 0, hash: AUDIT_GENESIS_HASH }, { at_ms: 5, kind: "decision", payload_json: "{}" });
  // The spec's own formula, written out here independently of src.
  const sha = (s: string) => createHash("sha256").update(s).digest("hex");
  expect(first).toEqual({ seq: 1, at_ms: 5, kind: "decision", payload_json: "{}", prev_hash: AUDIT_GENESIS_HASH, hash: sha(`${"0".repeat(64)}|1|5|decision|{}`) });
  const second = nextAuditRecord(first, { at_ms: 6, kind: "override", payload_json: '{"a":1}' });
  expect(second).toMatchObject({ seq: 2, prev_hash: first.hash, hash: sha(`${first.hash}|2|6|override|{"a":1}`) });
});
