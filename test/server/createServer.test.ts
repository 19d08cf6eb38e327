import { createHash } from "node:crypto";
import type { AddressInfo } from "node:net";
import pino from "pino";
import { describe, expect, test } from "vitest";
import type { WardenConfigInput } from "../../src/config/wardenConfigSchema";
import { SigningDeniedError } from "../../src/errors/SigningDeniedError";
import { connectWarden } from "../../src/server/connectWarden";
import { createServer } from "../../src/server/createServer";
import { toSessionAccount } from "../../src/signer/toSessionAccount";
import { FIXTURE_TOKEN, grant, orderTypedData, roomyRisk, testWarden } from "../helpers/testWarden";

async function started(config: WardenConfigInput = {}) {
  const { warden, owner } = await testWarden({ config });
  const server = createServer({
    warden,
    logger: pino({ level: "silent" }),
    operatorTokenSha256: createHash("sha256").update("op-token").digest("hex"),
    extraHealth: () => ({ heartbeat: { state: "sending", interval_ms: 5_000 } }),
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const close = async () => {
    server.close();
    await warden.close();
  };
  return { warden, owner, url, close };
}

const OP = { authorization: "Bearer op-token" };

describe("HTTP API", () => {
  test("a session account signs an order over HTTP and gets typed refusals", async () => {
    const { warden, owner, url, close } = await started();
    const s = await grant(warden, owner);
    const account = toSessionAccount({ warden: await connectWarden({ url, credential: s.credential }), credential: s.credential, strategyId: "nba-mm" });
    expect(account.address).toBe(owner.address);
    const sig = await account.signTypedData(orderTypedData(owner.address) as never);
    expect(sig).toMatch(/^0x[0-9a-f]{130}$/);
    const denied = await account.signMessage({ message: "hi" }).catch((e) => e);
    expect(denied).toBeInstanceOf(SigningDeniedError);
    expect(denied.vote.reason_code).toBe("WALLET_PERMISSION_DENIED");
    await close();
  });

  test("owners request and grant sessions over HTTP with their wallet signature", async () => {
    const { owner, url, close } = await started({ sessions: { allow_clob_auth: true } });
    type GrantRequest = { grant_id: `0x${string}`; warnings: { reason_code: string }[]; typed_data: { message: Record<string, unknown> } };
    const req = (await (await fetch(`${url}/v1/sessions/request`, { method: "POST", headers: OP, body: JSON.stringify({ strategy_id: "http-strat", method_whitelist: ["ClobAuth.sign"] }) })).json()) as GrantRequest;
    expect(req.warnings[0]?.reason_code).toBe("PERMISSION_SCOPE_WARN");
    const td = { ...req.typed_data, message: { ...req.typed_data.message } };
    for (const k of ["maxPerCallSizeMicros", "maxCallsPerSession", "idleTimeoutSec", "requireReapprovalSec", "issuedAt", "validUntil"]) td.message[k] = BigInt(td.message[k] as string);
    const signature = await owner.signTypedData(td as never);
    const res = await fetch(`${url}/v1/sessions/grant`, { method: "POST", body: JSON.stringify({ grant_id: req.grant_id, signature }) });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { credential: string }).credential).toMatch(/^wdn_/);
    const bad = await fetch(`${url}/v1/sessions/request`, { method: "POST", headers: OP, body: JSON.stringify({ strategy_id: "x", max_calls_per_session: 0 }) });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { fix: string[] }).fix[0]).toContain("max_calls_per_session must be at least 1");
    await close();
  });

  test("kill switches need the operator token; once armed, sessions are refused", async () => {
    const { warden, owner, url, close } = await started();
    const s = await grant(warden, owner);
    const arm = (token: string | null) =>
      fetch(`${url}/v1/kill-switch`, {
        method: "POST",
        headers: token ? { authorization: `Bearer ${token}` } : {},
        body: JSON.stringify({ scope: "global", armed: true, actor: "risk", reason: "drill" }),
      });
    expect((await arm(null)).status).toBe(401);
    expect((await arm("wrong")).status).toBe(401);
    expect((await arm("op-token")).status).toBe(200);
    const r = await fetch(`${url}/v1/sign`, {
      method: "POST",
      headers: { authorization: `Bearer ${s.credential}` },
      body: JSON.stringify({ strategy_id: "nba-mm", request: { kind: "typed_data", typedData: orderTypedData(owner.address) } }),
    });
    expect(r.status).toBe(403);
    expect(await r.json()).toMatchObject({ reason_code: "KILL_SWITCH_ACTIVE", message: "Trading is currently paused." });
    await close();
  });

  test("disarming over HTTP is an override: without a justification a 403 with OVERRIDE_AUDITOR_NO_JUSTIFICATION, with one a 200", async () => {
    const { warden, url, close } = await started();
    const post = (body: object) => fetch(`${url}/v1/kill-switch`, { method: "POST", headers: { authorization: "Bearer op-token" }, body: JSON.stringify(body) });
    expect((await post({ scope: "global", armed: true, actor: "risk", reason: "drill" })).status).toBe(200);
    const refused = await post({ scope: "global", armed: false, requestor_id: "ops-1", actor: "risk", reason: "drill over" });
    expect(refused.status).toBe(403);
    expect(await refused.json()).toMatchObject({ decision: "DENY", reason_code: "OVERRIDE_AUDITOR_NO_JUSTIFICATION" });
    expect((await warden.store.killSwitches()).switches.find((k) => k.scope === "global")?.armed).toBe(true);
    const noRequestor = await post({ scope: "global", armed: false, justification: "drill over" });
    expect(noRequestor.status).toBe(400);
    const ok = await post({ scope: "global", armed: false, requestor_id: "ops-1", justification: "drill over, nothing resting" });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ armed: false, decision: "APPROVE" });
    expect((await warden.store.killSwitches()).switches.find((k) => k.scope === "global")?.armed).toBe(false);
    const state = await fetch(`${url}/v1/kill-switch`, { headers: { authorization: "Bearer op-token" } });
    // No CLOB API key configured: the switch stopped signing, and its report says nothing was cancelled.
    expect(await state.json()).toMatchObject({ switches: [{ scope: "global", armed: false }], reports: { cancels: [{ scope: "global", status: "not_configured" }] } });
    expect((await fetch(`${url}/v1/kill-switch`)).status).toBe(401);
    const unpause = await fetch(`${url}/v1/kill-switch/unpause-user`, { method: "POST", headers: { authorization: "Bearer op-token" }, body: JSON.stringify({ requestor_id: "ops-1", justification: "x" }) });
    expect(unpause.status).toBe(400);
    expect(((await unpause.json()) as { fix: string[] }).fix.join(" ")).toContain("kill_switch.pause_user is not configured");
    await close();
  });

  test("GET /health carries the jobs' facts (the heartbeat's state)", async () => {
    const { url, close } = await started();
    expect(await (await fetch(`${url}/health`, { headers: OP })).json()).toMatchObject({ status: "ok", heartbeat: { state: "sending", interval_ms: 5_000 } });
    await close();
  });

  test.each([
    ["malformed JSON", "/v1/sessions/grant", "{", 400],
    ["an oversized body", "/v1/sessions/grant", JSON.stringify({ pad: "x".repeat(70_000) }), 413],
    ["an unknown route", "/v1/nope", "{}", 404],
  ])("%s is a clear client error, never a 500", async (_l, path, body, status) => {
    const { url, close } = await started();
    expect((await fetch(`${url}${path}`, { method: "POST", body })).status).toBe(status);
    await close();
  });

  test("operators read closest-to-breach and release an order's exposure; strategies cannot", async () => {
    const { warden, owner, url, close } = await started();
    const s = await grant(warden, owner);
    const account = toSessionAccount({ warden, credential: s.credential, strategyId: "nba-mm" });
    const sig = await account.signTypedData(orderTypedData(owner.address) as never);
    const intent = (await warden.store.readAudit(1, 100)).map((r) => JSON.parse(r.payload_json)).find((p) => p.signature === sig)?.intent_id;
    const post = (path: string, body: object, token: string | null) =>
      fetch(`${url}${path}`, { method: "POST", headers: token ? { authorization: `Bearer ${token}` } : {}, body: JSON.stringify(body) });
    expect((await post("/v1/orders/release", { intent_id: intent, reason: "cancelled" }, s.credential)).status).toBe(401);
    const breach = await post("/v1/risk/closest-to-breach", { strategy_id: "nba-mm", token_id: FIXTURE_TOKEN, min_utilisation_pct: 0 }, "op-token");
    expect(breach.status).toBe(200);
    expect(((await breach.json()) as { caps: unknown[] }).caps.length).toBeGreaterThan(0);
    // Regression (stop 27 review): a token nothing tracks answered 503 "not loaded yet", a server
    // fault for what is the caller's mistake.
    const unknown = await post("/v1/risk/closest-to-breach", { strategy_id: "nba-mm", token_id: "1" }, "op-token");
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ error: "token_not_tracked", token_id: "1", fix: expect.stringContaining("market_data.token_ids") });
    const released = await post("/v1/orders/release", { intent_id: intent, reason: "cancelled" }, "op-token");
    expect(await released.json()).toEqual({ intent_id: intent, released: true });
    expect((await post("/v1/orders/release", { intent_id: intent, reason: "lost" }, "op-token")).status).toBe(400);
    await close();
  });

  test("operators override a guardrail over HTTP; a missing justification is a 403 with its code", async () => {
    const { warden, url, close } = await started();
    const post = (body: object) =>
      fetch(`${url}/v1/overrides`, { method: "POST", headers: { authorization: "Bearer op-token" }, body: JSON.stringify(body) });
    const refused = await post({ requestor_id: "ops", justification: "", target: "risk.drawdown.max_intraday_drawdown_pct", value: 3 });
    expect(refused.status).toBe(403);
    expect(await refused.json()).toMatchObject({ reason_code: "OVERRIDE_AUDITOR_NO_JUSTIFICATION" });
    const ok = await post({ requestor_id: "ops", justification: "incident RISK-7", target: "risk.drawdown.max_intraday_drawdown_pct", value: 3 });
    expect(await ok.json()).toMatchObject({ decision: "APPROVE" });
    expect(warden.config.risk.drawdown.max_intraday_drawdown_pct).toBe(3);
    await close();
  });

  test("GET /metrics exposes decisions, the seed-004 guard metrics, session expiry and exposure utilisation", async () => {
    // The strategy's gross cap is 80 pUSD: the 40-pUSD order below uses half of it.
    const exposure = { ...roomyRisk.risk?.exposure, strategies: { "nba-mm": { gross_cap_usd: 80 } } };
    // Regression (this stop's clean-clone CI, under load): the fresh process's first order overran
    // the 10 ms pipeline deadline before reaching the wallet-permission guard; the confirming run
    // (not timed into the per-guard histogram, by design) approved, so that guard's histogram read 1
    // against 2 votes. The deadline is not what this test is about: a roomy one keeps its counts exact.
    const { warden, owner, url, close } = await started({ risk: { ...roomyRisk.risk, exposure }, guards: { pipeline_timeout_ms: 1000 } });
    const s = await grant(warden, owner);
    const account = toSessionAccount({ warden, credential: s.credential, strategyId: "nba-mm" });
    await account.signTypedData(orderTypedData(owner.address) as never);
    await account.signMessage({ message: "x" }).catch(() => undefined);
    const text = await (await fetch(`${url}/metrics`, { headers: OP })).text();
    expect(text).toContain('warden_decisions_total{decision="APPROVE",reason_code=""} 1');
    expect(text).toContain('polytraders_sec_walletpermissionguard_denied_total{reason_code="WALLET_PERMISSION_DENIED"} 1');
    expect(text).toMatch(/polytraders_sec_walletpermissionguard_session_expiry_s\{strategy_id="nba-mm"\} \d+/);
    // A ratio (0-1), not a percentage.
    expect(text).toContain('warden_exposure_utilisation_ratio{strategy_id="nba-mm",level="strategy",id="nba-mm",metric="gross"} 0.5\n');
    expect(text).toContain("warden_pipeline_eval_latency_seconds_count 2");
    // Base units: the bucket bounds are seconds (0.01 ms = 0.00001 s); seed 004's histogram keeps its ms.
    expect(text).toContain('warden_pipeline_eval_latency_seconds_bucket{le="0.00001"}');
    expect(text).toContain('warden_pipeline_eval_latency_seconds_bucket{le="0.1"}');
    expect(text).toContain('polytraders_sec_walletpermissionguard_eval_latency_ms_bucket{le="100"}');
    // Per guard (issue 4) and seed 004's permission-check histogram: both requests reached every guard.
    expect(text).toContain('warden_guard_eval_latency_seconds_count{bot_id="risk.exposureguard"} 2');
    expect(text).toContain('warden_guard_eval_latency_seconds_bucket{bot_id="sec.wallet_permission_guard",le="+Inf"} 2');
    expect(text).toContain("polytraders_sec_walletpermissionguard_eval_latency_ms_count 2\n");
    // The background checkpoint keeps the WAL synced: the power-loss window at NORMAL stays small.
    await new Promise((r) => setTimeout(r, 300));
    const later = await (await fetch(`${url}/metrics`, { headers: OP })).text();
    const age = Number(later.match(/^warden_store_wal_sync_age_seconds ([0-9.e-]+)$/m)?.[1]);
    expect(age).toBeGreaterThanOrEqual(0);
    expect(age).toBeLessThan(1);
    expect(later).toContain("# TYPE warden_store_wal_checkpoint_failures_total counter\n");
    expect(later).toContain("warden_store_wal_checkpoint_failures_total 0\n");
    // The process's own metrics, in a registry of their own.
    expect(later).toMatch(new RegExp(`^warden_build_info\\{version="\\d+\\.\\d+\\.\\d+[^"]*",node="${process.version.replace(/\./g, "\\.")}"\\} 1$`, "m"));
    expect(later).toMatch(/^process_cpu_seconds_total [0-9.e-]+$/m);
    expect(later).toMatch(/^nodejs_eventloop_lag_seconds [0-9.e-]+$/m);
    await close();
  });

  test("POST /v1/sessions/request beyond sessions.max_pending_grants is a 429 naming the setting and the fix", async () => {
    const { url, close } = await started({ sessions: { max_pending_grants: 2 } });
    const request = () => fetch(`${url}/v1/sessions/request`, { method: "POST", headers: OP, body: JSON.stringify({ strategy_id: "nba-mm" }) });
    expect((await request()).status).toBe(200);
    expect((await request()).status).toBe(200);
    const full = await request();
    expect(full.status).toBe(429);
    expect(full.headers.get("retry-after")).toBe("60");
    expect(await full.json()).toMatchObject({ error: "WARDEN_ERR_SESSION_GRANT", reason_code: "SESSION_GRANT_INVALID", fix: [expect.stringMatching(/^sessions\.max_pending_grants SessionGrants are waiting/)] });
    await close();
  });

  test("health is ok while the store is healthy", async () => {
    const { url, close } = await started();
    expect(await (await fetch(`${url}/health`, { headers: OP })).json()).toMatchObject({ status: "ok", store: "embedded" });
    await close();
  });

  test("item 5: over HTTP the override limit counts the operator token, whatever requestor names or operator_id the body declares", async () => {
    const { warden, url, close } = await started();
    const outcomes: number[] = [];
    // The body cannot name the operator: operator_id is an unknown field, refused before anything is decided.
    const forged = await fetch(`${url}/v1/overrides`, { method: "POST", headers: OP, body: JSON.stringify({ requestor_id: "x", operator_id: "forged", justification: "j", target: "risk.drawdown.max_intraday_drawdown_pct", value: 3 }) });
    expect(forged.status).toBe(400);
    expect(await forged.json()).toMatchObject({ error: "invalid_request", field: "operator_id" });
    for (const requestor_id of ["alice", "bob", "carol", "dave", "erin", "frank"]) {
      const res = await fetch(`${url}/v1/overrides`, {
        method: "POST",
        headers: { authorization: "Bearer op-token" },
        body: JSON.stringify({ requestor_id, justification: "incident RISK-8", target: "risk.drawdown.max_intraday_drawdown_pct", value: 3 }),
      });
      outcomes.push(res.status);
    }
    expect(outcomes).toEqual([200, 200, 200, 429, 429, 429]); // overrides.max_per_window = 3
    const tokenId = `op_${createHash("sha256").update("op-token").digest("hex").slice(0, 16)}`;
    const audit = (await warden.store.readAuditOfKind("override")).map((r) => JSON.parse(r.payload_json));
    expect(new Set(audit.map((a) => a.operator_id))).toEqual(new Set([tokenId]));
    expect(audit.map((a) => a.requestor_id)).toEqual(["alice", "bob", "carol", "dave", "erin", "frank"]);
    await close();
  });

  test("item 5: a pollution attempt in an HTTP body is refused and leaves Object.prototype clean", async () => {
    const { warden, url, close } = await started();
    const before = JSON.stringify(warden.config);
    const res = await fetch(`${url}/v1/overrides`, {
      method: "POST",
      headers: { authorization: "Bearer op-token" },
      body: '{"requestor_id":"x","justification":"j","target":"risk.exposure.strategies","value":{"__proto__":{"polluted_by_override":true}}}',
    });
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({ reason_code: "OVERRIDE_INVALID" });
    expect(({} as Record<string, unknown>).polluted_by_override).toBeUndefined();
    expect(JSON.stringify(warden.config)).toBe(before);
    await close();
  });

  test("item 7b: a JSON body with a duplicate key is a 400 naming the key, and nothing is decided", async () => {
    const { warden, owner, url, close } = await started();
    const s = await grant(warden, owner);
    const audited = (await warden.store.readAudit(1, 1000)).length;
    const body = JSON.stringify({ strategy_id: "nba-mm", request: { kind: "typed_data", typedData: orderTypedData(owner.address) } })
      // A second makerAmount: JSON.parse would keep the last one, 1,000 times larger.
      .replace('"makerAmount":"40000000"', '"makerAmount":"40000000","makerAmount":"40000000000"');
    const res = await fetch(`${url}/v1/sign`, { method: "POST", headers: { authorization: `Bearer ${s.credential}` }, body });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({
      error: "duplicate_key",
      key: "request.typedData.message.makerAmount",
      fix: "Send each key once: request.typedData.message.makerAmount appears more than once.",
    });
    const grantReq = await fetch(`${url}/v1/sessions/request`, { method: "POST", headers: OP, body: '{"strategy_id":"a","strategy_id":"b"}' });
    expect(await grantReq.json()).toMatchObject({ error: "duplicate_key", key: "strategy_id" });
    expect((await warden.store.readAudit(1, 1000)).length).toBe(audited);
    await close();
  });
});
