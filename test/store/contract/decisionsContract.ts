import { describe, expect, test } from "vitest";
import { T0 } from "../../helpers/guardFixtures";
import type { ContractContext } from "../storeContract";
import { approve, audit, seed } from "../storeFixtures";

/** Decisions: compare-and-reserve, idempotency records, durability of a commit. */
export function decisionsContract({ fresh }: ContractContext): void {
  describe("decisions", () => {
    test("a reservation is refused when the session changed since the snapshot (compare-and-reserve)", async () => {
      const { store } = await fresh();
      const s = await seed(store);
      const commit = async (intent: string, expected: number, epoch?: number) =>
        store.commitDecision({
          decision: { session_id: s.session_id, intent_id: intent, decision: "APPROVE", reason_code: null, signature: "0x01", audit_seq: -1 },
          audit: audit(1),
          reserve: { expected_calls_used: expected, expected_kill_epoch: epoch ?? (await store.killSwitches()).epoch },
        });
      expect((await commit("a", 0)).status).toBe("committed");
      expect((await commit("b", 0)).status).toBe("conflict");
      expect((await commit("a", 1)).status).toBe("conflict");
      const { epoch } = await store.killSwitches();
      await store.revokeSessions([s.session_id], "owner", T0, audit(2));
      expect((await commit("c", 1, epoch)).status).toBe("conflict");
    });

    test("a reservation is refused when a kill switch changed since the snapshot, even one that revoked nothing", async () => {
      const { store } = await fresh();
      const s = await seed(store);
      const { epoch } = await store.killSwitches();
      await store.setKillSwitch({ scope: "strategy", target: "other", armed: true, changed_at_ms: T0, actor: "risk", reason: "r" }, [], audit(1));
      const r = await store.commitDecision({
        decision: { session_id: s.session_id, intent_id: "int_1", decision: "APPROVE", reason_code: null, signature: "0x01", audit_seq: -1 },
        audit: audit(2),
        reserve: { expected_calls_used: 0, expected_kill_epoch: epoch },
      });
      expect(r.status).toBe("conflict");
      expect((await store.getSession(s.session_id))?.calls_used).toBe(0);
    });

    test("a commit for a session the store does not hold is refused", async () => {
      const { store } = await fresh();
      expect((await approve(store, `0x${"99".repeat(32)}`, "int_1", 0, "0x01")).status).toBe("conflict");
    });

    test("a committed decision is the intent's idempotency record: the snapshot returns it, a second commit of the intent conflicts", async () => {
      const { store } = await fresh();
      const s = await seed(store);
      expect((await store.decisionSnapshot(s.session_id, "int_1")).existing).toBeUndefined();
      const r = await approve(store, s.session_id, "int_1", 0, "0x01");
      expect(r).toMatchObject({ status: "committed", audit: { seq: 3, kind: "decision", at_ms: T0 + 10 } });
      const snap = await store.decisionSnapshot(s.session_id, "int_1");
      expect(snap.existing).toEqual({ session_id: s.session_id, intent_id: "int_1", decision: "APPROVE", reason_code: null, signature: "0x01", audit_seq: 3 });
      // The approval spent one call, at its record's time.
      expect(snap.session).toMatchObject({ calls_used: 1, last_used_ms: T0 + 10 });
      expect((await approve(store, s.session_id, "int_1", 1, "0x02")).status).toBe("conflict");
      expect((await store.decisionSnapshot(s.session_id, "int_1")).existing?.signature).toBe("0x01");
      expect((await store.decisionSnapshot(s.session_id, "int_2")).existing).toBeUndefined();
    });

    test("a decision's audit record carries its outcome", async () => {
      const { store } = await fresh();
      const s = await seed(store);
      await approve(store, s.session_id, "int_1", 0, "0x0a");
      const [record] = await store.readAudit(3, 1);
      expect(JSON.parse(record?.payload_json ?? "null")).toEqual({ i: 10, decision: "APPROVE", reason_code: null, signature: "0x0a" });
    });

    test("a committed record is durable: awaitDurable resolves for it", async () => {
      const { store } = await fresh();
      const s = await seed(store);
      const r = await approve(store, s.session_id, "int_1", 0, "0x01");
      if (r.status !== "committed") throw new Error("not committed");
      await expect(store.awaitDurable(r.audit.seq)).resolves.toBeUndefined();
      await expect(store.awaitDurable(1)).resolves.toBeUndefined();
    });

    test("the snapshot reads the session, kill switches and exposure together", async () => {
      const { store } = await fresh();
      const s = await seed(store);
      await store.setKillSwitch({ scope: "strategy", target: "x", armed: true, changed_at_ms: T0, actor: "risk", reason: "r" }, [], audit(1));
      const snap = await store.decisionSnapshot(s.session_id, "int_1");
      expect(snap.session?.session_id).toBe(s.session_id);
      expect(snap.kill).toEqual(await store.killSwitches());
      expect(snap.exposure.version).toBe((await store.exposure()).version);
      expect((await store.decisionSnapshot(`0x${"99".repeat(32)}`, "int_1")).session).toBeUndefined();
    });
  });
}
