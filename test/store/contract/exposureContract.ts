import { describe, expect, test } from "vitest";
import type { Hex } from "viem";
import type { ExposureEntry } from "../../../src/core/exposure";
import type { Store } from "../../../src/store/Store";
import type { ContractContext } from "../storeContract";
import { seed } from "../storeFixtures";

/** An order's claim on exposure, at `atMs`. */
export const claim = (intentId: string, atMs: number): ExposureEntry => ({
  intent_id: intentId,
  strategy_id: "nba-mm",
  cluster_id: "c",
  condition_id: "m",
  side: "BUY",
  notional_micros: 5_000_000n,
  at_ms: atMs,
});

/**
 * Commits an approval holding `entry`, its audit payload written as Warden writes it (the claim
 * without what the record already says), against the exposure version `expectedVersion`.
 */
export async function approveWithClaim(store: Store, sessionId: Hex, entry: ExposureEntry, calls: number, expectedVersion: number) {
  return store.commitDecision({
    decision: { session_id: sessionId, intent_id: entry.intent_id, decision: "APPROVE", reason_code: null, signature: "0x01", audit_seq: -1 },
    audit: {
      kind: "decision",
      at_ms: entry.at_ms,
      payload: {
        session_id: sessionId,
        strategy_id: entry.strategy_id,
        intent_id: entry.intent_id,
        exposure: { cluster_id: entry.cluster_id, condition_id: entry.condition_id, side: entry.side, notional_micros: entry.notional_micros.toString() },
      },
    },
    reserve: { expected_calls_used: calls, expected_kill_epoch: (await store.killSwitches()).epoch, exposure: { entry, expected_ledger_version: expectedVersion } },
  });
}

const released = (intentId: string, atMs: number) => ({ kind: "exposure_released" as const, at_ms: atMs, payload: { intent_id: intentId, reason: "cancelled" } });

/** Exposure of open orders: claimed by approvals, ended by releases, part of compare-and-reserve. */
export function exposureContract({ fresh }: ContractContext): void {
  describe("exposure", () => {
    test("an approval's claim holds exposure until released; the release is audited, and a second one finds nothing", async () => {
      const { store } = await fresh();
      const s = await seed(store);
      const now = Date.now();
      const v0 = (await store.exposure()).version;
      expect((await approveWithClaim(store, s.session_id, claim("int_x", now), 0, v0)).status).toBe("committed");
      const held = await store.exposure();
      expect(held.has("int_x")).toBe(true);
      expect(held.version).not.toBe(v0);
      expect(held.openOrders()).toEqual([claim("int_x", now)]);
      expect(await store.releaseExposure("int_x", "cancelled", released("int_x", now + 1))).toBe(true);
      expect((await store.exposure()).has("int_x")).toBe(false);
      expect(await store.releaseExposure("int_x", "cancelled", released("int_x", now + 2))).toBe(false);
      expect(await store.releaseExposure("int_never", "cancelled", released("int_never", now + 2))).toBe(false);
      expect((await store.readAuditOfKind("exposure_released")).map((r) => JSON.parse(r.payload_json).intent_id)).toEqual(["int_x"]);
    });

    test("regression (scope-limits item 6): a claim is never ended by age — one signed 25 h ago still holds, is counted by held(), survives a reopen, and only a release ends it", async ({ skip }) => {
      const f = await fresh();
      const s = await seed(f.store);
      const old = Date.now() - 25 * 3_600_000;
      const v0 = (await f.store.exposure()).version;
      expect((await approveWithClaim(f.store, s.session_id, claim("int_old", old), 0, v0)).status).toBe("committed");
      const far = Date.now() + 365 * 86_400_000;
      const view = (await f.store.exposure()).view({ strategyId: "nba-mm", clusterId: "c", conditionId: "m", nowMs: far, positions: { global: { grossMicros: 0n, netMicros: 0n }, byCluster: new Map(), byMarket: new Map() } });
      expect(view.strategy.grossMicros).toBe(5_000_000n);
      expect((await f.store.exposure()).held().count).toBe(1);
      if (!f.reopen) return skip("nothing outlives this store");
      const again = await f.reopen();
      expect((await again.exposure()).openOrders()).toEqual([claim("int_old", old)]);
      expect((await again.exposure()).held().count).toBe(1);
      expect(await again.releaseExposure("int_old", "cancelled", released("int_old", Date.now()))).toBe(true);
      expect((await again.exposure()).held()).toEqual({ count: 0, oldestClockMs: null });
    });

    test("a reservation is refused when the exposure changed since the snapshot", async () => {
      const { store } = await fresh();
      const s = await seed(store);
      const now = Date.now();
      const seen = (await store.decisionSnapshot(s.session_id, "int_b")).exposure.version;
      expect((await approveWithClaim(store, s.session_id, claim("int_a", now), 0, seen)).status).toBe("committed");
      expect((await approveWithClaim(store, s.session_id, claim("int_b", now), 1, seen)).status).toBe("conflict");
      expect((await store.exposure()).has("int_b")).toBe(false);
      const current = (await store.exposure()).version;
      expect((await approveWithClaim(store, s.session_id, claim("int_b", now), 1, current)).status).toBe("committed");
    });
  });
}
