import type { Hex } from "viem";
import { describe, expect, test } from "vitest";
import { parseConfig } from "../../src/config/parseConfig";
import { type WardenConfigInput, wardenConfigSchema } from "../../src/config/wardenConfigSchema";
import type { SigningDeniedError } from "../../src/errors/SigningDeniedError";
import { buildPipeline } from "../../src/guards/buildPipeline";
import type { Guard } from "../../src/guards/Guard";
import { toSessionAccount } from "../../src/signer/toSessionAccount";
import { testWarden, grant, orderTypedData, roomyRisk } from "../helpers/testWarden";

/** The pipeline Warden builds from the tests' config: the real guards, in order. */
const realGuards = (): Guard[] => {
  const config = wardenConfigSchema.parse(roomyRisk);
  return buildPipeline({
    risk: config.risk,
    sessionKeyManagerMode: "hard_guard",
    walletPermissionGuardMode: "hard_guard",
    clobAuth: { allowClobAuth: false, clobAuthPerHour: 3 },
  });
};

/** This thread's CPU time, ms. */
const cpuMs = () => {
  const u = process.threadCpuUsage();
  return (u.user + u.system) / 1000;
};

/** The real ExposureGuard, made slow: it judges as always, then computes for `ms` of CPU time (however long that takes on a loaded machine). */
const slowedExposureGuard = (guards: Guard[], ms: number): Guard[] =>
  guards.map((g) =>
    g.bot_id !== "risk.exposureguard"
      ? g
      : {
          ...g,
          evaluate: (intent, ctx) => {
            const verdict = g.evaluate(intent, ctx);
            const until = cpuMs() + ms;
            while (cpuMs() < until) {
              // Busy: a synchronous guard cannot be interrupted, only judged late.
            }
            return verdict;
          },
        },
  );

/** A Warden with this pipeline and one session of strategy nba-mm; `sign` signs a fixture order. */
async function wardenWith(guards: Guard[], config: WardenConfigInput = {}) {
  const { warden, owner } = await testWarden({ guards, config });
  const s = await grant(warden, owner);
  const account = toSessionAccount({ warden, credential: s.credential, strategyId: "nba-mm" });
  const sign = (salt: string) => account.signTypedData(orderTypedData(owner.address, { salt }) as never);
  return { warden, session: s, sign };
}

describe("the guard pipeline's per-call timeout (seed 004 §21: 10 ms by default)", () => {
  test("a real guard made slow (25 ms of computation) denies with PIPELINE_TIMEOUT, audited, and nothing is signed or spent", async () => {
    const { warden, session, sign } = await wardenWith(slowedExposureGuard(realGuards(), 25));
    const denied = (await sign("1").catch((e: unknown) => e)) as SigningDeniedError;
    expect(denied.vote).toMatchObject({ bot_id: "warden.pipeline", decision: "DENY", reason_code: "PIPELINE_TIMEOUT", evidence: { timeout_ms: 10, after_guard: "risk.exposureguard", runs: 2 } });
    expect(denied.vote.evidence.elapsed_ms as number).toBeGreaterThan(25);
    // Audited as a denial; no approval, no signature, no budget spent, no exposure held.
    const decisions = (await warden.store.readAuditOfKind("decision")).map((r) => JSON.parse(r.payload_json) as { decision: string; reason_code: string | null; signature?: Hex });
    expect(decisions.map((d) => [d.decision, d.reason_code])).toEqual([["DENY", "PIPELINE_TIMEOUT"]]);
    expect(decisions.some((d) => d.signature !== undefined)).toBe(false);
    expect((await warden.getSession(session.session_id))?.calls_used).toBe(0);
    expect(await warden.listOpenOrders()).toEqual([]);
    expect(await warden.metricsText()).toContain('warden_decisions_total{decision="DENY",reason_code="PIPELINE_TIMEOUT"} 1\n');
    await warden.close();
  });

  test("the same real pipeline, not slowed, signs under the default timeout; a raised timeout lets the slow one sign", async () => {
    const fast = await wardenWith(realGuards());
    for (let i = 1; i <= 20; i++) expect(await fast.sign(String(i))).toMatch(/^0x[0-9a-f]{130}$/);
    expect((await fast.warden.getSession(fast.session.session_id))?.calls_used).toBe(20);
    await fast.warden.close();
    const patient = await wardenWith(slowedExposureGuard(realGuards(), 25), { guards: { pipeline_timeout_ms: 500 } });
    expect(await patient.sign("1")).toMatch(/^0x[0-9a-f]{130}$/);
    await patient.warden.close();
  });

  test.each([
    [0, "guards.pipeline_timeout_ms must be > 0 ms; set e.g. 10"],
    [-5, "guards.pipeline_timeout_ms must be > 0 ms; set e.g. 10"],
    [5000, "guards.pipeline_timeout_ms must be at most 1000 ms; a pipeline takes well under 1 ms, set e.g. 10"],
    ["10", "guards.pipeline_timeout_ms must be a number of milliseconds, e.g. 10 (seed 004's per-call timeout)"],
  ])("guards.pipeline_timeout_ms %j is refused naming the field and the fix", (value, message) => {
    expect(() => parseConfig({ guards: { pipeline_timeout_ms: value } })).toThrow(message);
  });

  test("the default is seed 004's 10 ms", () => {
    expect(wardenConfigSchema.parse({}).guards.pipeline_timeout_ms).toBe(10);
  });
});
