import type { Hex } from "viem";
import type { SessionRecord } from "../../../src/core/SessionRecord";
import { createRedisStore, type RedisStore, type RedisStoreParameters } from "../../../src/store/redis/createRedisStore";
import { initRedisStore } from "../../../src/store/redis/initRedisStore";
import type { Store } from "../../../src/store/Store";
import { session, T0 } from "../../helpers/guardFixtures";
import { seed } from "../storeFixtures";
import { freshWallet } from "./redisFixture";

/** Two instances' stores on one wallet of one Redis, each with its own connections. */
export async function openPair(url: string, extra: Partial<RedisStoreParameters> & { urlB?: string } = {}) {
  const wallet = freshWallet();
  await initRedisStore({ url, chainId: 137, wallet, mode: "new", actor: "test", reason: "two instances", ...(extra.cluster ? { cluster: true } : {}) });
  const { urlB, ...rest } = extra;
  const params = { chainId: 137, wallet, commandTimeoutMs: 1_000, ...rest };
  const a = await createRedisStore({ url, instanceName: "a", ...params });
  const b = await createRedisStore({ url: urlB ?? url, instanceName: "b", ...params });
  return { wallet, a, b, close: async () => Promise.all([a.close(), b.close()]) };
}

/** Issues session `n` (its own id and credential) on `store`. */
export async function seedSession(store: Store, n = 1): Promise<SessionRecord> {
  const id = `0x${n.toString(16).padStart(64, "0")}` as Hex;
  return seed(store, session({ session_id: id, credential_hash: `cred-${n}` }));
}

export type Outcome = { outcome: "approved" | "duplicate" | "denied" | "unavailable" | "contention"; signature?: Hex };

/**
 * One signing request against a store, as Warden's signing path makes it: snapshot → a guard
 * (session live, no armed kill switch, within `budget` calls) → commit what it saw → on conflict
 * re-evaluate (yielding, like a request does between attempts); a duplicate returns the
 * recorded signature once durable.
 */
export async function decide(store: Store, sessionId: Hex, intentId: string, signature: Hex, budget = Number.POSITIVE_INFINITY): Promise<Outcome> {
  try {
    for (let attempt = 0; attempt < 200; attempt++) {
      const snap = await store.decisionSnapshot(sessionId, intentId);
      if (snap.existing?.signature) {
        await store.awaitDurable(snap.existing.audit_seq);
        return { outcome: "duplicate", signature: snap.existing.signature };
      }
      const s = snap.session;
      if (!s || s.revoked_at_ms !== null || snap.kill.switches.some((k) => k.armed) || s.calls_used >= budget) return { outcome: "denied" };
      const r = await store.commitDecision({
        decision: { session_id: sessionId, intent_id: intentId, decision: "APPROVE", reason_code: null, signature, audit_seq: -1 },
        audit: { kind: "decision", at_ms: T0 + 1, payload: { intent_id: intentId } },
        reserve: { expected_calls_used: s.calls_used, expected_kill_epoch: snap.kill.epoch },
      });
      if (r.status === "committed") return { outcome: "approved", signature };
      await new Promise((r) => setImmediate(r));
    }
    return { outcome: "contention" };
  } catch {
    return { outcome: "unavailable" };
  }
}

/** Approvals recorded in the audit log (decision records), oldest first. */
export async function auditedApprovals(store: Store): Promise<Array<{ seq: number; intent_id: string; signature: Hex }>> {
  return (await store.readAudit(1, 10_000_000))
    .filter((r) => r.kind === "decision")
    .map((r) => ({ seq: r.seq, ...(JSON.parse(r.payload_json) as { intent_id: string; signature: Hex }) }))
    .filter((p) => p.signature);
}

/** Resolves once `check` holds, polling every 10 ms; rejects after `timeoutMs`. */
export async function eventually(check: () => Promise<boolean> | boolean, timeoutMs = 5_000): Promise<number> {
  const started = Date.now();
  for (;;) {
    if (await check()) return Date.now() - started;
    if (Date.now() - started > timeoutMs) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

export type { RedisStore };
