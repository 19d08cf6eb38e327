import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Hex } from "viem";
import type { PendingGrant, SessionRecord } from "../../src/core/SessionRecord";
import type { Store } from "../../src/store/Store";
import { session, T0 } from "../helpers/guardFixtures";

/**
 * A fresh data directory under the OS temp dir. (The same as test/helpers/testWarden's, kept here
 * so the store's tests load no Warden: the store sits below it.)
 */
export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), "warden-test-"));
}

/** An audit input of kind `decision` at `T0 + i`, payload `{ i }`. */
export const audit = (i: number) => ({ kind: "decision" as const, at_ms: T0 + i, payload: { i } });

/** The pending grant a session is issued from (same id). */
export const grantOf = (s: SessionRecord): PendingGrant => ({
  grant_id: s.session_id,
  wallet: s.wallet,
  nonce: s.grant_nonce,
  scope: s.scope,
  issued_at_s: T0 / 1000,
  valid_until_s: T0 / 1000 + 86400,
  expires_at_ms: T0 + 600_000,
});

/** Bounds of a pending-grant save that prune nothing of the fixtures' grants (they expire at T0 + 10 min). */
export const GRANT_BOUNDS = { pruneExpiredBeforeMs: T0, maxPending: 1000 };

/** Issues the fixture session through its pending grant (audit records 1 and 2). */
export async function seed(store: Store, s: SessionRecord = session()): Promise<SessionRecord> {
  await store.savePendingGrant(grantOf(s), { kind: "grant_requested", at_ms: T0, payload: {} }, GRANT_BOUNDS);
  await store.issueSession(s, s.session_id, { kind: "session_issued", at_ms: T0, payload: {} });
  return s;
}

/** Commits an approval of `intentId` that expects `calls` spent calls and the current kill epoch; its record is `audit(calls + 10)`. */
export const approve = async (store: Store, sessionId: Hex, intentId: string, calls: number, sig: Hex) =>
  store.commitDecision({
    decision: { session_id: sessionId, intent_id: intentId, decision: "APPROVE", reason_code: null, signature: sig, audit_seq: -1 },
    audit: audit(calls + 10),
    reserve: { expected_calls_used: calls, expected_kill_epoch: (await store.killSwitches()).epoch },
  });
