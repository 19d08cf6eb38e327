import { describe, expect, test } from "vitest";
import { restingOrderRetirerFromConfig } from "../../src/jobs/restingOrderRetirerFromConfig";
import { cancelWorld } from "../helpers/cancelWorld";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("max_resting_s: Warden retires its own old orders", () => {
  test("orders older than max_resting_s are cancelled by id and released once confirmed; younger ones stay", async () => {
    const w = await cancelWorld({ killSwitch: { max_resting_s: 1 } });
    expect(w.warden.config.kill_switch.max_resting_s).toBe(1);
    const old = await w.place("nba-mm", "FED");
    await sleep(1_100);
    const young = await w.place("btc-arb", "BTC");
    const report = await w.warden.retireRestingOrders();
    expect(report).toMatchObject({ trigger: "max_resting", scope: null, actor: "max-resting", status: "complete" });
    expect(report?.cancelled.map((c) => c.order_hash)).toEqual([old.id]);
    expect(w.clob.seen.map((r) => [r.path, r.body])).toEqual([["/orders", [old.id]]]);
    expect([...(await w.openIds())]).toEqual([young.id]);
    const releases = (await w.warden.store.readAuditOfKind("exposure_released")).map((r) => JSON.parse(r.payload_json));
    expect(releases).toEqual([expect.objectContaining({ reason: "cancelled", actor: "max-resting" })]);
    expect(await w.warden.retireRestingOrders()).toBeNull();
    await w.close();
  });

  test("an order the CLOB calls gone keeps its exposure and is not asked about again; a failed one is retried next round", async () => {
    const w = await cancelWorld({ killSwitch: { max_resting_s: 1 } });
    const gone = await w.place("nba-mm", "FED");
    const stuck = await w.place("solo", "FED");
    w.clob.resting.delete(gone.id);
    w.clob.gone.set(gone.id, "already canceled or matched");
    w.clob.rewrite = (_p, a) => ({ ...a, canceled: a.canceled.filter((id) => id !== stuck.id) });
    await sleep(1_100);
    const first = await w.warden.retireRestingOrders();
    expect(first?.already_gone.map((o) => o.order_hash)).toEqual([gone.id]);
    expect(first?.failed.map((o) => o.order_hash)).toEqual([stuck.id]);
    w.clob.rewrite = null;
    w.clob.place({ id: stuck.id, market: "0xa357894de1a2acda2e846b00232642a4fefd80c122c8d2ec5c91173931f8994e", asset_id: "1" });
    const second = await w.warden.retireRestingOrders();
    expect(w.clob.seen.at(-1)?.body).toEqual([stuck.id]);
    expect(second?.cancelled.map((c) => c.order_hash)).toEqual([stuck.id]);
    expect([...(await w.openIds())]).toEqual([gone.id]);
    await w.close();
  });

  test("the job retires orders as they age, off the signing path", async () => {
    const w = await cancelWorld({ killSwitch: { max_resting_s: 1 } });
    const retirer = restingOrderRetirerFromConfig({ warden: w.warden });
    const a = await w.place("fed-mm", "MAMDANI");
    retirer?.start();
    await sleep(2_300);
    expect(w.clob.resting.has(a.id)).toBe(false);
    expect((await w.openIds()).has(a.id as `0x${string}`)).toBe(false);
    await retirer?.stop();
    await w.close();
    const off = await cancelWorld();
    expect(restingOrderRetirerFromConfig({ warden: off.warden })).toBeNull();
    expect(await off.warden.retireRestingOrders()).toBeNull();
    await off.close();
  });
});
