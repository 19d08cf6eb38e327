import { describe, expect, test } from "vitest";
import { StoreUnavailableError } from "../../../src/errors/StoreUnavailableError";
import { session, T0 } from "../../helpers/guardFixtures";
import type { ContractContext } from "../storeContract";
import { audit, GRANT_BOUNDS, grantOf, seed } from "../storeFixtures";
import { approveWithClaim, claim } from "./exposureContract";

/** Start-up, what survives a reopen, failing closed, health. */
export function durabilityContract({ fresh }: ContractContext): void {
  describe("start-up and durability", () => {
    test("a fresh store reports no previous run, and acknowledging that changes nothing", async () => {
      const { store } = await fresh();
      expect(await store.startup()).toEqual({ previous_run: "none", decisions_may_be_lost: false });
      await store.acknowledgeStartup();
      expect(await store.startup()).toEqual({ previous_run: "none", decisions_may_be_lost: false });
      expect(await store.listSessions()).toEqual([]);
    });

    test("sessions, spent budget, kill switches and the audit chain survive a reopen", async ({ skip }) => {
      const f = await fresh();
      if (!f.reopen) return skip("nothing outlives this store");
      const { store } = f;
      const s = await seed(store);
      const r = await store.commitDecision({
        decision: { session_id: s.session_id, intent_id: "int_1", decision: "APPROVE", reason_code: null, signature: "0x01", audit_seq: -1 },
        audit: audit(1),
        reserve: { expected_calls_used: 0, expected_kill_epoch: (await store.killSwitches()).epoch },
      });
      expect(r.status).toBe("committed");
      await store.setKillSwitch({ scope: "strategy", target: "x", armed: true, changed_at_ms: T0, actor: "risk", reason: "r" }, [], audit(2));

      const again = await f.reopen();
      expect(await again.getSession(s.session_id)).toMatchObject({ calls_used: 1, last_used_ms: T0 + 1, scope: { max_per_call_size_micros: s.scope.max_per_call_size_micros } });
      expect((await again.findSessionByCredentialHash(s.credential_hash))?.session_id).toBe(s.session_id);
      expect((await again.killSwitches()).switches).toEqual([expect.objectContaining({ scope: "strategy", target: "x", armed: true })]);
      expect((await again.decisionSnapshot(s.session_id, "int_1")).existing).toMatchObject({ signature: "0x01", audit_seq: 3 });
      expect(await again.verifyAudit()).toMatchObject({ ok: true, records: 4 });
    });

    test("pending grants, revocations, meta and open exposure claims survive a reopen; consumed and pruned grants and released claims stay gone", async ({ skip }) => {
      const f = await fresh();
      if (!f.reopen) return skip("nothing outlives this store");
      const { store } = f;
      const s = await seed(store);
      const other = session({ session_id: `0x${"33".repeat(32)}`, credential_hash: "h2" });
      await seed(store, other);
      const pruned = { ...grantOf(session()), grant_id: `0x${"55".repeat(32)}` as const, expires_at_ms: T0 - 1 };
      await store.savePendingGrant(pruned, { kind: "grant_requested", at_ms: T0, payload: {} }, GRANT_BOUNDS);
      const pending = { ...grantOf(session()), grant_id: `0x${"44".repeat(32)}` as const };
      // Prunes the one that expired before T0.
      await store.savePendingGrant(pending, { kind: "grant_requested", at_ms: T0, payload: {} }, GRANT_BOUNDS);
      await store.revokeSessions([other.session_id], "owner", T0 + 3, { kind: "session_revoked", at_ms: T0 + 3, payload: {} });
      await store.setMeta("equity_sod:2026-11-30", "7");
      const now = Date.now();
      await approveWithClaim(store, s.session_id, claim("int_open", now), 0, (await store.exposure()).version);
      await approveWithClaim(store, s.session_id, claim("int_released", now), 1, (await store.exposure()).version);
      await store.releaseExposure("int_released", "cancelled", { kind: "exposure_released", at_ms: now, payload: { intent_id: "int_released" } });

      const again = await f.reopen();
      expect(await again.getPendingGrant(pending.grant_id)).toEqual(pending);
      expect(await again.getPendingGrant(pruned.grant_id)).toBeUndefined();
      expect(await again.getPendingGrant(s.session_id)).toBeUndefined();
      expect(await again.getSession(other.session_id)).toMatchObject({ revoked_at_ms: T0 + 3, revoke_reason: "owner" });
      expect(await again.getSession(s.session_id)).toMatchObject({ calls_used: 2, revoked_at_ms: null });
      expect(await again.getMeta("equity_sod:2026-11-30")).toBe("7");
      const exposure = await again.exposure();
      expect(exposure.has("int_open")).toBe(true);
      expect(exposure.has("int_released")).toBe(false);
      expect(exposure.openOrders()).toEqual([claim("int_open", now)]);
    });

    test("a commit that fails (storage full) rejects, and the store refuses everything after (fail closed)", async () => {
      const { store } = await fresh({ capacityBytes: 12 * 8192 });
      const big = "x".repeat(20_000);
      let failed: unknown = null;
      for (let i = 0; i < 50 && !failed; i++) {
        try {
          await store.appendAudit({ kind: "decision", at_ms: T0, payload: { big, i } });
        } catch (e) {
          failed = e;
        }
      }
      expect(failed).toBeInstanceOf(StoreUnavailableError);
      expect(await store.health()).toMatchObject({ ok: false });
      await expect(store.killSwitches()).rejects.toBeInstanceOf(StoreUnavailableError);
      await expect(store.appendAudit(audit(1))).rejects.toBeInstanceOf(StoreUnavailableError);
    });

    test("health is ok while the store can be trusted, with the implementation's gauges", async () => {
      const { store } = await fresh();
      const health = await store.health();
      expect(health.ok).toBe(true);
      for (const g of health.gauges) {
        expect(g.name).toMatch(/^warden_store_[a-z_]+$/);
        expect(g.help).not.toBe("");
        expect(Number.isFinite(g.value)).toBe(true);
      }
    });

    test("a closed store refuses every call (close twice is one close)", async () => {
      const { store } = await fresh();
      const s = await seed(store);
      await Promise.all([store.close(), store.close()]);
      expect(await store.health()).toMatchObject({ ok: false });
      await expect(store.getSession(s.session_id)).rejects.toBeInstanceOf(StoreUnavailableError);
      await expect(store.decisionSnapshot(s.session_id, "int_1")).rejects.toBeInstanceOf(StoreUnavailableError);
      const decision = { session_id: s.session_id, intent_id: "int_1", decision: "APPROVE", reason_code: null, signature: "0x01", audit_seq: -1 } as const;
      await expect(store.commitDecision({ decision, audit: audit(1), reserve: { expected_calls_used: 0, expected_kill_epoch: 0 } })).rejects.toBeInstanceOf(StoreUnavailableError);
      await expect(store.appendAudit(audit(1))).rejects.toBeInstanceOf(StoreUnavailableError);
    });
  });
}
