import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { privateKeyToAccount } from "viem/accounts";
import { describe, expect, test } from "vitest";
import type { WardenConfigInput } from "../../src/config/wardenConfigSchema";
import { createWarden } from "../../src/warden/createWarden";
import { SigningDeniedError } from "../../src/errors/SigningDeniedError";
import { toSessionAccount } from "../../src/signer/toSessionAccount";
import { WalletKey } from "../../src/signer/WalletKey";
import { FIXTURE_TOKEN, grant, orderTypedData, roomyRisk, tempDir } from "../helpers/testWarden";

// Hardhat account #0: the fixture file holds positions for it.
const PK = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80" as const;
const owner = privateKeyToAccount(PK);
const HALTED = "49960969464178157774101951628839664770518570054258134229444303387345357823512";
const AMBIGUOUS = "31219274674619522624634483069146857481607365544578436069746690431911974006564";
const roomyExposure = (roomyRisk.risk?.exposure ?? {}) as object;
let salt = 1000;

async function wardenWith(config: WardenConfigInput, fetchImpl?: typeof fetch) {
  const warden = await createWarden({
    wallet: WalletKey.fromPrivateKey(PK),
    config: { ...roomyRisk, store: { path: join(tempDir(), "w.db"), synchronous: "NORMAL" }, log: { level: "silent" }, ...config },
    ...(fetchImpl ? { fetch: fetchImpl } : {}),
  });
  const s = await grant(warden, owner, { max_calls_per_session: 100_000 });
  const account = toSessionAccount({ warden, credential: s.credential, strategyId: "nba-mm" });
  const order = (o: Parameters<typeof orderTypedData>[1] = {}) => account.signTypedData(orderTypedData(owner.address, o) as never);
  const reason = (p: Promise<unknown>) => p.then(() => "APPROVE", (e: SigningDeniedError) => e.vote.reason_code);
  return { warden, account, order, reason, session: s };
}

describe("the full pipeline on the offline fixture markets", () => {
  test("a normal market approves; a halted one is denied and, per the seed-003 routing, pauses the strategy", async () => {
    const { warden, order, reason } = await wardenWith({ market_data: { track: { token_ids: [FIXTURE_TOKEN, HALTED] } } });
    expect(await reason(order())).toBe("APPROVE");
    expect(await reason(order({ tokenId: HALTED, salt: "2" }))).toBe("RISK_MARKET_HALTED");
    expect((await warden.store.killSwitches()).switches).toEqual([expect.objectContaining({ scope: "strategy", target: "nba-mm", armed: true, actor: "warden.routing" })]);
    expect(await reason(order({ salt: "3" }))).toBe("KILL_SWITCH_ACTIVE");
    await warden.close();
  });

  test("ambiguous rules text is refused by the BlacklistKeeper (limited_live enforces)", async () => {
    const { warden, order, reason } = await wardenWith({
      market_data: { track: { token_ids: [FIXTURE_TOKEN, AMBIGUOUS] } },
      risk: { ...roomyRisk.risk, market_quality: { max_spread: 1 } }, // that market's book is also wide
    });
    expect(await reason(order({ tokenId: AMBIGUOUS }))).toBe("BLACKLIST_KEEPER_AMBIGUOUS_RULES");
    await warden.close();
  });

  test("a token seen for the first time is denied for want of data, fetched off the path, and the retry is approved", async () => {
    const { warden, order, reason } = await wardenWith({ market_data: { track: { token_ids: [] } } });
    expect(await reason(order())).toBe("MARKET_HALT_GUARD_DATA_UNAVAILABLE");
    await new Promise((r) => setTimeout(r, 200));
    expect(await reason(order())).toBe("APPROVE");
    await warden.close();
  });

  test("without a capital base the DrawdownGuard fails closed", async () => {
    const { warden, order, reason } = await wardenWith({ equity: { base_capital_usd: null }, market_data: { track: { token_ids: [FIXTURE_TOKEN] } } });
    expect(await reason(order())).toBe("DRAWDOWN_GUARD_DATA_UNAVAILABLE");
    await warden.close();
  });

  test("exposure: the per-strategy gross cap counts signed orders, and releasing one frees its room", async () => {
    const { warden, order, reason } = await wardenWith({
      market_data: { track: { token_ids: [FIXTURE_TOKEN] } },
      routing: { codes: { RISK_EXPOSURE_CAP_HIT: { pause: "none" } } },
      risk: { exposure: { ...roomyExposure, strategy: { gross_cap_usd: 100, net_cap_usd: 100, max_order_size_usd: 1000, max_envelopes_per_min: 1000, max_notional_per_min_usd: 1e6 } } },
    });
    // 40 pUSD each: two fit under 100, the third would make 120.
    const first = await order({ salt: "1" });
    expect(await reason(order({ salt: "2" }))).toBe("APPROVE");
    expect(await reason(order({ salt: "3" }))).toBe("RISK_EXPOSURE_CAP_HIT");
    const firstIntent = (await warden.store.readAudit(1, 100)).map((r) => JSON.parse(r.payload_json)).find((p) => p.signature === first)?.intent_id;
    expect(await warden.releaseOrder({ intent_id: firstIntent, reason: "cancelled", actor: "test" })).toBe(true);
    expect(await reason(order({ salt: "3" }))).toBe("APPROVE");
    const breach = (await warden.closestToBreach({ strategy_id: "nba-mm", token_id: FIXTURE_TOKEN, minUtilisationPct: 50 }));
    expect(breach.status).toBe("ok");
    expect(breach.status === "ok" && breach.caps[0]).toMatchObject({ level: "strategy", utilisationPct: 80 });
    await warden.close();
  });

  test("exposure survives a restart: it is rebuilt from the audit log", async () => {
    const path = join(tempDir(), "w.db");
    const config: WardenConfigInput = {
      ...roomyRisk,
      store: { path, synchronous: "NORMAL" },
      log: { level: "silent" },
      market_data: { track: { token_ids: [FIXTURE_TOKEN] } },
      routing: { codes: { RISK_EXPOSURE_CAP_HIT: { pause: "none" } } },
      risk: { exposure: { ...roomyExposure, strategy: { gross_cap_usd: 100, net_cap_usd: 100, max_order_size_usd: 1000, max_envelopes_per_min: 1000, max_notional_per_min_usd: 1e6 } } },
    };
    const w1 = await createWarden({ wallet: WalletKey.fromPrivateKey(PK), config });
    const s = await grant(w1, owner);
    const a1 = toSessionAccount({ warden: w1, credential: s.credential, strategyId: "nba-mm" });
    await a1.signTypedData(orderTypedData(owner.address, { salt: "1" }) as never);
    await a1.signTypedData(orderTypedData(owner.address, { salt: "2" }) as never);
    await w1.close();
    const w2 = await createWarden({ wallet: WalletKey.fromPrivateKey(PK), config });
    const a2 = toSessionAccount({ warden: w2, credential: s.credential, strategyId: "nba-mm" });
    const e = await a2.signTypedData(orderTypedData(owner.address, { salt: "3" }) as never).catch((x: SigningDeniedError) => x);
    expect((e as SigningDeniedError).vote.reason_code).toBe("RISK_EXPOSURE_CAP_HIT");
    await w2.close();
  });

  test("regression (scope-limits item 6): two orders signed at t0 still count at t0 + 24 h and after a restart — exposure ends only on a release, never by age", async () => {
    const path = join(tempDir(), "w.db");
    const t0 = Date.now();
    let clock = t0;
    const config: WardenConfigInput = {
      ...roomyRisk,
      store: { path, synchronous: "NORMAL" },
      log: { level: "silent" },
      // Refreshed every 50 ms of real time, so a jump of the test clock is caught up quickly.
      market_data: { track: { token_ids: [FIXTURE_TOKEN] }, refreshIntervalMs: { market: 50, book: 50, positions: 50 } },
      routing: { codes: { RISK_EXPOSURE_CAP_HIT: { pause: "none" } } },
      risk: { exposure: { ...roomyExposure, strategy: { gross_cap_usd: 100, net_cap_usd: 100, max_order_size_usd: 1000, max_envelopes_per_min: 1000, max_notional_per_min_usd: 1e6 } } },
    };
    const open = () => createWarden({ wallet: WalletKey.fromPrivateKey(PK), config, now: () => clock });
    // A fresh session each time: the old one has expired by then, the strategy's exposure has not.
    // After a clock jump the market data is stale: it is fetched again off the path (a denial for
    // want of data), so the order is retried until the data is back.
    const signAt = async (w: Awaited<ReturnType<typeof open>>, s: string) => {
      const session = await grant(w, owner);
      const account = toSessionAccount({ warden: w, credential: session.credential, strategyId: "nba-mm" });
      for (let attempt = 0; ; attempt++) {
        const reason = await account
          .signTypedData(orderTypedData(owner.address, { salt: s, timestamp: String(clock) }) as never)
          .then(() => "APPROVE", (e: SigningDeniedError) => e.vote.reason_code);
        if (!reason?.endsWith("_DATA_UNAVAILABLE") || attempt === 50) return reason;
        await new Promise((r) => setTimeout(r, 50));
      }
    };
    const w1 = await open();
    // Two GTC orders of 40 pUSD each at t0: a V2 order has no expiry, both stay matchable.
    expect([await signAt(w1, "1"), await signAt(w1, "2")]).toEqual(["APPROVE", "APPROVE"]);
    clock = t0 + 86_400_000 + 60_000;
    expect(await signAt(w1, "3")).toBe("RISK_EXPOSURE_CAP_HIT");
    const metrics = await w1.metricsText();
    expect(metrics).toMatch(/^warden_exposure_open_orders 2$/m);
    const age = Number(/^warden_exposure_oldest_open_order_age_seconds (\S+)$/m.exec(metrics)?.[1]);
    expect(age).toBeGreaterThanOrEqual(86_460);
    await w1.close();
    // Reopened an hour later: the claims are rebuilt from the whole log, however old.
    clock = t0 + 25 * 3_600_000;
    const w2 = await open();
    expect(await signAt(w2, "3")).toBe("RISK_EXPOSURE_CAP_HIT");
    // Evidence ends a claim: an operator release (a cancel the CLOB confirmed) frees its room.
    const [first] = (await w2.listOpenOrders()) ?? [];
    expect(await w2.releaseOrder({ intent_id: first?.intent_id as string, reason: "cancelled", actor: "test" })).toBe(true);
    expect(await signAt(w2, "3")).toBe("APPROVE");
    await w2.close();
  });

  test("the ComplianceGate refuses a blocked region and a forbidden input the strategy declares", async () => {
    const { warden } = await wardenWith({
      market_data: { track: { token_ids: [FIXTURE_TOKEN] } },
      routing: { codes: { RISK_GEOFENCE_BLOCK: { review: false }, GOV_STRATEGY_FORBIDDEN_INPUT: { pause: "none" } } },
      risk: { ...roomyRisk.risk, compliance: { blocked_regions: ["US"], forbidden_inputs: ["insider_feed"] } },
    });
    const s = await grant(warden, owner, { strategy_id: "geo" });
    const sign = (declared: object) =>
      toSessionAccount({ warden, credential: s.credential, strategyId: "geo", declared })
        .signTypedData(orderTypedData(owner.address, { salt: String(salt++) }) as never)
        .then(() => "APPROVE", (e: SigningDeniedError) => e.vote.reason_code);
    expect(await sign({ region: "US-NY" })).toBe("RISK_GEOFENCE_BLOCK");
    expect(await sign({ region: "DE", inputs: ["insider_feed"] })).toBe("GOV_STRATEGY_FORBIDDEN_INPUT");
    expect(await sign({ region: "DE", inputs: ["book"] })).toBe("APPROVE");
    await warden.close();
  });

  test("a routed code notifies its webhook off the signing path and queues a review", async () => {
    const received: unknown[] = [];
    const hook = createServer(async (req: IncomingMessage, res) => {
      let body = "";
      for await (const c of req) body += c;
      received.push(JSON.parse(body));
      res.end("ok");
    });
    await new Promise<void>((r) => hook.listen(0, "127.0.0.1", r));
    const url = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/hook`;
    const { warden, order, reason } = await wardenWith({
      market_data: { track: { token_ids: [FIXTURE_TOKEN, HALTED] } },
      routing: { codes: { RISK_MARKET_HALTED: { pause: "none", review: true, webhook_url: url } } },
    });
    expect(await reason(order({ tokenId: HALTED }))).toBe("RISK_MARKET_HALTED");
    for (let i = 0; i < 50 && received.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
    expect(received).toEqual([expect.objectContaining({ reason_code: "RISK_MARKET_HALTED", strategy_id: "nba-mm", review: true })]);
    expect((await warden.store.readAudit(1, 100)).some((r) => r.kind === "review_queued")).toBe(true);
    expect((await warden.store.killSwitches()).switches).toEqual([]);
    hook.close();
    await warden.close();
  });
});

describe("routing of refusals made before the pipeline", () => {
  test("SEC_SIGNING_INVALID pauses the strategy at once (seed 003: immediate)", async () => {
    const { warden, order, reason } = await wardenWith({ market_data: { track: { token_ids: [FIXTURE_TOKEN] } } });
    expect(await reason(order({ chainId: 1 }))).toBe("SEC_SIGNING_INVALID");
    expect(await reason(order())).toBe("KILL_SWITCH_ACTIVE");
    await warden.close();
  });
});
