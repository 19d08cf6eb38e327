// Test-only child process for the store's SIGKILL test: commits approvals from 16 concurrent
// callers as fast as it can and prints each one (only after its commit resolved) to stdout, one per line.
// Arguments: database path, first intent number, and synchronous (FULL or NORMAL).

import { createEmbeddedStore } from "../../../src/store/embedded/createEmbeddedStore";
import { session, T0 } from "../../helpers/guardFixtures";
import { writeLineSync } from "../../fixtures/writeLineSync";

const [dbPath, firstIntent, synchronous] = process.argv.slice(2) as [string, string, "FULL" | "NORMAL"];
const store = await createEmbeddedStore({ path: dbPath, synchronous });
const s = session();
if (!(await store.getSession(s.session_id))) {
  await store.savePendingGrant(
    { grant_id: s.session_id, wallet: s.wallet, nonce: s.grant_nonce, scope: s.scope, issued_at_s: T0 / 1000, valid_until_s: T0 / 1000 + 86400, expires_at_ms: T0 + 600_000 },
    { kind: "grant_requested", at_ms: T0, payload: {} },
    { pruneExpiredBeforeMs: T0, maxPending: 1000 },
  );
  await store.issueSession(s, s.session_id, { kind: "session_issued", at_ms: T0, payload: {} });
}
/** Writes a line to stdout now; the pipe is non-blocking, so a full one (the parent busy) is retried until it drains. */
const print = (line: string) => {
  for (;;) {
    try {
      writeLineSync(line);
      return;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EAGAIN") throw e;
    }
  }
};
print("ready\n");
let next = Number(firstIntent);
const worker = async () => {
  for (;;) {
    const n = next++;
    const intentId = `int_${n}`;
    const signature = `0x${n.toString(16).padStart(8, "0")}` as const;
    // Retried on conflict, as Warden does: another caller spent a call since the snapshot.
    for (;;) {
      const snap = await store.decisionSnapshot(s.session_id, intentId);
      const r = await store.commitDecision({
        decision: { session_id: s.session_id, intent_id: intentId, decision: "APPROVE", reason_code: null, signature, audit_seq: -1 },
        audit: { kind: "decision", at_ms: Date.now(), payload: { session_id: s.session_id, intent_id: intentId } },
        reserve: { expected_calls_used: snap.session?.calls_used ?? -1, expected_kill_epoch: snap.kill.epoch },
      });
      if (r.status === "committed") break;
    }
    print(`${intentId} ${signature}\n`);
  }
};
await Promise.all(Array.from({ length: 16 }, worker));
