import { describe, expect, test } from "vitest";
import { AUDIT_GENESIS_HASH } from "../../../src/store/auditHash";
import { T0 } from "../../helpers/guardFixtures";
import type { ContractContext } from "../storeContract";
import { audit } from "../storeFixtures";

/** The audit log: order, reads, the hash chain and what verify detects. */
export function auditContract({ fresh }: ContractContext): void {
  describe("audit chain", () => {
    test("writes made in one event-loop turn commit together and resolve in order", async () => {
      const { store } = await fresh();
      const records = await Promise.all(Array.from({ length: 200 }, (_, i) => store.appendAudit(audit(i))));
      expect(records.map((r) => r.seq)).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
      expect(await store.verifyAudit()).toMatchObject({ ok: true, records: 200 });
    });

    test("each record chains to the one before; readAudit pages from a seq, readAuditOfKind keeps one kind, oldest first", async () => {
      const { store } = await fresh();
      const kinds = ["decision", "override", "decision", "override", "review_queued"] as const;
      const appended = [];
      for (const [i, kind] of kinds.entries()) appended.push(await store.appendAudit({ kind, at_ms: T0 + i, payload: { i } }));
      expect(appended[0]?.prev_hash).toBe(AUDIT_GENESIS_HASH);
      for (let i = 1; i < appended.length; i++) expect(appended[i]?.prev_hash).toBe(appended[i - 1]?.hash);
      expect(await store.readAudit(1, 100)).toEqual(appended);
      expect(await store.readAudit(2, 2)).toEqual(appended.slice(1, 3));
      expect(await store.readAudit(6, 10)).toEqual([]);
      expect(await store.readAuditOfKind("override")).toEqual([appended[1], appended[3]]);
      expect(JSON.parse(appended[4]?.payload_json ?? "null")).toEqual({ i: 4 });
      expect(await store.verifyAudit()).toEqual({ ok: true, records: 5, head: appended[4]?.hash });
    });

    test("readAuditTail gives the newest records, oldest first: fewer than asked when the log is shorter, none when empty", async () => {
      const { store } = await fresh();
      expect(await store.readAuditTail(3)).toEqual([]);
      const appended = [];
      for (let i = 0; i < 5; i++) appended.push(await store.appendAudit(audit(i)));
      expect(await store.readAuditTail(3)).toEqual(appended.slice(2));
      expect(await store.readAuditTail(1)).toEqual(appended.slice(4));
      expect(await store.readAuditTail(10)).toEqual(appended);
    });

    test("an empty log verifies, its head the genesis hash", async () => {
      const { store } = await fresh();
      expect(await store.verifyAudit()).toEqual({ ok: true, records: 0, head: AUDIT_GENESIS_HASH });
    });

    test.for([
      ["an edited payload", 2, { payload_json: '{"i":99}' }, { broken_at_seq: 2, problem: "hash_mismatch" }],
      ["a removed record", 2, "remove", { broken_at_seq: 3, problem: "seq_gap" }],
    ] as const)("verify detects %s even when the storage's own protection is bypassed", async ([, seq, change, expected], { skip }) => {
      const f = await fresh();
      if (!f.tamper) return skip("this store cannot be changed behind its back");
      for (let i = 1; i <= 3; i++) await f.store.appendAudit(audit(i));
      expect(await f.store.verifyAudit()).toMatchObject({ ok: true, records: 3 });
      const again = await f.tamper(seq, change);
      expect(await again.verifyAudit()).toMatchObject({ ok: false, ...expected });
    });
  });
}
