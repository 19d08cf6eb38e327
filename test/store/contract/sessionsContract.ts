import { describe, expect, test } from "vitest";
import type { Hex } from "viem";
import type { KillSwitchRecord } from "../../../src/core/SessionRecord";
import { session, T0 } from "../../helpers/guardFixtures";
import type { ContractContext } from "../storeContract";
import { GRANT_BOUNDS, grantOf, seed } from "../storeFixtures";

const kill = (over: Partial<KillSwitchRecord> = {}): KillSwitchRecord => ({
  scope: "strategy",
  target: "x",
  armed: true,
  changed_at_ms: T0 + 7,
  actor: "risk",
  reason: "r",
  ...over,
});

const requested = (i: number) => ({ kind: "grant_requested" as const, at_ms: T0 + i, payload: { i } });
const revoked = (i: number) => ({ kind: "session_revoked" as const, at_ms: T0 + i, payload: { i } });
const switched = (i: number) => ({ kind: "kill_switch" as const, at_ms: T0 + i, payload: { i } });

/** Pending grants, sessions, revocations, kill switches and meta. */
export function sessionsContract({ fresh }: ContractContext): void {
  describe("grants and sessions", () => {
    test("a saved grant stays pending until a session is issued from it, which consumes it", async () => {
      const { store } = await fresh();
      const s = session();
      await store.savePendingGrant(grantOf(s), { kind: "grant_requested", at_ms: T0, payload: {} }, GRANT_BOUNDS);
      expect(await store.getPendingGrant(s.session_id)).toEqual(grantOf(s));
      const issued = await store.issueSession(s, s.session_id, { kind: "session_issued", at_ms: T0, payload: {} });
      expect(issued).toMatchObject({ seq: 2, kind: "session_issued" });
      expect(await store.getPendingGrant(s.session_id)).toBeUndefined();
      expect(await store.getSession(s.session_id)).toMatchObject({ session_id: s.session_id, calls_used: 0, revoked_at_ms: null });
      expect((await store.findSessionByCredentialHash(s.credential_hash))?.session_id).toBe(s.session_id);
      expect(await store.findSessionByCredentialHash("not-a-credential")).toBeUndefined();
      expect((await store.listSessions()).map((x) => x.session_id)).toEqual([s.session_id]);
    });

    test("discarding pending grants consumes every one, audited with their ids", async () => {
      const { store } = await fresh();
      const ids = [`0x${"aa".repeat(32)}`, `0x${"bb".repeat(32)}`] as Hex[];
      for (const id of ids) await store.savePendingGrant({ ...grantOf(session()), grant_id: id }, { kind: "grant_requested", at_ms: T0, payload: {} }, GRANT_BOUNDS);
      const discarded = await store.discardPendingGrants((grant_ids) => ({ kind: "grants_discarded", at_ms: T0, payload: { grant_ids } }));
      expect(discarded).toEqual(ids);
      for (const id of ids) expect(await store.getPendingGrant(id)).toBeUndefined();
      expect((await store.readAuditOfKind("grants_discarded")).map((r) => JSON.parse(r.payload_json))).toEqual([{ grant_ids: ids }]);
    });

    test("saving a grant prunes those that expired before the cutoff, in the same step; the survivors and the new one stay pending", async () => {
      const { store } = await fresh();
      const id = (i: number) => `0x${i.toString(16).padStart(64, "0")}` as Hex;
      // Grants 1..6 expire at T0 + i s.
      for (let i = 1; i <= 6; i++) expect(await store.savePendingGrant({ ...grantOf(session()), grant_id: id(i), expires_at_ms: T0 + i * 1000 }, requested(i), GRANT_BOUNDS)).toBe("saved");
      // A save at a cutoff of T0 + 3.5 s prunes 1..3 (expired before it) and keeps 4..6.
      expect(await store.savePendingGrant({ ...grantOf(session()), grant_id: id(7), expires_at_ms: T0 + 60_000 }, requested(7), { pruneExpiredBeforeMs: T0 + 3500, maxPending: 1000 })).toBe("saved");
      for (const i of [1, 2, 3]) expect(await store.getPendingGrant(id(i))).toBeUndefined();
      for (const i of [4, 5, 6, 7]) expect((await store.getPendingGrant(id(i)))?.grant_id).toBe(id(i));
      // A survivor is still redeemed (a pruned one is gone: getPendingGrant, which Warden asks first, finds nothing).
      const s = session();
      await store.issueSession({ ...s, session_id: id(5) }, id(5), { kind: "session_issued", at_ms: T0, payload: {} });
      expect(await store.getPendingGrant(id(5))).toBeUndefined();
      // Pruning is not audited (the grants' own records say when they expire): 7 requests, 1 issue.
      expect((await store.readAuditOfKind("grant_requested")).length).toBe(7);
    });

    test("the number of held grants is capped: at the maximum a save is refused (nothing audited) until expired grants can be pruned", async () => {
      const { store } = await fresh();
      const id = (i: number) => `0x${(0x1000 + i).toString(16).padStart(64, "0")}` as Hex;
      const bounds = { pruneExpiredBeforeMs: T0, maxPending: 3 };
      for (let i = 1; i <= 3; i++) expect(await store.savePendingGrant({ ...grantOf(session()), grant_id: id(i), expires_at_ms: T0 + i * 1000 }, requested(i), bounds)).toBe("saved");
      expect(await store.savePendingGrant({ ...grantOf(session()), grant_id: id(4), expires_at_ms: T0 + 60_000 }, requested(4), bounds)).toBe("full");
      expect(await store.getPendingGrant(id(4))).toBeUndefined();
      expect((await store.readAuditOfKind("grant_requested")).length).toBe(3);
      // Later, grant 1 has expired before the cutoff: it is pruned and the new one fits.
      expect(await store.savePendingGrant({ ...grantOf(session()), grant_id: id(4), expires_at_ms: T0 + 60_000 }, requested(4), { ...bounds, pruneExpiredBeforeMs: T0 + 1500 })).toBe("saved");
      expect(await store.getPendingGrant(id(1))).toBeUndefined();
      expect((await store.getPendingGrant(id(4)))?.grant_id).toBe(id(4));
      expect(await store.verifyAudit()).toMatchObject({ ok: true });
    });

    test("revoking a session records when and why, bumps the kill epoch, and a second revocation keeps the first", async () => {
      const { store } = await fresh();
      const s = await seed(store);
      const before = (await store.killSwitches()).epoch;
      const r = await store.revokeSessions([s.session_id], "owner", T0 + 5, revoked(5));
      expect(r.kind).toBe("session_revoked");
      expect(await store.getSession(s.session_id)).toMatchObject({ revoked_at_ms: T0 + 5, revoke_reason: "owner" });
      expect((await store.killSwitches()).epoch).toBeGreaterThan(before);
      await store.revokeSessions([s.session_id], "kill_switch", T0 + 6, revoked(6));
      expect(await store.getSession(s.session_id)).toMatchObject({ revoked_at_ms: T0 + 5, revoke_reason: "owner" });
    });
  });

  describe("kill switches", () => {
    test("a kill switch is set together with the sessions it revokes, and bumps the epoch", async () => {
      const { store } = await fresh();
      const s = await seed(store);
      expect(await store.killSwitches()).toEqual({ switches: [], epoch: 0 });
      await store.setKillSwitch(kill(), [s.session_id], switched(1));
      const after = await store.killSwitches();
      expect(after.switches).toEqual([kill()]);
      expect(after.epoch).toBeGreaterThan(0);
      expect(await store.getSession(s.session_id)).toMatchObject({ revoked_at_ms: T0 + 7, revoke_reason: "kill_switch" });
    });

    test("setting a switch again replaces it (one per scope and target)", async () => {
      const { store } = await fresh();
      await store.setKillSwitch(kill(), [], switched(1));
      await store.setKillSwitch(kill({ scope: "global", target: "*" }), [], switched(2));
      await store.setKillSwitch(kill({ armed: false, changed_at_ms: T0 + 8 }), [], switched(3));
      const { switches } = await store.killSwitches();
      expect(switches).toHaveLength(2);
      expect(switches).toContainEqual(kill({ armed: false, changed_at_ms: T0 + 8 }));
      expect(switches).toContainEqual(kill({ scope: "global", target: "*" }));
    });
  });

  describe("meta", () => {
    test("a value set is read back (the last one wins), and a key never set reads undefined", async () => {
      const { store } = await fresh();
      expect(await store.getMeta("equity_sod:2026-11-30")).toBeUndefined();
      await store.setMeta("equity_sod:2026-11-30", "1");
      await store.setMeta("equity_sod:2026-11-30", "2");
      expect(await store.getMeta("equity_sod:2026-11-30")).toBe("2");
    });
  });
}
