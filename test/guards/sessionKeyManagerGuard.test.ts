import { describe, expect, test } from "vitest";
import { runPipeline } from "../../src/guards/runPipeline";
import { sessionKeyManagerGuard } from "../../src/guards/sessionKeyManagerGuard";
import { ctx, orderIntent, session, T0 } from "../helpers/guardFixtures";

const guard = sessionKeyManagerGuard({ mode: "hard_guard" });
const LIFETIME_MS = 24 * 3600 * 1000;
const run = (c: Parameters<typeof runPipeline>[2]) => runPipeline([guard], orderIntent(1n), c);
const codes = (r: ReturnType<typeof run>) => r.votes.map((v) => v.reason_code).filter(Boolean);

describe("SessionKeyManager: expiry (seed 000; t−1, t, t+1)", () => {
  test.each([
    ["lifetime: 1 ms before valid_until", { now_ms: T0 + LIFETIME_MS - 1 }, { last_used_ms: T0 + LIFETIME_MS - 2 }, "APPROVE"],
    ["lifetime: at valid_until (seed: expires_at < NOW denies)", { now_ms: T0 + LIFETIME_MS }, { last_used_ms: T0 + LIFETIME_MS - 2 }, "APPROVE"],
    ["lifetime: 1 ms after valid_until", { now_ms: T0 + LIFETIME_MS + 1 }, { last_used_ms: T0 + LIFETIME_MS - 2 }, "DENY"],
    ["budget: call 100 of 100", {}, { calls_used: 99 }, "APPROVE"],
    ["budget: call 101 of 100", {}, { calls_used: 100 }, "DENY"],
    ["idle: exactly idle_timeout_s since the last call", { now_ms: T0 + 3_600_000 }, {}, "APPROVE"],
    ["idle: 1 ms past idle_timeout_s", { now_ms: T0 + 3_600_001 }, {}, "DENY"],
  ])("%s", (_l, c, s, decision) => {
    const r = run(ctx(c, session(s)));
    expect(r.decision).toBe(decision);
    if (decision === "DENY") expect(r.deciding?.reason_code).toBe("SESSION_KEY_EXPIRED");
  });

  test("the evidence says which limit expired the session", () => {
    expect(run(ctx({}, session({ calls_used: 100 }))).deciding?.evidence).toMatchObject({ cause: "call_budget" });
    expect(run(ctx({ now_ms: T0 + 3_600_001 })).deciding?.evidence).toMatchObject({ cause: "idle_timeout" });
  });
});

describe("SessionKeyManager: warnings", () => {
  test.each([
    ["call 80 of 100: no budget warning", 79, false],
    ["call 81 of 100: SESSION_BUDGET_WARN (> 80 %)", 80, true],
  ])("%s", (_l, used, warns) => {
    expect(codes(run(ctx({}, session({ calls_used: used })))).includes("SESSION_BUDGET_WARN")).toBe(warns);
  });
  test.each([
    ["age exactly 75 % of lifetime: no expiry warning", 0.75 * LIFETIME_MS, false],
    ["age 75 % + 1 ms: SESSION_EXPIRY_WARN", 0.75 * LIFETIME_MS + 1, true],
  ])("%s", (_l, age, warns) => {
    const s = session({ last_used_ms: T0 + age });
    expect(codes(run(ctx({ now_ms: T0 + age }, s))).includes("SESSION_EXPIRY_WARN")).toBe(warns);
  });
  test.each([
    ["1 ms outside require_reapproval: no INFO", LIFETIME_MS - 3_600_001, false],
    ["exactly require_reapproval before expiry: SESSION_ABOUT_TO_EXPIRE", LIFETIME_MS - 3_600_000, true],
  ])("%s", (_l, age, info) => {
    const s = session({ last_used_ms: T0 + age });
    const r = run(ctx({ now_ms: T0 + age }, s));
    expect(r.decision).toBe("APPROVE");
    expect(codes(r).includes("SESSION_ABOUT_TO_EXPIRE")).toBe(info);
  });
});

describe("SessionKeyManager: binding", () => {
  test("a session for strategy A never signs for strategy B", () => {
    const r = run(ctx({ claimed_strategy_id: "other-strategy" }));
    expect(r.deciding).toMatchObject({
      reason_code: "SESSION_STRATEGY_MISMATCH",
      evidence: { session_strategy_id: "nba-mm", claimed_strategy_id: "other-strategy" },
    });
  });
  test.each([
    ["owner", "SESSION_REVOKED"],
    ["kill_switch", "KILL_SWITCH_ACTIVE"],
  ] as const)("a session revoked by %s is denied with %s", (reason, code) => {
    expect(run(ctx({}, session({ revoked_at_ms: T0, revoke_reason: reason }))).deciding?.reason_code).toBe(code);
  });
});
