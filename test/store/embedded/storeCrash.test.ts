import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { createEmbeddedStore } from "../../../src/store/embedded/createEmbeddedStore";
import { tempDir } from "../storeFixtures";
import { runAndKill } from "./runAndKill";

const CHILD = join(process.cwd(), "test", "store", "embedded", "storeCrashChild.ts");

// The store alone, without a Warden around it (crashDurability.test.ts drives one): what the group
// commit resolved must be on disk whatever instant the process dies.
describe("embedded store, SIGKILL mid-load", () => {
  for (const synchronous of ["NORMAL", "FULL"] as const) {
    test(`twice (${synchronous}): every resolved commit is audited and found again, spent calls count every audited approval, the chain verifies`, async () => {
      const dbPath = join(tempDir(), "crash.db");
      const first = await runAndKill(CHILD, [dbPath, "1", synchronous], 400);
      const second = await runAndKill(CHILD, [dbPath, "1000000", synchronous], 400);
      const resolved = [...first, ...second].map((l) => l.split(" ") as [string, string]);

      const store = await createEmbeddedStore({ path: dbPath, synchronous: "FULL" });
      // Same boot: the OS wrote out everything the killed process committed.
      expect(await store.startup()).toMatchObject({ previous_run: "crashed", decisions_may_be_lost: false });
      const records = await store.readAudit(1, 10_000_000);
      const approvals = records.filter((r) => r.kind === "decision").map((r) => JSON.parse(r.payload_json) as { intent_id: string; signature: string });
      const audited = new Map(approvals.map((p) => [p.intent_id, p.signature]));
      expect(resolved.length).toBeGreaterThanOrEqual(800);
      expect(resolved.filter(([intentId, signature]) => audited.get(intentId) !== signature)).toEqual([]);
      const [session] = await store.listSessions();
      expect(session?.calls_used).toBe(approvals.length);
      // Every approval is still an idempotency record (keys the killed run had not written are derived at open).
      const lost: string[] = [];
      for (const p of approvals) if ((await store.decisionSnapshot(session!.session_id, p.intent_id)).existing?.signature !== p.signature) lost.push(p.intent_id);
      expect(lost).toEqual([]);
      expect(await store.verifyAudit()).toMatchObject({ ok: true, records: records.length });
      await store.close();
    }, 120_000);
  }
});
