import { join } from "node:path";
import { privateKeyToAccount } from "viem/accounts";
import { describe, expect, test } from "vitest";
import type { WardenConfigInput } from "../../src/config/wardenConfigSchema";
import type { OverrideDeniedError } from "../../src/errors/OverrideDeniedError";
import { WalletKey } from "../../src/signer/WalletKey";
import { createWarden } from "../../src/warden/createWarden";
import { roomyRisk, tempDir } from "../helpers/testWarden";

const PK = `0x${"4d".repeat(32)}` as const;
const config = (path: string): WardenConfigInput => ({
  ...roomyRisk,
  store: { path, synchronous: "NORMAL" },
  log: { level: "silent" },
  strategies: { "nba-mm": { family: "market-makers" } },
  overrides: { max_per_window: 2, window_s: 3600 },
});
const open = (path: string) => createWarden({ wallet: WalletKey.fromPrivateKey(PK), config: config(path) });
const armedSwitches = async (w: Awaited<ReturnType<typeof open>>) => (await w.store.killSwitches()).switches.filter((k) => k.armed).map((k) => `${k.scope}:${k.target}`);
const codes = (p: Promise<{ vote: { decision: string }; warnings: { reason_code: string | null }[] }>) =>
  p.then((r) => [r.vote.decision, ...r.warnings.map((w) => w.reason_code)], (e: OverrideDeniedError) => [e.vote?.reason_code ?? e.message]);

describe("disarming a kill switch is an override (seed 001)", () => {
  test("without a justification it is refused with OVERRIDE_AUDITOR_NO_JUSTIFICATION, audited, and the switch stays armed", async () => {
    const w = await open(join(tempDir(), "w.db"));
    await w.armKillSwitch({ scope: "global", actor: "risk", reason: "incident" });
    for (const justification of ["", "   "])
      expect(await codes(w.disarmKillSwitch({ scope: "global", requestor_id: "ops-1", justification }))).toEqual(["OVERRIDE_AUDITOR_NO_JUSTIFICATION"]);
    expect(await armedSwitches(w)).toEqual(["global:*"]);
    const attempts = (await w.store.readAuditOfKind("override")).map((r) => JSON.parse(r.payload_json));
    expect(attempts).toEqual([
      expect.objectContaining({ requestor_id: "ops-1", action: "kill_switch_disarm", target: "kill_switch.global:*", decision: "DENY", reason_code: "OVERRIDE_AUDITOR_NO_JUSTIFICATION" }),
      expect.objectContaining({ decision: "DENY", reason_code: "OVERRIDE_AUDITOR_NO_JUSTIFICATION" }),
    ]);
    await w.close();
  });

  test("a justified disarm is approved even under the global switch it disarms, and both records are audited", async () => {
    const w = await open(join(tempDir(), "w.db"));
    await w.armKillSwitch({ scope: "global", actor: "risk", reason: "incident" });
    // Seed 001: every other override is refused while the global switch is armed.
    expect(await codes(w.requestOverride({ operator_id: "op_risk", requestor_id: "ops-1", justification: "x", target: "risk.drawdown.max_intraday_drawdown_pct", value: 3 }))).toEqual(["KILL_SWITCH_ACTIVE"]);
    expect(await codes(w.disarmKillSwitch({ scope: "global", requestor_id: "ops-1", justification: "INC-42 closed; open orders checked" }))).toEqual(["APPROVE"]);
    expect(await armedSwitches(w)).toEqual([]);
    const change = (await w.store.readAuditOfKind("kill_switch")).map((r) => JSON.parse(r.payload_json)).at(-1);
    expect(change).toMatchObject({ scope: "global", target: "*", armed: false, actor: "ops-1", reason: "INC-42 closed; open orders checked", override: "kill_switch_disarm" });
    await w.close();
  });

  test("disarms share the operator's rate limit (in process, the requestor names the operator) with the setting overrides, across a restart, and are not redone by the replay", async () => {
    const path = join(tempDir(), "w.db");
    const w1 = await open(path);
    await w1.armKillSwitch({ scope: "family", family: "market-makers", actor: "risk", reason: "quoting bug" });
    expect(await codes(w1.requestOverride({ operator_id: "ops-1", requestor_id: "ops-1", justification: "RISK-7", target: "risk.drawdown.max_intraday_drawdown_pct", value: 3 }))).toEqual(["APPROVE"]);
    expect(await codes(w1.disarmKillSwitch({ scope: "family", family: "market-makers", requestor_id: "ops-1", justification: "fix deployed" }))).toEqual([
      "APPROVE",
      "OVERRIDE_AUDITOR_RATE_APPROACHING",
    ]);
    await w1.armKillSwitch({ scope: "family", family: "market-makers", actor: "risk", reason: "again" });
    await w1.close();
    const w2 = await open(path);
    // The replayed disarm did not disarm the switch armed after it; the limit still counts it.
    expect(await armedSwitches(w2)).toEqual(["family:market-makers"]);
    expect(await codes(w2.disarmKillSwitch({ scope: "family", family: "market-makers", requestor_id: "ops-1", justification: "second fix" }))).toEqual(["OVERRIDE_AUDITOR_RATE_EXCEEDED"]);
    expect(await codes(w2.disarmKillSwitch({ scope: "family", family: "market-makers", requestor_id: "ops-2", justification: "second fix, checked by ops-2" }))).toEqual(["APPROVE"]);
    expect(w2.config.risk.drawdown.max_intraday_drawdown_pct).toBe(3);
    await w2.close();
  });

  test("a disarm names its requestor and an existing switch: otherwise a 400-class error, not an audited override", async () => {
    const w = await open(join(tempDir(), "w.db"));
    await expect(w.disarmKillSwitch({ scope: "global", requestor_id: "", justification: "x" })).rejects.toThrow(/requestor_id is required/);
    await expect(w.disarmKillSwitch({ scope: "family", family: "nope", requestor_id: "ops-1", justification: "x" })).rejects.toThrow(/family "nope" is no strategy's/);
    expect(await w.store.readAuditOfKind("override")).toEqual([]);
    await w.close();
  });
});
