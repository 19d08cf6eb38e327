import { createHash } from "node:crypto";
import { statSync } from "node:fs";
import { join } from "node:path";
import type { AddressInfo } from "node:net";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createOperatorTokens } from "../../src/server/createOperatorTokens";
import { createWardenHttp } from "../../src/server/createServer";
import type { RouteRole } from "../../src/server/roles";
import { grant, testWarden, tempDir } from "../helpers/testWarden";

const ENV_TOKEN = "env-admin-token";
type Ctx = Awaited<ReturnType<typeof start>>;

async function start(options: { max_in_flight?: number } = {}) {
  const { warden, owner } = await testWarden({});
  const tokensPath = join(tempDir(), "operator-tokens.json");
  const tokens = createOperatorTokens({ path: tokensPath, envAdminTokenSha256: createHash("sha256").update(ENV_TOKEN).digest("hex") });
  const routes: { method: string; url: string; role: RouteRole | undefined }[] = [];
  const http = createWardenHttp({ warden, logger: pino({ level: "silent" }), tokens, options, onRoute: (r) => routes.push(r) });
  await http.ready;
  await new Promise<void>((r) => http.server.listen(0, "127.0.0.1", r));
  const url = `http://127.0.0.1:${(http.server.address() as AddressInfo).port}`;
  const session = await grant(warden, owner);
  const viewer = tokens.create({ role: "viewer" });
  const risk = tokens.create({ role: "risk" });
  const admin = tokens.create({ role: "admin" });
  const close = async () => {
    http.server.close();
    await warden.close();
  };
  return { warden, url, routes, tokens, tokensPath, http, credential: session.credential, viewer: viewer.token, risk: risk.token, admin: admin.token, close };
}

/** Who may call each role's routes; every other caller must be refused before the handler runs. */
const ACCEPTS: Record<RouteRole, ("none" | "strategy" | "viewer" | "risk" | "admin")[]> = {
  open: ["none", "strategy", "viewer", "risk", "admin"],
  owner: ["none", "strategy", "viewer", "risk", "admin"],
  strategy: ["strategy"],
  viewer: ["viewer", "risk", "admin"],
  risk: ["risk", "admin"],
  admin: ["admin"],
};

describe("roles on every route (real server on a free port)", () => {
  let c: Ctx;
  beforeAll(async () => {
    c = await start();
  });
  afterAll(async () => c.close());

  test("every route fastify registered declares a role; only /livez and /readyz are open", () => {
    expect(c.routes.length).toBeGreaterThanOrEqual(20);
    expect(c.routes.filter((r) => r.role === undefined)).toEqual([]);
    expect(c.routes.filter((r) => r.role === "open").map((r) => r.url).sort()).toEqual(["/livez", "/readyz"]);
  });

  test("each route refuses no token and the roles below its own, with 401/403 and no audit record", async () => {
    const callers = { none: null, strategy: c.credential, viewer: c.viewer, risk: c.risk, admin: c.admin, unknown: "wop_not-a-token" } as const;
    const auditBefore = (await c.warden.store.readAudit(1, 100_000)).length;
    for (const route of c.routes) {
      const role = route.role as RouteRole;
      if (role === "open" || role === "owner") continue;
      const url = route.url.replace(":bot_id", "risk.killswitch");
      for (const [who, token] of Object.entries(callers)) {
        const res = await fetch(`${c.url}${url}`, {
          method: route.method,
          headers: token ? { authorization: `Bearer ${token}` } : {},
          ...(route.method === "POST" ? { body: "{}" } : {}),
        });
        // /v1/wallet also takes operator tokens (the CLI reads the wallet); everything else as declared.
        const accepted = (ACCEPTS[role] as string[]).includes(who) || (route.url === "/v1/wallet" && ["viewer", "risk", "admin"].includes(who));
        if (accepted) expect([401, 403].includes(res.status) && ((await res.clone().json()) as { error?: string }).error?.match(/token|credential|role/) ? `${who} ${route.method} ${url} refused` : "ok").toBe("ok");
        else expect(`${who} ${route.method} ${url} ${res.status}`).toBe(`${who} ${route.method} ${url} ${who === "none" || who === "unknown" || (who === "strategy" && role !== "strategy") || (role === "strategy" && who !== "strategy") ? 401 : 403}`);
      }
    }
    // Refusals are counted, not audited: nothing reached the store's log (the accepted calls above had empty bodies, refused as 400).
    expect((await c.warden.store.readAudit(1, 100_000)).length).toBe(auditBefore);
    const metrics = await (await fetch(`${c.url}/metrics`, { headers: { authorization: `Bearer ${c.viewer}` } })).text();
    expect(metrics).toMatch(/warden_http_refused_total\{route="POST \/v1\/sign",reason="unauthenticated"\} [1-9]/);
    expect(metrics).toMatch(/warden_http_refused_total\{route="POST \/v1\/tokens",reason="forbidden"\} [1-9]/);
  });

  test("2,000 anonymous POST /v1/sign write no audit record (the disk-filling attack)", async () => {
    const before = (await c.warden.store.readAudit(1, 100_000)).length;
    const body = JSON.stringify({ strategy_id: "nba-mm", request: { kind: "message", message: "x" } });
    for (let i = 0; i < 20; i++)
      await Promise.all(Array.from({ length: 100 }, () => fetch(`${c.url}/v1/sign`, { method: "POST", headers: { authorization: "Bearer wdn_forged" }, body }).then((r) => expect(r.status).toBe(401))));
    expect((await c.warden.store.readAudit(1, 100_000)).length).toBe(before);
  });

  test("WARDEN_OPERATOR_TOKEN stays an admin token; tokens are stored hashed (0600) and every change is audited with ids, never the token", async () => {
    const auth = { authorization: `Bearer ${ENV_TOKEN}` };
    const made = await fetch(`${c.url}/v1/tokens`, { method: "POST", headers: auth, body: JSON.stringify({ role: "risk", label: "on-call" }) });
    expect(made.status).toBe(200);
    const created = (await made.json()) as { id: string; token: string; role: string };
    expect(created).toMatchObject({ role: "risk", id: expect.stringMatching(/^tok_[0-9a-f]{16}$/), token: expect.stringMatching(/^wop_/) });
    expect(statSync(c.tokensPath).mode & 0o777).toBe(0o600);
    const file = await import("node:fs").then((fs) => fs.readFileSync(c.tokensPath, "utf8"));
    expect(file).not.toContain(created.token);
    expect(file).toContain(createHash("sha256").update(created.token).digest("hex"));
    // The new risk token works, then is revoked and stops working.
    const arm = () => fetch(`${c.url}/v1/kill-switch`, { method: "POST", headers: { authorization: `Bearer ${created.token}` }, body: JSON.stringify({ scope: "strategy", strategy_id: "other", armed: true, actor: "ops", reason: "drill" }) });
    expect((await arm()).status).toBe(200);
    expect((await fetch(`${c.url}/v1/tokens/revoke`, { method: "POST", headers: auth, body: JSON.stringify({ id: created.id }) })).status).toBe(200);
    expect((await arm()).status).toBe(401);
    const audit = (await c.warden.store.readAuditOfKind("operator_token")).map((r) => r.payload_json);
    const envId = `op_${createHash("sha256").update(ENV_TOKEN).digest("hex").slice(0, 16)}`;
    expect(audit.map((p) => JSON.parse(p))).toEqual([
      { action: "created", actor: envId, token_id: created.id, role: "risk", label: "on-call" },
      { action: "revoked", actor: envId, token_id: created.id },
    ]);
    expect(audit.join("")).not.toContain(created.token);
    const listed = (await (await fetch(`${c.url}/v1/tokens`, { headers: auth })).json()) as { tokens: Record<string, unknown>[] };
    expect(JSON.stringify(listed)).not.toContain("sha256");
  });

  // Regression (stop 27 review): a tokens file that no longer read made every operator request a
  // 400 WARDEN_ERR_CONFIG (a client error for the server's state) and locked out the env admin token too.
  test("a tokens file that no longer reads: 503 operator_tokens_unreadable for its tokens; WARDEN_OPERATOR_TOKEN still arms the kill switch", async () => {
    const fs = await import("node:fs");
    const good = fs.readFileSync(c.tokensPath, "utf8");
    try {
      fs.writeFileSync(c.tokensPath, "{ cut");
      // ("other": the switch the token test above armed, so the health test below sees no new one.)
      // A modification time the loader has not seen (it re-reads on a change of mtime).
      fs.utimesSync(c.tokensPath, new Date(), new Date(Date.now() + 5_000));
      const asViewer = await fetch(`${c.url}/v1/sessions`, { headers: { authorization: `Bearer ${c.viewer}` } });
      expect(asViewer.status).toBe(503);
      expect(await asViewer.json()).toMatchObject({ error: "operator_tokens_unreadable" });
      const wrong = await fetch(`${c.url}/v1/sessions`, { headers: { authorization: "Bearer not-a-token-at-all" } });
      expect(wrong.status).toBe(503);
      const arm = await fetch(`${c.url}/v1/kill-switch`, { method: "POST", headers: { authorization: `Bearer ${ENV_TOKEN}` }, body: JSON.stringify({ scope: "strategy", strategy_id: "other", armed: true, actor: "ops", reason: "drill" }) });
      expect(arm.status).toBe(200);
    } finally {
      fs.writeFileSync(c.tokensPath, good);
      fs.utimesSync(c.tokensPath, new Date(), new Date(Date.now() + 10_000));
    }
    expect((await fetch(`${c.url}/v1/sessions`, { headers: { authorization: `Bearer ${c.viewer}` } })).status).toBe(200);
  });
  test("health: /livez and /readyz are open; /internal/health/<bot_id> is green or red with the reason", async () => {
    expect(await (await fetch(`${c.url}/livez`)).json()).toEqual({ status: "ok" });
    expect(await (await fetch(`${c.url}/readyz`)).json()).toEqual({ status: "ready", checks: { store: "ok", wallet: "ok", market_data: "ok" } });
    const h = (bot: string) => fetch(`${c.url}/internal/health/${bot}`, { headers: { authorization: `Bearer ${c.viewer}` } });
    expect(await (await h("sec.wallet_permission_guard")).json()).toEqual({ bot_id: "sec.wallet_permission_guard", status: "green", reason: null });
    const unknown = await h("risk.nope");
    expect(unknown.status).toBe(404);
    // The risk token armed a strategy switch in the token test (or arm one here): the kill-switch guard is red, with the scope.
    await c.warden.armKillSwitch({ scope: "strategy", strategy_id: "other", actor: "t", reason: "t" });
    const ks = await h("risk.killswitch");
    expect(ks.status).toBe(503);
    expect(await ks.json()).toMatchObject({ status: "red", reason: "armed: strategy:other" });
  });

  test("GET /openapi.json is OpenAPI 3.1 generated from the routes' zod schemas", async () => {
    const doc = (await (await fetch(`${c.url}/openapi.json`, { headers: { authorization: `Bearer ${c.viewer}` } })).json()) as { openapi: string; paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: { properties?: Record<string, unknown>; additionalProperties?: unknown } }> } }>> };
    expect(doc.openapi).toBe("3.1.0");
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(["/v1/sign", "/v1/sessions/request", "/v1/kill-switch", "/livez", "/internal/health/{bot_id}"]));
    const sign = doc.paths["/v1/sign"]?.post?.requestBody?.content["application/json"]?.schema;
    expect(Object.keys(sign?.properties ?? {})).toEqual(["strategy_id", "request", "declared"]);
    expect(sign?.additionalProperties).toBe(false);
  });
});

describe("bad input is a 4xx naming the field and the fix, never a 5xx or a stack trace", () => {
  let c: Ctx;
  beforeAll(async () => {
    c = await start();
  });
  afterAll(async () => c.close());
  const cases: [string, string, number, Record<string, unknown>][] = [
    ["malformed JSON", '{"role":', 400, { error: "malformed_json" }],
    ["not an object", "[1,2]", 400, { error: "malformed_json" }],
    ["an empty body", "", 400, { error: "malformed_json" }],
    ["a wrong type", '{"role":5}', 400, { error: "invalid_request", field: "role", fix: ["role must be viewer, risk or admin"] }],
    ["an unknown field", '{"role":"viewer","admin":true}', 400, { error: "invalid_request", field: "admin" }],
    ["a duplicate key", '{"role":"viewer","role":"admin"}', 400, { error: "duplicate_key", key: "role" }],
    ["a huge number", '{"role":"viewer","label":1e400}', 400, { error: "number_out_of_range", field: "label" }],
    ["an integer past 2^53", '{"role":"viewer","label":9007199254740993}', 400, { error: "number_out_of_range", field: "label" }],
    ["an oversize body", JSON.stringify({ role: "viewer", label: "x".repeat(70_000) }), 413, { error: "request_too_large" }],
    ["a huge number deep inside, named by its path", '{"role":"viewer","label":[{"a":[1,1e400]}]}', 400, { error: "number_out_of_range", field: "label.0.a.1" }],
    // Regression: the number check recursed, so a 40 KB body nested 20,000 deep overflowed the stack (a 500).
    ["regression: a body nested 20,000 deep is a 400, not a stack overflow", `{"role":"viewer","deep":${"[".repeat(20_000)}${"]".repeat(20_000)}}`, 400, { error: "invalid_request", field: "deep" }],
  ];
  // Regression (stop 27 review): `declared` was any record, so {"region": 5} was signed (the guards
  // read it only with a geofence configured). Its fields are typed now, named in the 400.
  test.each([
    ["region", { region: 5 }, "declared.region"],
    ["inputs", { inputs: "news" }, "declared.inputs"],
    ["counterparty", { counterparty: 7 }, "declared.counterparty"],
    ["an unknown fact", { regoin: "US" }, "declared.regoin"],
  ])("regression: a mistyped declared.%s is a 400 naming it, and nothing is signed", async (_l, declared, field) => {
    const before = (await c.warden.store.readAudit(1, 10_000)).length;
    const res = await fetch(`${c.url}/v1/sign`, {
      method: "POST",
      headers: { authorization: `Bearer ${c.credential}` },
      body: JSON.stringify({ strategy_id: "nba-mm", request: { kind: "typed_data", typedData: {} }, declared }),
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: "invalid_request", field });
    expect((await c.warden.store.readAudit(1, 10_000)).length).toBe(before);
  });
  test.each(cases)("%s", async (_l, body, status, expected) => {
    const res = await fetch(`${c.url}/v1/tokens`, { method: "POST", headers: { authorization: `Bearer ${c.admin}`, "content-type": "application/json" }, body });
    expect(res.status).toBe(status);
    const text = await res.text();
    expect(JSON.parse(text)).toMatchObject(expected);
    expect(text).not.toMatch(/at .*\.ts:\d+|stack/);
    expect(c.tokens.list().filter((t) => t.role === "viewer").length).toBe(1);
  });
});

describe("backpressure (seed 004 §21)", () => {
  test("beyond server.max_in_flight the newest requests get 429 with Retry-After, and are counted", async () => {
    const c = await start({ max_in_flight: 4 });
    // Requests that stay in flight: bodies that never finish arriving.
    const { request } = await import("node:http");
    const port = Number(new URL(c.url).port);
    const held = Array.from({ length: 4 }, () => {
      const r = request({ host: "127.0.0.1", port, method: "POST", path: "/v1/sessions/grant", headers: { "content-length": "1000" } });
      r.on("error", () => undefined);
      r.write("{");
      return r;
    });
    await new Promise((r) => setTimeout(r, 200));
    expect(c.http.inFlight()).toBe(4);
    const over = await fetch(`${c.url}/livez`);
    expect(over.status).toBe(429);
    expect(over.headers.get("retry-after")).toBe("1");
    expect(await over.json()).toMatchObject({ error: "overloaded" });
    for (const r of held) r.destroy();
    await new Promise((r) => setTimeout(r, 200));
    expect(c.http.inFlight()).toBe(0);
    expect((await fetch(`${c.url}/livez`)).status).toBe(200);
    expect(await (await fetch(`${c.url}/metrics`, { headers: { authorization: `Bearer ${c.viewer}` } })).text()).toContain("warden_http_overloaded_total 1\n");
    await c.close();
  });

  test("server options are validated with the field and the fix", () => {
    expect(() => createWardenHttp({ warden: {} as never, logger: pino({ level: "silent" }), options: { max_in_flight: 0 } })).toThrow(/server.max_in_flight must be at least 1/);
  });
});
