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
    const r = await w1.requestOverride({ requestor_id: "ops-1", justification, target: "risk.exposure.strategy.gross_cap_usd", value: 50 });
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
        .requestOverride({ requestor_id: "ops-1", justification, target: "risk.drawdown.max_intraday_drawdown_pct", value: 3, ...o })
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
});
