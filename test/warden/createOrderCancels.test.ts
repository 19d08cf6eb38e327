import { describe, expect, test } from "vitest";
import type { SigningDeniedError } from "../../src/errors/SigningDeniedError";
import type { KillSwitchAlert } from "../../src/warden/Warden";
import { cancelWorld, type PlacedOrder } from "../helpers/cancelWorld";
import { orderTypedData } from "../helpers/testWarden";

/** Two orders per strategy spread over the markets, and two orders of the wallet Warden does not know. */
async function populated(over: Parameters<typeof cancelWorld>[0] = {}) {
  const world = await cancelWorld(over);
  const orders: PlacedOrder[] = [
    await world.place("nba-mm", "FED"),
    await world.place("nba-mm", "MAMDANI"),
    await world.place("fed-mm", "FED"),
    await world.place("fed-mm", "CEASEFIRE"),
    await world.place("btc-arb", "BTC"),
    await world.place("btc-arb", "ADAMS"),
    await world.place("solo", "CEASEFIRE"),
    await world.place("solo", "BTC"),
  ];
  const foreign = { fed: world.placeForeign("FED"), ceasefire: world.placeForeign("CEASEFIRE") };
  return { ...world, orders, foreign };
}
const ids = (os: PlacedOrder[]) => os.map((o) => o.id).sort();
const sorted = (xs: Iterable<string>) => [...xs].sort();

describe("arming cancels exactly the resting orders of its scope", () => {
  test("global → DELETE /cancel-all: every order of the wallet goes, Warden's are released (audited, actor kill-switch)", async () => {
    const w = await populated();
    const armed = await w.warden.armKillSwitch({ scope: "global", actor: "risk", reason: "venue incident" });
    const report = await armed.cancel;
    expect(w.clob.seen[0]).toMatchObject({ method: "DELETE", path: "/cancel-all", text: "" });
    expect(w.clob.resting.size).toBe(0);
    expect(report).toMatchObject({ trigger: "kill_switch", scope: "global", target: "*", status: "complete", already_gone: [], failed: [] });
    expect(sorted(report.cancelled.filter((c) => c.intent_id !== null).map((c) => c.order_hash))).toEqual(ids(w.orders));
    expect(report.cancelled.filter((c) => c.intent_id === null).map((c) => c.order_hash).sort()).toEqual(sorted(Object.values(w.foreign)));
    expect(report.cancelled.every((c) => c.released === (c.intent_id !== null))).toBe(true);
    expect(await w.warden.listOpenOrders()).toEqual([]);
    const releases = (await w.warden.store.readAuditOfKind("exposure_released")).map((r) => JSON.parse(r.payload_json));
    expect(releases).toHaveLength(w.orders.length);
    expect(releases.every((r) => r.reason === "cancelled" && r.actor === "kill-switch")).toBe(true);
    const audited = (await w.warden.store.readAuditOfKind("kill_switch")).map((r) => JSON.parse(r.payload_json)).find((p) => p.event === "cancel_report");
    expect(audited).toMatchObject({ id: report.id, status: "complete", reason_code: null });
    expect(w.warden.killSwitchReports().cancels.at(-1)).toEqual(report);
    await w.close();
  });

  test("strategy → DELETE /orders with that strategy's order ids, and nothing else is touched", async () => {
    const w = await populated();
    const report = await (await w.warden.armKillSwitch({ scope: "strategy", strategy_id: "btc-arb", actor: "risk", reason: "runaway" })).cancel;
    const mine = w.orders.filter((o) => o.strategy === "btc-arb");
    expect(w.clob.seen.map((r) => `${r.method} ${r.path}`)).toEqual(["DELETE /orders"]);
    expect(sorted(w.clob.seen[0]?.body as string[])).toEqual(ids(mine));
    expect(report.status).toBe("complete");
    expect(sorted(report.cancelled.map((c) => c.order_hash))).toEqual(ids(mine));
    expect(sorted(w.clob.resting.keys())).toEqual(sorted([...ids(w.orders.filter((o) => o.strategy !== "btc-arb")), ...Object.values(w.foreign)]));
    expect(sorted(await w.openIds())).toEqual(ids(w.orders.filter((o) => o.strategy !== "btc-arb")));
    await w.close();
  });

  test("bot family → the orders of every strategy of the family, by id", async () => {
    const w = await populated();
    const report = await (await w.warden.armKillSwitch({ scope: "family", family: "market-makers", actor: "risk", reason: "quoting bug" })).cancel;
    const family = w.orders.filter((o) => o.strategy === "nba-mm" || o.strategy === "fed-mm");
    expect(sorted(report.cancelled.map((c) => c.order_hash))).toEqual(ids(family));
    expect(sorted(await w.openIds())).toEqual(ids(w.orders.filter((o) => !family.includes(o))));
    expect(w.clob.resting.has(w.foreign.fed)).toBe(true);
    await w.close();
  });

  test("cluster → DELETE /cancel-market-orders for each market of the cluster: every order on them goes, whoever signed it", async () => {
    const w = await populated();
    const report = await (await w.warden.armKillSwitch({ scope: "cluster", cluster_id: "NYC_2029", actor: "risk", reason: "recount" })).cancel;
    expect(w.clob.seen.map((r) => `${r.method} ${r.path} ${JSON.stringify(r.body)}`).sort()).toEqual(
      [
        `DELETE /cancel-market-orders {"market":"0x21f077f8b212bd6ee0ddeac274ee2bbcecc6121d4245cc3910a2915a05ba955e"}`,
        `DELETE /cancel-market-orders {"market":"0x847f0ba7d329a199b800fac0b2c78dd691c341464cdd3982ade30da80151093c"}`,
      ].sort(),
    );
    const inCluster = w.orders.filter((o) => o.market === "MAMDANI" || o.market === "ADAMS");
    expect(sorted(report.cancelled.map((c) => c.order_hash))).toEqual(ids(inCluster));
    expect(sorted(await w.openIds())).toEqual(ids(w.orders.filter((o) => !inCluster.includes(o))));
    // The unassigned cluster: its markets are those of Warden's open orders in it.
    const unassigned = await (await w.warden.armKillSwitch({ scope: "cluster", cluster_id: "unassigned", actor: "risk", reason: "drill" })).cancel;
    expect(sorted(unassigned.cancelled.map((c) => c.order_hash))).toEqual(sorted([...ids(w.orders.filter((o) => o.market === "CEASEFIRE")), w.foreign.ceasefire]));
    expect(w.clob.resting.has(w.foreign.fed)).toBe(true);
    await w.close();
  });
});

describe("a code routed to pause (seed 003) arms the strategy's switch like an operator would", () => {
  test("SEC_SIGNING_INVALID pauses the strategy and its resting orders are cancelled", async () => {
    const w = await populated();
    const bad = { kind: "typed_data", typedData: { ...orderTypedData(w.owner.address), primaryType: "Permit" } };
    await w.warden.sign({ credential: w.sessions.get("solo") as string, strategy_id: "solo", request: bad as never }).catch(() => undefined);
    await w.warden.close(); // waits for the cancel under way
    const report = w.warden.killSwitchReports().cancels.at(-1);
    expect(report).toMatchObject({ scope: "strategy", target: "solo", status: "complete" });
    expect(sorted(report?.cancelled.map((c) => c.order_hash) ?? [])).toEqual(ids(w.orders.filter((o) => o.strategy === "solo")));
    w.clob.stop();
    await w.server.close();
  });
});

describe("the report tells cancelled, already gone and failed apart; only a confirmed cancel releases exposure", () => {
  test("CLOB 5xx on every attempt: failed with the CLOB's answer, exposure kept, an alert raised, audited as KILL_SWITCH_CANCEL_INCOMPLETE", async () => {
    const alerts: KillSwitchAlert[] = [];
    const w = await populated({ warden: { onKillSwitchAlert: (a) => alerts.push(a) } });
    w.clob.script.set("DELETE /orders", Array.from({ length: 3 }, () => ({ kind: "json", status: 503, body: { error: "service unavailable, retry later" } }) as const));
    const report = await (await w.warden.armKillSwitch({ scope: "strategy", strategy_id: "solo", actor: "risk", reason: "drill" })).cancel;
    expect(report.status).toBe("incomplete");
    expect(report.requests).toEqual([expect.objectContaining({ path: "/orders", attempts: 3, ok: false, status: 503, error: "http_status" })]);
    expect(report.failed.map((f) => f.answer)).toEqual([
      'http_status 503 after 3 attempts: {"error":"service unavailable, retry later"}',
      'http_status 503 after 3 attempts: {"error":"service unavailable, retry later"}',
    ]);
    expect(report.cancelled).toEqual([]);
    expect(sorted(await w.openIds())).toEqual(ids(w.orders));
    expect(alerts.map((a) => [a.alert, a.report.id])).toEqual([["KillSwitchCancelIncomplete", report.id]]);
    const audited = (await w.warden.store.readAuditOfKind("kill_switch")).map((r) => JSON.parse(r.payload_json)).find((p) => p.event === "cancel_report");
    expect(audited).toMatchObject({ status: "incomplete", reason_code: "KILL_SWITCH_CANCEL_INCOMPLETE" });
    await w.close();
  });

  test("5xx then an answer: retried with backoff within the bound, and complete", async () => {
    const w = await populated();
    w.clob.script.set("DELETE /orders", [{ kind: "json", status: 502, body: {} }, { kind: "text", status: 500, body: "oops" }]);
    const report = await (await w.warden.armKillSwitch({ scope: "strategy", strategy_id: "solo", actor: "risk", reason: "drill" })).cancel;
    expect(report).toMatchObject({ status: "complete", requests: [{ path: "/orders", attempts: 3, ok: true, status: 200 }] });
    expect(report.cancelled).toHaveLength(2);
    const [a, b, c] = w.clob.seen.map((r) => r.at);
    expect((b as number) - (a as number)).toBeGreaterThanOrEqual(15); // backoff 20 ms, then 40 ms
    expect((c as number) - (b as number)).toBeGreaterThanOrEqual(35);
    await w.close();
  });

  test("timeouts: every attempt too slow → failed (timeout), exposure kept", async () => {
    const w = await populated({ killSwitch: { cancel: { timeout_ms: 200, max_attempts: 3, backoff_ms: 20, deadline_ms: 3_000 } } });
    w.clob.script.set("DELETE /orders", Array.from({ length: 3 }, () => ({ kind: "delay", ms: 1_500, then: { kind: "json", body: { canceled: [], not_canceled: {} } } }) as const));
    const started = performance.now();
    const report = await (await w.warden.armKillSwitch({ scope: "strategy", strategy_id: "btc-arb", actor: "risk", reason: "drill" })).cancel;
    expect(performance.now() - started).toBeLessThan(3_000);
    expect(report.status).toBe("incomplete");
    expect(report.failed.map((f) => f.answer)).toEqual(["timeout after 3 attempts", "timeout after 3 attempts"]);
    expect((await w.openIds()).size).toBe(w.orders.length);
    await w.close();
  });

  test("a partial answer: the listed order is released, the 'already gone' one and the unmentioned one keep their exposure", async () => {
    const w = await populated();
    const [first, second] = w.orders.filter((o) => o.strategy === "nba-mm") as [PlacedOrder, PlacedOrder];
    const has = (open: Set<string>, o: PlacedOrder) => open.has(o.id as `0x${string}`);
    const third = await w.place("nba-mm", "BTC");
    w.clob.gone.set(second.id, "already canceled or matched");
    w.clob.resting.delete(second.id);
    // The CLOB cancels all three but its answer mentions only the first (and the second as gone).
    w.clob.rewrite = (_path, a) => ({ canceled: a.canceled.filter((id) => id === first.id), not_canceled: { [second.id]: "already canceled or matched" } });
    const report = await (await w.warden.armKillSwitch({ scope: "strategy", strategy_id: "nba-mm", actor: "risk", reason: "drill" })).cancel;
    expect(report.cancelled.map((c) => c.order_hash)).toEqual([first.id]);
    expect(report.already_gone).toEqual([expect.objectContaining({ order_hash: second.id, answer: "already canceled or matched" })]);
    const open = await w.openIds();
    expect(report.failed).toEqual([expect.objectContaining({ order_hash: third.id, answer: "the CLOB's answer does not mention this order" })]);
    expect(report.status).toBe("incomplete");
    expect([has(open, first), has(open, second), has(open, third)]).toEqual([false, true, true]);
    await w.close();
  });

  test("a failed cancel-all is followed by cancels by id: Warden's own orders still get their verdicts", async () => {
    const w = await populated();
    w.clob.script.set("DELETE /cancel-all", Array.from({ length: 3 }, () => ({ kind: "json", status: 500, body: { error: "internal" } }) as const));
    const report = await (await w.warden.armKillSwitch({ scope: "global", actor: "risk", reason: "drill" })).cancel;
    expect(report.requests.map((r) => [r.path, r.ok])).toEqual([["/cancel-all", false], ["/orders", true]]);
    expect(sorted(report.cancelled.map((c) => c.order_hash))).toEqual(ids(w.orders));
    // The wallet's orders Warden does not know are not reachable by id: incomplete, they may rest.
    expect(report.status).toBe("incomplete");
    expect(sorted(w.clob.resting.keys())).toEqual(sorted(Object.values(w.foreign)));
    await w.close();
  });

  test("without an API key, arming still stops signing and says that nothing was cancelled", async () => {
    const w = await populated({ config: { kill_switch: {} } });
    const report = await (await w.warden.armKillSwitch({ scope: "global", actor: "risk", reason: "drill" })).cancel;
    expect(report).toMatchObject({ status: "not_configured", requests: [], cancelled: [] });
    expect(w.clob.seen).toEqual([]);
    await w.close();
  });
});

describe("stop means stop", () => {
  test("once arming returns, nothing more is signed, and the cancel request is already on the wire", async () => {
    const w = await populated();
    const signed: Array<{ id: string; startedAt: number }> = [];
    const denied: Array<{ code: string | null; startedAt: number }> = [];
    let armedAt = Number.POSITIVE_INFINITY;
    let stop = false;
    let salt = 10_000;
    const worker = async () => {
      while (!stop) {
        const startedAt = performance.now();
        await w.sign("nba-mm", "FED", { salt: String(salt++) }).then(
          (id) => signed.push({ id, startedAt }),
          (e: SigningDeniedError) => denied.push({ code: e.vote?.reason_code ?? null, startedAt }),
        );
      }
    };
    const load = Array.from({ length: 8 }, worker);
    await new Promise((r) => setTimeout(r, 150));
    const armed = await w.warden.armKillSwitch({ scope: "global", actor: "risk", reason: "stop" });
    armedAt = performance.now();
    const request = armed.cancel.then((r) => r.requests[0]);
    await new Promise((r) => setTimeout(r, 100));
    stop = true;
    await Promise.all(load);
    expect(signed.length).toBeGreaterThan(0);
    // Calls in flight when the switch was recorded either committed before it (their signature may
    // arrive in the same event-loop turn as the arm's return) or fail their commit and are denied.
    expect(signed.filter((s) => s.startedAt >= armedAt)).toEqual([]);
    expect(denied.filter((d) => d.startedAt >= armedAt).length).toBeGreaterThan(0);
    expect(denied.every((d) => d.code === "KILL_SWITCH_ACTIVE")).toBe(true);
    // The request left before arming returned, and reached the CLOB.
    expect((await request)?.path).toBe("/cancel-all");
    expect(w.clob.seen[0]?.path).toBe("/cancel-all");
    // Every signature returned belongs to a decision recorded before the switch.
    const audit = await w.warden.store.readAudit(1, 100_000);
    const switchSeq = audit.find((r) => r.kind === "kill_switch")?.seq as number;
    const approvedAfter = audit.filter((r) => r.kind === "decision" && r.seq > switchSeq && JSON.parse(r.payload_json).decision === "APPROVE");
    expect(approvedAfter).toEqual([]);
    await w.close();
  });
});
