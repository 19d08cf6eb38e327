import { createHash } from "node:crypto";
import type { AddressInfo } from "node:net";
import pino from "pino";
import { expect, test } from "vitest";
import { createOperatorTokens } from "../../src/server/createOperatorTokens";
import { createServer } from "../../src/server/createServer";
import { testWarden } from "../helpers/testWarden";

// Seed 001's reason-code table over HTTP, row by row, against a real server (overrides.max_per_window = 3).
test("seed 001 override table over HTTP: justification, rate limit (approaching, exceeded), kill switch, roles", async () => {
  const { warden } = await testWarden({});
  const tokens = createOperatorTokens({ path: null, envAdminTokenSha256: createHash("sha256").update("adm").digest("hex") });
  const risk = tokens.create({ role: "risk" }).token;
  const viewer = tokens.create({ role: "viewer" }).token;
  const server = createServer({ warden, logger: pino({ level: "silent" }), tokens });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const override = async (token: string, justification: string) => {
    const res = await fetch(`${url}/v1/overrides`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}` },
      body: JSON.stringify({ requestor_id: "ops", justification, target: "risk.drawdown.max_intraday_drawdown_pct", value: 3 }),
    });
    const body = (await res.json()) as { decision?: string; reason_code?: string; warnings?: string[]; error?: string };
    return [res.status, body.reason_code ?? body.error ?? body.decision, body.warnings ?? []] as const;
  };
  const rows: [string, () => Promise<readonly [number, string | undefined, readonly string[]]>, readonly [number, string, string[]]][] = [
    ["a viewer cannot override", () => override(viewer, "incident"), [403, "role_insufficient", []]],
    ["no justification: HARD_REJECT, not counted", () => override(risk, ""), [403, "OVERRIDE_AUDITOR_NO_JUSTIFICATION", []]],
    ["first approval", () => override(risk, "incident RISK-1"), [200, "APPROVE", []]],
    ["second approval", () => override(risk, "incident RISK-2"), [200, "APPROVE", []]],
    ["the last one in the window (one below the limit after it): APPROVE with a WARN", () => override(risk, "incident RISK-3"), [200, "APPROVE", ["OVERRIDE_AUDITOR_RATE_APPROACHING"]]],
    ["over the limit: 429", () => override(risk, "incident RISK-4"), [429, "OVERRIDE_AUDITOR_RATE_EXCEEDED", []]],
  ];
  for (const [label, call, expected] of rows) expect([label, ...(await call())]).toEqual([label, ...expected]);
  // Global kill switch armed: every override is refused (a fresh token, so the rate limit is not what refuses it).
  await warden.armKillSwitch({ scope: "global", actor: "t", reason: "drill" });
  expect(await override(tokens.create({ role: "risk" }).token, "incident RISK-5")).toEqual([403, "KILL_SWITCH_ACTIVE", []]);
  // Every attempt that reached the auditor is audited, approved or rejected, with the token's id.
  const audited = (await warden.store.readAuditOfKind("override")).map((r) => JSON.parse(r.payload_json) as { operator_id: string });
  expect(audited.length).toBe(6);
  expect(audited.every((a) => a.operator_id.startsWith("tok_"))).toBe(true);
  server.close();
  await warden.close();
});
