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
    runPipeline([approving, denying("hard_guard"), { ...approving, bot_id: "test.after" }], orderIntent(1n), ctx(), (g, ms) => seen.push([g.bot_id, ms]));
    expect(seen.map(([id]) => id)).toEqual(["test.approve", "test.deny"]);
    expect(seen.every(([, ms]) => ms >= 0 && Number.isFinite(ms))).toBe(true);
  });
});
