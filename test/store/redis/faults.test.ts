import { describe, expect, test } from "vitest";
import { sigkillScenario, sigstopScenario } from "./faultScenarios";

// Two store instances in their own processes (test/store/redis/loadChild.ts) under a steady load;
// the test owns the redis-server process and hurts it. `npm run bench` runs the full 20 SIGKILL
// rounds (bench/redis.ts) and measures how fast denials come while Redis hangs.
describe("Redis faults under load from two instances (separate processes)", () => {
  test("SIGKILL × 3 (AOF, appendfsync always): no approval while down, every acknowledged approval audited after the restart, the chain verifies, signing resumes by itself", async () => {
    const r = await sigkillScenario({ rounds: 3 });
    expect(r.acknowledged).toBeGreaterThan(100);
    expect(r.denialsWhileDown).toBeGreaterThan(0);
    expect(r.approvalsWhileDown).toBe(0);
    // Refused while Redis is gone, not held until it is back (how fast is a bench figure: npm run bench).
    expect(r.hangingAtRestart).toBe(0);
    expect(r.unaudited).toEqual([]);
    // Audited approvals nobody acknowledged are intents whose commit got no answer: void since.
    expect(r.unexplained).toEqual([]);
    expect(r.verification).toMatchObject({ ok: true });
    expect(r.callsUsed).toBe(r.auditedApprovals);
    expect(r.recoveryMaxMs).toBeLessThan(5_000);
  }, 60_000);

  test("SIGSTOP: every request denied within the bound and none left hanging; nothing lands after SIGCONT; unanswered intents are never signed later", async () => {
    const r = await sigstopScenario({ stopMs: 1_500 });
    expect(r.requestsWhileStopped).toBeGreaterThan(50);
    expect(r.approvalsWhileStopped).toBe(0);
    // Settled while Redis is still stopped, none held until SIGCONT (how fast the denials come —
    // the first wait out one command bound, the rest are refused at once — is a bench figure).
    expect(r.hangingAtContinue).toBe(0);
    expect(r.settleAllMs).toBeLessThan(1_000);
    // Between the counts, only what Redis ran before the stop: what was acknowledged, and commits
    // whose reply the stop held back (sent before it, answered `unavailable`, void since). No
    // write replayed after SIGCONT: a request started after the stop never lands.
    const landed = r.approvedBetween + r.landedUnacknowledged.length;
    expect(r.after.keys).toBe(r.before.keys);
    expect(r.after.records - r.before.records).toBe(landed);
    // A late commit's decision is void since (never signable): counted in records and calls, not decisions.
    expect(r.after.decisions - r.before.decisions).toBe(r.approvedBetween);
    expect(r.after.calls - r.before.calls).toBe(landed);
    for (const late of r.landedUnacknowledged) {
      expect(late.outcome).toBe("unavailable");
      expect(late.startedAt).toBeLessThan(r.stopAt);
      expect(r.uncertain).toContain(late.intent);
    }
    expect(r.uncertainRetriedApproved).toEqual([]);
    expect(r.unaudited).toEqual([]);
    expect(r.unexplained).toEqual([]);
    expect(r.verification).toMatchObject({ ok: true });
    expect(r.resumed).toBe(true);
  }, 60_000);
});
