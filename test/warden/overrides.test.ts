import { join } from "node:path";
import { privateKeyToAccount } from "viem/accounts";
import { describe, expect, test } from "vitest";
import type { WardenConfigInput } from "../../src/config/wardenConfigSchema";
import { createWarden } from "../../src/warden/createWarden";
import type { OverrideDeniedError } from "../../src/errors/OverrideDeniedError";
import type { SigningDeniedError } from "../../src/errors/SigningDeniedError";
import { toSessionAccount } from "../../src/signer/toSessionAccount";
import { WalletKey } from "../../src/signer/WalletKey";
import { FIXTURE_TOKEN, grant, orderTypedData, roomyRisk, tempDir } from "../helpers/testWarden";

const PK = `0x${"3c".repeat(32)}` as const;
const owner = privateKeyToAccount(PK);
const base = (path: string): WardenConfigInput => ({
  ...roomyRisk,
  store: { path, synchronous: "NORMAL" },
  log: { level: "silent" },
  market_data: { track: { token_ids: [FIXTURE_TOKEN] } },
  routing: { codes: { RISK_EXPOSURE_CAP_HIT: { pause: "none" } } },
  overrides: { max_per_window: 2, window_s: 3600 },
});
const justification = "ticket RISK-42: tighten the strategy cap during the incident";

describe("run-time overrides through the ManualOverrideAuditor", () => {
  test("an approved override changes the live guardrail, is audited, and survives a restart", async () => {
    const path = join(tempDir(), "w.db");
    const w1 = await createWarden({ wallet: WalletKey.fromPrivateKey(PK), config: base(path) });
    const s = await grant(w1, owner);
    const sign = (w: typeof w1, salt: string) =>
      toSessionAccount({ warden: w, credential: s.credential, strategyId: "nba-mm" })
        .signTypedData(orderTypedData(owner.address, { salt }) as never)
        .then(() => "APPROVE", (e: SigningDeniedError) => e.vote.reason_code);
    expect(await sign(w1, "1")).toBe("APPROVE");
    const r = await w1.requestOverride({ operator_id: "ops-1", requestor_id: "ops-1", justification, target: "risk.exposure.strategy.gross_cap_usd", value: 50 });
    expect(r.vote).toMatchObject({ bot_id: "risk.manualoverrideauditor", decision: "APPROVE" });
    expect(w1.config.risk.exposure.strategy.gross_cap_usd).toBe(50);
    expect(await sign(w1, "2")).toBe("RISK_EXPOSURE_CAP_HIT"); // 40 held + 40 > 50
    const audit = (await w1.store.readAuditOfKind("override")).map((x) => JSON.parse(x.payload_json));
    expect(audit).toEqual([expect.objectContaining({ requestor_id: "ops-1", justification, target: "risk.exposure.strategy.gross_cap_usd", value: 50, decision: "APPROVE" })]);
    await w1.close();
    const w2 = await createWarden({ wallet: WalletKey.fromPrivateKey(PK), config: base(path) });
    expect(w2.config.risk.exposure.strategy.gross_cap_usd).toBe(50);
    expect(await sign(w2, "3")).toBe("RISK_EXPOSURE_CAP_HIT");
    await w2.close();
  });

  test("refusals are audited, never applied and never counted; the limit warns one before and then refuses", async () => {
    const w = await createWarden({ wallet: WalletKey.fromPrivateKey(PK), config: base(join(tempDir(), "w.db")) });
    const ask = (o: Partial<Parameters<typeof w.requestOverride>[0]>) =>
      w
        // In-process callers name their operator; each requestor here is its own operator.
        .requestOverride({ requestor_id: "ops-1", justification, target: "risk.drawdown.max_intraday_drawdown_pct", value: 3, ...o, operator_id: o.requestor_id ?? "ops-1" })
        .then((r) => [r.vote.decision, ...r.warnings.map((x) => x.reason_code)], (e: OverrideDeniedError) => [e.vote.reason_code]);
    expect(await ask({ justification: " " })).toEqual(["OVERRIDE_AUDITOR_NO_JUSTIFICATION"]);
    expect(await ask({ target: "guards.kill_switch.mode", value: "shadow_only" })).toEqual(["OVERRIDE_INVALID"]);
    expect(await ask({ value: -1 })).toEqual(["OVERRIDE_INVALID"]);
    // Limit 2 per window: the second is the last one allowed (count one below the limit: WARN).
    expect(await ask({})).toEqual(["APPROVE"]);
    expect(await ask({ value: 2 })).toEqual(["APPROVE", "OVERRIDE_AUDITOR_RATE_APPROACHING"]);
    expect(await ask({ value: 1 })).toEqual(["OVERRIDE_AUDITOR_RATE_EXCEEDED"]);
    expect(await ask({ requestor_id: "ops-2", value: 1 })).toEqual(["APPROVE"]);
    expect(w.config.risk.drawdown.max_intraday_drawdown_pct).toBe(1);
    expect((await w.store.readAuditOfKind("override"))).toHaveLength(7);
    await w.armKillSwitch({ scope: "global", actor: "risk", reason: "drill" });
    expect(await ask({ requestor_id: "ops-3" })).toEqual(["KILL_SWITCH_ACTIVE"]);
    await w.close();
  });

  describe("item 5: overrides cannot pollute prototypes, and their rate limit counts the caller", () => {
    const prototypeNames = () => Object.getOwnPropertyNames(Object.prototype).sort();
    test("pollution attempts are refused with OVERRIDE_INVALID, leave Object.prototype clean and the configuration unchanged, and are not counted", async () => {
      const w = await createWarden({ wallet: WalletKey.fromPrivateKey(PK), config: base(join(tempDir(), "w.db")) });
      const before = { proto: prototypeNames(), config: JSON.stringify(w.config) };
      const attempts: [string, unknown][] = [
        ["risk.__proto__.polluted_by_override", true],
        ["risk.constructor.prototype.polluted_by_override", true],
        ["risk.exposure.strategies.__proto__.polluted_by_override", true],
        ["routing.codes.__proto__.pause", "none"],
        ["risk.exposure.hasOwnProperty", 1],
        ["risk.exposure.strategies", JSON.parse('{"__proto__": {"polluted_by_override": true}}')],
        ["risk.exposure.strategies", JSON.parse('{"s": {"constructor": {"prototype": {"polluted_by_override": true}}}}')],
      ];
      for (const [target, value] of attempts) {
        const code = await w
          .requestOverride({ operator_id: "ops-1", requestor_id: "ops-1", justification, target, value })
          .then(() => "APPROVE", (e: OverrideDeniedError) => e.vote.reason_code);
        expect(code, target).toBe("OVERRIDE_INVALID");
        expect(({} as Record<string, unknown>).polluted_by_override, target).toBeUndefined();
      }
      expect(prototypeNames()).toEqual(before.proto);
      expect(JSON.stringify(w.config)).toBe(before.config);
      // None counted: the limit (2) still allows two.
      for (const value of [3, 2]) {
        await w.requestOverride({ operator_id: "ops-1", requestor_id: "ops-1", justification, target: "risk.drawdown.max_intraday_drawdown_pct", value });
      }
      expect(w.config.risk.drawdown.max_intraday_drawdown_pct).toBe(2);
      await w.close();
    });

    test("the limit counts the operator, not the requestor name it declares; the name stays in the audit record", async () => {
      const w = await createWarden({ wallet: WalletKey.fromPrivateKey(PK), config: base(join(tempDir(), "w.db")) });
      const outcomes: string[] = [];
      for (const [i, requestor_id] of ["alice", "bob", "carol", "dave", "erin", "frank"].entries()) {
        outcomes.push(
          await w
            .requestOverride({ operator_id: "risk-desk", requestor_id, justification, target: "risk.drawdown.max_intraday_drawdown_pct", value: 3 - i * 0.25 })
            .then((r) => r.vote.decision, (e: OverrideDeniedError) => e.vote.reason_code as string),
        );
      }
      expect(outcomes).toEqual(["APPROVE", "APPROVE", "OVERRIDE_AUDITOR_RATE_EXCEEDED", "OVERRIDE_AUDITOR_RATE_EXCEEDED", "OVERRIDE_AUDITOR_RATE_EXCEEDED", "OVERRIDE_AUDITOR_RATE_EXCEEDED"]);
      const audit = (await w.store.readAuditOfKind("override")).map((r) => JSON.parse(r.payload_json));
      expect(audit.map((a) => [a.operator_id, a.requestor_id])).toEqual(["alice", "bob", "carol", "dave", "erin", "frank"].map((n) => ["risk-desk", n]));
      await w.close();
    });
  });
});

describe("replaying recorded overrides", () => {
  test("an approval that no longer applies (risk.market_quality.max_slippage was replaced) is reported and skipped; Warden starts and the rest replays", async () => {
    const path = join(tempDir(), "w.db");
    const w1 = await createWarden({ wallet: WalletKey.fromPrivateKey(PK), config: base(path) });
    // What an older Warden recorded for the absolute slippage setting, then a valid override.
    await w1.store.appendAudit({ kind: "override", at_ms: Date.now(), payload: { requestor_id: "ops-1", justification, target: "risk.market_quality.max_slippage", value: 0.02, decision: "APPROVE", reason_code: null } });
    await w1.requestOverride({ operator_id: "ops-1", requestor_id: "ops-1", justification, target: "risk.drawdown.max_intraday_drawdown_pct", value: 3 });
    await w1.close();
    const w2 = await createWarden({ wallet: WalletKey.fromPrivateKey(PK), config: base(path) });
    expect(w2.config.risk.market_quality.max_slippage_fraction).toBe(0.15);
    expect(w2.config.risk.drawdown.max_intraday_drawdown_pct).toBe(3);
    // Both count against the window (limit 2): a third from the same operator is refused.
    await expect(w2.requestOverride({ operator_id: "ops-1", requestor_id: "ops-1", justification, target: "risk.drawdown.max_intraday_drawdown_pct", value: 2 })).rejects.toMatchObject({
      reasonCode: "OVERRIDE_AUDITOR_RATE_EXCEEDED",
    });
    await w2.close();
  });
});
