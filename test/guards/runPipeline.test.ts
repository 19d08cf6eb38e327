import fc from "fast-check";
import { describe, expect, test } from "vitest";
import type { Guard } from "../../src/guards/Guard";
import { isReasonCode } from "../../src/core/isReasonCode";
import { killSwitchGuard } from "../../src/guards/killSwitchGuard";
import { runPipeline } from "../../src/guards/runPipeline";
import { sessionKeyManagerGuard } from "../../src/guards/sessionKeyManagerGuard";
import { walletPermissionGuard } from "../../src/guards/walletPermissionGuard";
import { armed, ctx, orderIntent, session, T0, unsignable } from "../helpers/guardFixtures";

const approving: Guard = { bot_id: "test.approve", mode: "hard_guard", dataUnavailableCode: "STORE_DATA_UNAVAILABLE", evaluate: () => ({ inputs_used: [] }) };
const denying = (mode: Guard["mode"]): Guard => ({
  bot_id: "test.deny",
  mode,
  dataUnavailableCode: "STORE_DATA_UNAVAILABLE",
  evaluate: () => ({ deny: { reason_code: "RISK_MARKET_HALTED" }, inputs_used: [] }),
});

describe("runPipeline: deny by default", () => {
  test("an empty pipeline denies with PIPELINE_EMPTY", () => {
    expect(runPipeline([], orderIntent(1n), ctx()).deciding?.reason_code).toBe("PIPELINE_EMPTY");
  });
  test("a guard that throws denies with its *_DATA_UNAVAILABLE code", () => {
    const throwing: Guard = { ...approving, bot_id: "sec.sessionkeymanager", dataUnavailableCode: "SESSION_KEY_MANAGER_DATA_UNAVAILABLE", evaluate: () => { throw new TypeError("store read failed"); } };
    expect(runPipeline([throwing], orderIntent(1n), ctx()).deciding).toMatchObject({ decision: "DENY", reason_code: "SESSION_KEY_MANAGER_DATA_UNAVAILABLE", evidence: { error: "TypeError" } });
  });
  test.each([
    ["undefined", undefined],
    ["a bare approval string", "APPROVE"],
    ["an unregistered code", { deny: { reason_code: "NOT_A_CODE" }, inputs_used: [] }],
    ["a WARN code used to deny", { deny: { reason_code: "SESSION_BUDGET_WARN" }, inputs_used: [] }],
    ["a HARD_REJECT code used as an annotation", { annotations: [{ reason_code: "RISK_MARKET_HALTED" }], inputs_used: [] }],
  ])("a guard returning %s denies with its data-unavailable code", (_l, verdict) => {
    const odd: Guard = { ...approving, dataUnavailableCode: "KILL_SWITCH_DATA_UNAVAILABLE", evaluate: () => verdict as never };
    expect(runPipeline([odd], orderIntent(1n), ctx()).deciding?.reason_code).toBe("KILL_SWITCH_DATA_UNAVAILABLE");
  });
  test("a pipeline of shadow guards only has nothing enforcing and denies with PIPELINE_EMPTY", () => {
    expect(runPipeline([{ ...approving, mode: "shadow_only" }], orderIntent(1n), ctx()).deciding?.reason_code).toBe("PIPELINE_EMPTY");
  });
  test("a quarantined guard denies with GUARD_QUARANTINED", () => {
    expect(runPipeline([{ ...approving, mode: "quarantine" }], orderIntent(1n), ctx()).deciding?.reason_code).toBe("GUARD_QUARANTINED");
  });
});

describe("runPipeline: modes", () => {
  test("a shadow guard records the DENY it would have made and never blocks", () => {
    const r = runPipeline([denying("shadow_only"), approving], orderIntent(1n), ctx());
    expect(r.votes).toHaveLength(2);
    expect(r.decision).toBe("APPROVE");
    expect(r.votes[0]).toMatchObject({ bot_id: "test.deny", decision: "DENY", mode: "shadow_only", reason_code: "RISK_MARKET_HALTED" });
  });
  test.each(["hard_guard", "limited_live"] as const)("a %s guard blocks and short-circuits", (mode) => {
    const r = runPipeline([denying(mode), approving], orderIntent(1n), ctx());
    expect(r.decision).toBe("DENY");
    expect(r.votes.map((v) => v.bot_id)).toEqual(["test.deny"]);
  });
});

describe("runPipeline: properties", () => {
  const modes = fc.constantFrom<Guard["mode"]>("shadow_only", "limited_live", "hard_guard", "quarantine");
  const guardArb: fc.Arbitrary<Guard> = fc.oneof(
    modes.map((m) => ({ ...approving, mode: m })),
    modes.map((m) => denying(m)),
  );
  test("adding a guard to a pipeline with an enforcing guard never turns a DENY into an APPROVE", () => {
    fc.assert(
      fc.property(fc.array(guardArb, { maxLength: 6 }), guardArb, fc.nat({ max: 6 }), (guards, extra, at) => {
        fc.pre(guards.some((g) => g.mode !== "shadow_only"));
        const before = runPipeline(guards, orderIntent(1n), ctx()).decision;
        const withExtra = [...guards];
        withExtra.splice(Math.min(at, guards.length), 0, extra);
        const after = runPipeline(withExtra, orderIntent(1n), ctx()).decision;
        return !(before === "DENY" && after === "APPROVE");
      }),
      { numRuns: 2000 },
    );
  });
  test("shadow mode never blocks but always records a vote", () => {
    fc.assert(
      fc.property(fc.array(fc.boolean(), { minLength: 1, maxLength: 6 }), (denies) => {
        const guards = [...denies.map((d) => (d ? denying("shadow_only") : { ...approving, mode: "shadow_only" as const })), approving];
        const r = runPipeline(guards, orderIntent(1n), ctx());
        return r.decision === "APPROVE" && r.votes.length === guards.length;
      }),
    );
  });
  test("the real guards emit only registered reason codes, whatever the session, clock and request", () => {
    const guards = [killSwitchGuard(), sessionKeyManagerGuard({ mode: "shadow_only" }), walletPermissionGuard({ mode: "shadow_only" })];
    fc.assert(
      fc.property(
        fc.nat({ max: 200 }),
        fc.integer({ min: -10, max: 48 * 3600 }),
        fc.bigInt({ min: 1n, max: 10n ** 12n }),
        fc.boolean(),
        fc.constantFrom("nba-mm", "other"),
        fc.constantFrom<"global" | "strategy" | "none">("global", "strategy", "none"),
        (calls, dtSec, size, unsign, claimed, kill) => {
          const c = ctx(
            {
              now_ms: T0 + dtSec * 1000,
              claimed_strategy_id: claimed,
              kill_switches: kill === "none" ? [] : [armed(kill, kill === "global" ? "*" : "nba-mm")],
            },
            session({ calls_used: calls }),
          );
          const r = runPipeline(guards, unsign ? unsignable("personal_sign") : orderIntent(size), c);
          return r.votes.every((v) => v.reason_code === null || isReasonCode(v.reason_code));
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe("runPipeline: vote ids and per-guard timing", () => {
  test("vote ids are unique across runs and derivable from the run, so the audit log need not store them", async () => {
    const { compactVotes } = await import("../../src/guards/compactVotes");
    const guards = [killSwitchGuard(), sessionKeyManagerGuard({ mode: "hard_guard" }), walletPermissionGuard({ mode: "hard_guard" })];
    const ids = new Set<string>();
    for (let i = 0; i < 50; i++) {
      const r = runPipeline(guards, orderIntent(1n), ctx());
      for (const v of r.votes) ids.add(v.vote_id);
      expect(r.votes[0]?.vote_id).toMatch(/^risk\.killswitch\.\d{8}T\d{6}\.\d{3}Z\.[0-9a-f]+\d+\.0$/);
      expect(compactVotes(r.votes).votes.every((v) => v.vote_id === undefined)).toBe(true);
    }
    expect(ids.size).toBe(50 * 3);
  });

  test("onTimed reports each evaluated guard once, in order, and none after a deny", () => {
    const seen: Array<[string, number]> = [];
    runPipeline([approving, denying("hard_guard"), { ...approving, bot_id: "test.after" }], orderIntent(1n), ctx(), { onTimed: (g, ms) => seen.push([g.bot_id, ms]) });
    expect(seen.map(([id]) => id)).toEqual(["test.approve", "test.deny"]);
    expect(seen.every(([, ms]) => ms >= 0 && Number.isFinite(ms))).toBe(true);
  });
});

describe("runPipeline: the per-call timeout (seed 004 §21)", () => {
  /** Guards that each take `ms` on a clock the test drives, approving or denying. */
  const timedGuards = (steps: Array<{ ms: number; deny: boolean; mode: Guard["mode"] }>) => {
    let nowMs = 1_000;
    const guards: Guard[] = steps.map((st, i) => ({
      bot_id: `test.g${i}`,
      mode: st.mode,
      dataUnavailableCode: "STORE_DATA_UNAVAILABLE",
      evaluate: () => {
        nowMs += st.ms;
        return st.deny ? { deny: { reason_code: "RISK_MARKET_HALTED" }, inputs_used: [] } : { inputs_used: [] };
      },
    }));
    return { guards, clock: () => nowMs };
  };

  test("property: a run denies with PIPELINE_TIMEOUT after the first guard that ends past the timeout, unless an enforcing guard denied first; nothing after it is evaluated", () => {
    const step = fc.record({ ms: fc.integer({ min: 0, max: 8 }), deny: fc.boolean(), mode: fc.constantFrom<Guard["mode"]>("hard_guard", "limited_live", "shadow_only") });
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 8 }), fc.integer({ min: 1, max: 30 }), (steps, timeoutMs) => {
        const { guards, clock } = timedGuards(steps);
        const seen: string[] = [];
        const r = runPipeline(guards, orderIntent(1n), ctx(), { timeoutMs, clock, onTimed: (g) => seen.push(g.bot_id) });
        // The model: walk the guards in order, as the rule says.
        let elapsed = 0;
        let expected: { code: string; at: number } | null = null;
        for (const [i, st] of steps.entries()) {
          elapsed += st.ms;
          if (st.deny && st.mode !== "shadow_only") expected = { code: "RISK_MARKET_HALTED", at: i };
          else if (elapsed > timeoutMs) expected = { code: "PIPELINE_TIMEOUT", at: i };
          if (expected) break;
        }
        const enforcing = steps.some((st) => st.mode !== "shadow_only");
        if (!expected && enforcing) return r.decision === "APPROVE" && seen.length === steps.length;
        if (!expected) return r.deciding?.reason_code === "PIPELINE_EMPTY";
        if (r.decision !== "DENY" || r.deciding?.reason_code !== expected.code) return false;
        if (expected.code !== "PIPELINE_TIMEOUT") return seen.length === expected.at + 1;
        // The overrun is confirmed by a second run (not reported to onTimed), which overruns the same way (the guards are as slow).
        return seen.length === expected.at + 1 && r.deciding.bot_id === "warden.pipeline" && r.deciding.evidence.after_guard === `test.g${expected.at}` && r.deciding.evidence.runs === 2;
      }),
      { numRuns: 500 },
    );
  });

  test("a run that ends exactly at the timeout approves; one past it denies with its evidence", () => {
    const exact = timedGuards([{ ms: 4, deny: false, mode: "hard_guard" }, { ms: 6, deny: false, mode: "hard_guard" }]);
    expect(runPipeline(exact.guards, orderIntent(1n), ctx(), { timeoutMs: 10, clock: exact.clock }).decision).toBe("APPROVE");
    const late = timedGuards([{ ms: 4, deny: false, mode: "hard_guard" }, { ms: 7, deny: false, mode: "hard_guard" }, { ms: 0, deny: false, mode: "hard_guard" }]);
    const r = runPipeline(late.guards, orderIntent(1n), ctx(), { timeoutMs: 10, clock: late.clock });
    expect(r.deciding).toMatchObject({
      bot_id: "warden.pipeline",
      decision: "DENY",
      mode: "hard_guard",
      reason_code: "PIPELINE_TIMEOUT",
      evidence: { timeout_ms: 10, elapsed_ms: 11, after_guard: "test.g1", guards_evaluated: 2, guards: 3, runs: 2, first_elapsed_ms: 11 },
    });
    // The votes so far stay on record, the timeout's last.
    expect(r.votes.map((v) => [v.bot_id, v.decision])).toEqual([["test.g0", "APPROVE"], ["test.g1", "APPROVE"], ["warden.pipeline", "DENY"]]);
  });

  test("a stall inside the first run only (a GC pause, preemption, first-run compilation) does not deny: the second run decides", () => {
    let nowMs = 0;
    let calls = 0;
    const stalledOnce: Guard = { ...approving, evaluate: () => ((nowMs += calls++ === 0 ? 15 : 1), { inputs_used: [] }) };
    const seen: string[] = [];
    const r = runPipeline([stalledOnce, { ...approving, bot_id: "test.after" }], orderIntent(1n), ctx(), { timeoutMs: 10, clock: () => nowMs, onTimed: (g) => seen.push(g.bot_id) });
    expect(r.decision).toBe("APPROVE");
    expect(r.votes.map((v) => v.bot_id)).toEqual(["test.approve", "test.after"]);
    // onTimed hears the first run only; the second run's votes are the decision.
    expect(seen).toEqual(["test.approve"]);
    expect(calls).toBe(2);
  });

  test("regression (CI: PIPELINE_TIMEOUT on a fresh process's first order): guards the first run never reached are warmed before the confirmation, so their first-call compilation does not deny", () => {
    let nowMs = 0;
    const coldOnce = (bot_id: string): Guard => {
      let calls = 0;
      return { ...approving, bot_id, evaluate: () => ((nowMs += calls++ === 0 ? 15 : 1), { inputs_used: [] }) };
    };
    const r = runPipeline([coldOnce("test.a"), coldOnce("test.b")], orderIntent(1n), ctx(), { timeoutMs: 10, clock: () => nowMs });
    expect(r.decision).toBe("APPROVE");
    expect(r.votes.map((v) => v.bot_id)).toEqual(["test.a", "test.b"]);
    // A pipeline slow on every call still denies after the warm-up.
    const slow = timedGuards([{ ms: 11, deny: false, mode: "hard_guard" }, { ms: 11, deny: false, mode: "hard_guard" }]);
    expect(runPipeline(slow.guards, orderIntent(1n), ctx(), { timeoutMs: 10, clock: slow.clock }).deciding).toMatchObject({ reason_code: "PIPELINE_TIMEOUT", evidence: { runs: 2 } });
  });

  test("the confirming run is timed on confirmClock (CPU time in production): wall-clock stalls in both runs do not deny, CPU time past the limit does", () => {
    let wallMs = 0;
    let cpuMs = 0;
    // Each evaluation: 1 ms of computation, and the process descheduled for 20 ms meanwhile.
    const preempted: Guard = { ...approving, evaluate: () => ((wallMs += 21), (cpuMs += 1), { inputs_used: [] }) };
    const options = { timeoutMs: 10, clock: () => wallMs, confirmClock: () => cpuMs };
    expect(runPipeline([preempted], orderIntent(1n), ctx(), options).decision).toBe("APPROVE");
    // Computing for 12 ms is slow on either clock.
    const slow: Guard = { ...approving, evaluate: () => ((wallMs += 12), (cpuMs += 12), { inputs_used: [] }) };
    expect(runPipeline([slow], orderIntent(1n), ctx(), options).deciding).toMatchObject({ reason_code: "PIPELINE_TIMEOUT", evidence: { elapsed_ms: 12, first_elapsed_ms: 12, runs: 2 } });
  });

  test("without a timeout nothing is timed (pure callers keep their behaviour)", () => {
    const slow = timedGuards([{ ms: 10_000, deny: false, mode: "hard_guard" }]);
    expect(runPipeline(slow.guards, orderIntent(1n), ctx(), { clock: slow.clock }).decision).toBe("APPROVE");
  });
});
