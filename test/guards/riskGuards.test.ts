import fc from "fast-check";
import { describe, expect, test } from "vitest";
import type { Guard, GuardVerdict } from "../../src/guards/Guard";
import { isReasonCode } from "../../src/core/isReasonCode";
import { killSwitchGuard } from "../../src/guards/killSwitchGuard";
import { reasonCodes } from "../../src/core/reasonCodes";
import type { RiskContext } from "../../src/guards/RiskContext";
import { riskGuards } from "../../src/guards/riskGuards";
import { runPipeline } from "../../src/guards/runPipeline";
import { sessionKeyManagerGuard } from "../../src/guards/sessionKeyManagerGuard";
import { walletPermissionGuard } from "../../src/guards/walletPermissionGuard";
import { loadFixtureMarketDataSource } from "../../src/market/loadFixtureMarketDataSource";
import type { ClobAuthIntent, OrderIntent } from "../../src/core/SigningIntent";
import { ctx, orderIntent, T0, unsignable } from "../helpers/guardFixtures";
import { book, CLUSTER, CONDITION, drawdown, exposure, HOUR_MS, market, marketState, resolution, risk, riskConfig, riskCtx, TOKEN } from "../helpers/riskFixtures";

const guards = riskGuards(riskConfig());
const approving: Guard = { bot_id: "test.approve", mode: "hard_guard", dataUnavailableCode: "STORE_DATA_UNAVAILABLE", evaluate: () => ({ inputs_used: [] }) };
const clobAuth: ClobAuthIntent = {
  kind: "clob_auth",
  intent_id: "int_auth",
  method: "ClobAuth.sign",
  contract_address: null,
  message: { address: "0xabcdef0123456789abcdef0123456789abcdef01", timestamp: String(T0 / 1000), nonce: 0n, message: "This message attests that I control the given wallet" },
  notional_micros: 0n,
  size_usd: 0,
  digest: `0x${"cd".repeat(32)}`,
};

describe("riskGuards: the seeds' order and modes", () => {
  test("ComplianceGate → MarketHaltGuard → StaleBookGuard → MarketQualityGuard → BlacklistKeeper → ExposureGuard → DrawdownGuard", () => {
    expect(guards.map((g) => [g.bot_id, g.mode, g.dataUnavailableCode])).toEqual([
      ["risk.compliancegate", "hard_guard", "COMPLIANCE_GATE_DATA_UNAVAILABLE"],
      ["risk.markethaltguard", "hard_guard", "MARKET_HALT_GUARD_DATA_UNAVAILABLE"],
      ["risk.stalebookguard", "hard_guard", "STALE_BOOK_GUARD_DATA_UNAVAILABLE"],
      ["risk.marketqualityguard", "hard_guard", "MARKET_QUALITY_GUARD_DATA_UNAVAILABLE"],
      ["risk.blacklistkeeper", "limited_live", "BLACKLIST_KEEPER_DATA_UNAVAILABLE"],
      ["risk.exposureguard", "hard_guard", "EXPOSURE_GUARD_DATA_UNAVAILABLE"],
      ["risk.drawdownguard", "hard_guard", "DRAWDOWN_GUARD_DATA_UNAVAILABLE"],
    ]);
  });
  test("each guard takes its mode from the config", () => {
    const modes = riskGuards(riskConfig({ drawdown: { mode: "shadow_only" }, blacklist: { mode: "hard_guard" } })).map((g) => g.mode);
    expect(modes).toEqual(["hard_guard", "hard_guard", "hard_guard", "hard_guard", "hard_guard", "hard_guard", "shadow_only"]);
  });
  test("with every fact benign, the full pipeline (KillSwitch first, session guards last) approves", () => {
    const pipeline = [killSwitchGuard(), ...guards, sessionKeyManagerGuard({ mode: "hard_guard" }), walletPermissionGuard({ mode: "hard_guard" })];
    const r = runPipeline(pipeline, orderIntent(1_000_000n), riskCtx());
    expect(r.decision).toBe("APPROVE");
    expect(r.votes.filter((v) => v.reason_code !== null).map((v) => v.reason_code)).toEqual(["BLACKLIST_KEEPER_PASS"]);
  });
  test("an armed kill switch denies before any risk guard looks anything up", () => {
    const pipeline = [killSwitchGuard(), ...guards];
    const r = runPipeline(pipeline, orderIntent(1n), ctx({ kill_switches: [{ scope: "global", target: "*", armed: true, changed_at_ms: T0, actor: "ops", reason: "t" }] }));
    expect(r.votes.map((v) => v.bot_id)).toEqual(["risk.killswitch"]);
  });
});

describe.each(guards.map((g) => [g.bot_id, g] as const))("%s", (_id, guard) => {
  test.each([
    ["a ClobAuth", clobAuth],
    ["an unsignable request", unsignable("personal_sign")],
  ])("approves %s with inputs_used [] (no market to judge)", (_l, intent) => {
    expect(guard.evaluate(intent, ctx())).toEqual({ inputs_used: [] });
    expect(guard.evaluate(intent, riskCtx())).toEqual({ inputs_used: [] });
  });
  test("denies an order without a risk snapshot with its data-unavailable code", () => {
    expect(guard.evaluate(orderIntent(1n), ctx()).deny?.reason_code).toBe(guard.dataUnavailableCode);
  });
  test("approves a benign order", () => {
    expect(guard.evaluate(orderIntent(1_000_000n), riskCtx()).deny).toBeUndefined();
  });
});

describe("riskGuards on the shipped fixtures (fixtures/markets.json, through the real parsers)", () => {
  // Each fixture trips one rule (docs/market-data.md); the order BUYs 10 shares of "Yes" at its best ask.
  test.each([
    ["Will the Fed cut rates", "BLACKLIST_KEEPER_PASS", "APPROVE"],
    ["Will Bitcoin close above $120,000", "RISK_MARKET_HALTED", "DENY"],
    ["Ceasefire holds", "RISK_SPREAD_WIDE", "DENY"],
    ["Will Bitcoin reach $150,000", "BLACKLIST_KEEPER_SINGLE_SOURCE", "DENY"],
    ["NBA Finals Game 7", "BLACKLIST_KEEPER_NEAR_RESOLUTION", "DENY"],
    ["Will the statewide recount", "BLACKLIST_KEEPER_PRIOR_DISPUTE", "DENY"],
    ["Will Real Madrid win", "RISK_MARKET_HALTED", "DENY"],
  ])("%s… → %s", async (question, code, decision) => {
    const source = await loadFixtureMarketDataSource({ path: "fixtures/markets.json" });
    const { markets } = (await import("../../fixtures/markets.json")).default as { markets: { gamma: { conditionId: string; question: string } }[] };
    const entry = markets.find((m) => m.gamma.question.startsWith(question));
    if (entry === undefined) throw new TypeError(`no fixture "${question}"`);
    const snapshot = await source.getMarketByConditionId(entry.gamma.conditionId);
    const tokenId = snapshot.outcomes[0]?.tokenId ?? "";
    const bookSnapshot = await source.getBook(tokenId).catch(() => null);
    const now_ms = Date.now();
    const ask = bookSnapshot?.bestAsk ?? 0.5;
    const shares = 10_000_000n;
    const pusd = (BigInt(Math.round(ask * 1e6)) * shares) / 1_000_000n;
    const base = orderIntent(pusd);
    const intent: OrderIntent = { ...base, order: { ...base.order, tokenId: BigInt(tokenId), makerAmount: pusd, takerAmount: shares } };
    const r = risk({
      market: { status: "ok", snapshot, ageMs: now_ms - snapshot.asOfMs },
      book: bookSnapshot === null ? { status: "unavailable", reason: "missing", ageMs: null, lastError: null } : { status: "ok", snapshot: bookSnapshot, ageMs: now_ms - bookSnapshot.asOfMs },
      cluster: { status: "ok", tokenId, conditionId: snapshot.conditionId, clusterId: CLUSTER },
      exposure: { status: "ok", value: exposure({ market: { id: snapshot.conditionId } }), ageMs: 0 },
    });
    const result = runPipeline(guards, intent, ctx({ risk: r, now_ms }));
    expect(result.decision).toBe(decision);
    expect(result.votes.map((v) => v.reason_code)).toContain(code);
  });
  test("the ambiguous fixture also trips BlacklistKeeper on its keyword", async () => {
    const source = await loadFixtureMarketDataSource({ path: "fixtures/markets.json" });
    const { markets } = (await import("../../fixtures/markets.json")).default as { markets: { gamma: { conditionId: string; question: string } }[] };
    const entry = markets.find((m) => m.gamma.question.startsWith("Ceasefire"));
    const snapshot = await source.getMarketByConditionId(entry?.gamma.conditionId ?? "");
    const keeper = guards.find((g) => g.bot_id === "risk.blacklistkeeper");
    const base = orderIntent(1n);
    const intent: OrderIntent = { ...base, order: { ...base.order, tokenId: BigInt(snapshot.outcomes[0]?.tokenId ?? "0") } };
    const v = keeper?.evaluate(intent, ctx({ risk: risk({ market: { status: "ok", snapshot, ageMs: 0 } }), now_ms: Date.now() }));
    expect(v?.deny).toMatchObject({ reason_code: "BLACKLIST_KEEPER_AMBIGUOUS_RULES", evidence: { keyword: "substantial" } });
  });
});

// ---- properties over random facts -------------------------------------------------------------

const ageArb = fc.integer({ min: 0, max: 400_000 });
const gone = fc.constantFrom({ status: "unavailable" as const, reason: "missing" as const, ageMs: null, lastError: null }, { status: "unavailable" as const, reason: "stale" as const, ageMs: 20_000, lastError: null });
const down = fc.constant({ status: "unavailable" as const, reason: "source down" });
const ok = <T>(arb: fc.Arbitrary<T>) => fc.record({ status: fc.constant("ok" as const), value: arb, ageMs: ageArb });
const priceArb = fc.option(fc.integer({ min: 1, max: 999 }).map((c) => c / 1000), { nil: null });
const micros = (max: bigint) => fc.bigInt({ min: 0n, max });
const signedMicros = (max: bigint) => fc.bigInt({ min: -max, max });

const marketArb = fc.record({
  state: fc.record({ closed: fc.boolean(), resolved: fc.boolean(), halted: fc.boolean(), acceptingOrders: fc.boolean() }, { requiredKeys: [] }),
  endInMs: fc.integer({ min: -HOUR_MS, max: 10 * HOUR_MS }),
  single: fc.boolean(),
  disputes: fc.nat({ max: 2 }),
  rules: fc.constantFrom("Plain rules.", "A substantial change.", "Primary source: AP."),
  ageMs: ageArb,
  token: fc.constantFrom(TOKEN, TOKEN, "2"),
}).map((m) => ({
  status: "ok" as const,
  ageMs: m.ageMs,
  snapshot: market({
    rulesText: m.rules,
    state: marketState(m.state),
    resolution: resolution({ endDateMs: T0 + m.endInMs, singleSource: m.single, priorDisputeCount: m.disputes }),
    outcomes: [{ label: "Yes", tokenId: m.token, price: null }],
  }),
}));
const bookArb = fc.record({ bid: priceArb, ask: priceArb, ageMs: fc.integer({ min: 0, max: 30_000 }) }).map((b) => ({ status: "ok" as const, snapshot: book(b), ageMs: 0 }));
const exposureArb = fc.record({
  g: signedMicros(400_000_000_000n),
  c: micros(120_000_000_000n),
  m: micros(130_000_000_000n),
  s: micros(6_000_000_000n),
  n: signedMicros(6_000_000_000n),
  instruments: fc.nat({ max: 25 }),
  env: fc.nat({ max: 70 }),
  perMin: micros(12_000_000_000n),
}).map((e) =>
  exposure({
    global: { grossMicros: e.g < 0n ? -e.g : e.g, netMicros: e.g },
    cluster: { grossMicros: e.c, netMicros: e.n, instruments: e.instruments, instrumentIds: e.instruments % 2 === 0 ? [TOKEN] : [] },
    market: { grossMicros: e.m, netMicros: -e.n },
    strategy: { grossMicros: e.s, netMicros: e.n, envelopesLastMinute: e.env, notionalLastMinuteMicros: e.perMin },
  }),
);
const registryArb = (hit: string) => ok(fc.boolean().map((b) => ({ ids: new Set(b ? [hit] : []) })));
const BAD = "0x9999999999999999999999999999999999990001";

const riskArb: fc.Arbitrary<RiskContext> = fc.record({
  market: fc.oneof(marketArb, gone),
  book: fc.oneof(bookArb, gone),
  cluster: fc.oneof(
    fc.constant({ status: "ok" as const, tokenId: TOKEN, conditionId: CONDITION, clusterId: CLUSTER }),
    fc.constant({ status: "unavailable" as const, tokenId: TOKEN, reason: "missing" as const, lastError: null }),
  ),
  exposure: fc.oneof(ok(exposureArb), down),
  drawdown: fc.oneof(ok(fc.record({ start: signedMicros(200_000_000_000n), cur: signedMicros(200_000_000_000n) }).map((d) => drawdown(d.start, d.cur))), down),
  bannedMarkets: fc.oneof(registryArb(CONDITION), down),
  bannedCounterparties: fc.oneof(registryArb(BAD), down),
  declared: fc.record({
    region: fc.constantFrom(null, "US", "FR", "US-NY", "nowhere"),
    inputs: fc.subarray(["clob.book", "insider.feed", "gamma.rules_text"]),
    counterparty: fc.constantFrom(null, BAD, "0x0000000000000000000000000000000000000002"),
  }),
});
const orderArb: fc.Arbitrary<OrderIntent> = fc
  .record({ pusd: fc.bigInt({ min: 1n, max: 2_000_000_000n }), priceMilli: fc.integer({ min: 1, max: 999 }), side: fc.constantFrom("BUY" as const, "SELL" as const), builder: fc.boolean() })
  .map(({ pusd, priceMilli, side, builder }) => {
    const shares = (pusd * 1000n) / BigInt(priceMilli);
    const base = orderIntent(pusd, { side });
    const [makerAmount, takerAmount] = side === "BUY" ? [pusd, shares] : [shares, pusd];
    return { ...base, order: { ...base.order, side: side === "BUY" ? 0 : 1, makerAmount, takerAmount, builder: builder ? `0x${"ab".repeat(32)}` : base.order.builder } };
  });
const configArb = fc.record({ geofence: fc.boolean(), builder: fc.boolean(), reference: fc.constantFrom("best_opposite" as const, "mid" as const) }).map((c) =>
  riskConfig({
    compliance: c.geofence ? { blocked_regions: ["US"], forbidden_inputs: ["insider.feed"] } : {},
    market_quality: { require_builder_code: c.builder, slippage_reference: c.reference },
  }),
);

/** What each guard cannot judge without: any of these missing must deny. */
function missingFor(bot_id: string, r: RiskContext, geofence: boolean): boolean {
  const bookGone = r.book.status === "unavailable";
  const sideGone = r.book.status === "ok" && (r.book.snapshot.bestBid === null || r.book.snapshot.bestAsk === null);
  switch (bot_id) {
    case "risk.compliancegate":
      return geofence && r.declared.region === null;
    case "risk.markethaltguard":
      return r.market.status === "unavailable";
    case "risk.stalebookguard":
      return bookGone;
    case "risk.marketqualityguard":
      return bookGone || sideGone;
    case "risk.blacklistkeeper":
      return r.market.status === "unavailable" || r.bannedMarkets.status === "unavailable" || r.bannedCounterparties.status === "unavailable";
    case "risk.exposureguard":
      return r.exposure.status === "unavailable" || r.cluster.status === "unavailable";
    case "risk.drawdownguard":
      return r.drawdown.status === "unavailable";
    default:
      return false;
  }
}

const wellFormed = (v: GuardVerdict): boolean =>
  Array.isArray(v.inputs_used) &&
  (v.deny === undefined || (isReasonCode(v.deny.reason_code) && reasonCodes[v.deny.reason_code].severity === "HARD_REJECT")) &&
  (v.annotations ?? []).every((a) => isReasonCode(a.reason_code) && reasonCodes[a.reason_code].severity !== "HARD_REJECT");

describe("risk guards: properties", () => {
  test("no combination of facts with a piece a guard needs missing ever approves an order", () => {
    fc.assert(
      fc.property(configArb, riskArb, orderArb, fc.integer({ min: 0, max: 60_000 }), (config, r, order, dt) => {
        const geofence = config.compliance.blocked_regions.length > 0;
        for (const guard of riskGuards(config)) {
          if (!missingFor(guard.bot_id, r, geofence)) continue;
          const c = ctx({ risk: r, now_ms: T0 + dt });
          if (guard.evaluate(order, c).deny === undefined) return false;
          if (runPipeline([{ ...guard, mode: "hard_guard" }], order, c).decision !== "DENY") return false;
        }
        return true;
      }),
      { numRuns: 1500 },
    );
  });
  test("the guards emit only registered codes, with the right severity, over random facts", () => {
    fc.assert(
      fc.property(configArb, riskArb, orderArb, (config, r, order) =>
        riskGuards(config).every((g) => wellFormed(g.evaluate(order, ctx({ risk: r })))),
      ),
      { numRuns: 1500 },
    );
  });
  test("shadow mode never blocks but always records what the guard would have done", () => {
    fc.assert(
      fc.property(configArb, riskArb, orderArb, (config, r, order) => {
        const c = ctx({ risk: r });
        return riskGuards(config).every((guard) => {
          const own = guard.evaluate(order, c);
          const result = runPipeline([{ ...guard, mode: "shadow_only" }, approving], order, c);
          const mine = result.votes.filter((v) => v.bot_id === guard.bot_id);
          const recorded = own.deny === undefined ? mine.every((v) => v.decision !== "DENY") : mine.some((v) => v.decision === "DENY" && v.reason_code === own.deny?.reason_code);
          return result.decision === "APPROVE" && mine.length >= 1 && mine.every((v) => v.mode === "shadow_only") && recorded;
        });
      }),
      { numRuns: 500 },
    );
  });
  test("the whole risk pipeline never approves with any piece of risk data missing", () => {
    fc.assert(
      fc.property(riskArb, orderArb, (r, order) => {
        const anyMissing =
          r.market.status === "unavailable" || r.book.status === "unavailable" || r.exposure.status === "unavailable" || r.drawdown.status === "unavailable" ||
          r.cluster.status === "unavailable" || r.bannedMarkets.status === "unavailable" || r.bannedCounterparties.status === "unavailable";
        fc.pre(anyMissing);
        return runPipeline(guards, order, ctx({ risk: r })).decision === "DENY";
      }),
      { numRuns: 1000 },
    );
  });
});

test("fixtures sanity: the benign risk context has every piece available", () => {
  const r = risk();
  expect([r.market, r.book, r.cluster, r.exposure, r.drawdown, r.bannedMarkets, r.bannedCounterparties].every((p) => p.status === "ok")).toBe(true);
});
