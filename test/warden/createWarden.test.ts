import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { createWarden } from "../../src/warden/createWarden";
import type { SecurityAlert } from "../../src/warden/Warden";
import { SigningDeniedError } from "../../src/errors/SigningDeniedError";
import { toSessionAccount } from "../../src/signer/toSessionAccount";
import { WalletKey } from "../../src/signer/WalletKey";
import { createEmbeddedStore } from "../../src/store/embedded/createEmbeddedStore";
import { EXCHANGE_V2, grant, orderTypedData, roomyRisk, tempDir, testWarden } from "../helpers/testWarden";

const denial = async (p: Promise<unknown>) => {
  try {
    await p;
  } catch (e) {
    if (e instanceof SigningDeniedError) return e;
    throw e;
  }
  throw new TypeError("expected a denial, got a signature");
};

describe("sessions", () => {
  test("a grant is issued only for the owner's signature over the exact document, once", async () => {
    const { warden, owner } = await testWarden();
    const { owner: stranger } = await testWarden();
    const req = await warden.requestSession({ strategy_id: "nba-mm", method_whitelist: ["CTFExchangeV2.matchOrders"] });
    await expect(warden.grantSession({ grant_id: req.grant_id, signature: await stranger.signTypedData(req.typed_data) })).rejects.toMatchObject({
      reason: "bad_signature",
      reasonCode: "SESSION_GRANT_INVALID",
    });
    const s = await warden.grantSession({ grant_id: req.grant_id, signature: await owner.signTypedData(req.typed_data) });
    expect(s.credential).toMatch(/^wdn_[A-Za-z0-9_-]{43}$/);
    expect(s.session_id).toBe(req.grant_id);
    await expect(warden.grantSession({ grant_id: req.grant_id, signature: await owner.signTypedData(req.typed_data) })).rejects.toMatchObject({
      reason: "grant_already_used",
    });
    const issued = (await warden.store.readAudit(1, 10)).map((r) => r.kind);
    expect(issued).toContain("session_issued");
    expect(JSON.parse((await warden.store.readAudit(1, 10)).find((r) => r.kind === "session_issued")?.payload_json ?? "{}")).toMatchObject({ reason_code: "SESSION_ISSUED" });
    await warden.close();
  });

  test("a high-s (malleable) grant signature is refused", async () => {
    const { warden, owner } = await testWarden();
    const req = await warden.requestSession({ strategy_id: "nba-mm" });
    const sig = await owner.signTypedData(req.typed_data);
    const n = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;
    const s = BigInt(`0x${sig.slice(66, 130)}`);
    const v = sig.slice(130) === "1b" ? "1c" : "1b";
    const flipped = `${sig.slice(0, 66)}${(n - s).toString(16).padStart(64, "0")}${v}` as `0x${string}`;
    await expect(warden.grantSession({ grant_id: req.grant_id, signature: flipped })).rejects.toMatchObject({ reason: "bad_signature" });
    await warden.close();
  });

  test("a grant request not signed within grant_request_ttl_s expires", async () => {
    let now = 1_790_000_000_000;
    const { warden, owner } = await testWarden({ now: () => now });
    const req = await warden.requestSession({ strategy_id: "nba-mm" });
    now += 600_001;
    await expect(warden.grantSession({ grant_id: req.grant_id, signature: await owner.signTypedData(req.typed_data) })).rejects.toMatchObject({
      reason: "grant_request_expired",
    });
    await warden.close();
  });

  test("bad scope input fails with the field and the fix, never a silent default", async () => {
    const { warden } = await testWarden();
    await expect(warden.requestSession({ strategy_id: "nba-mm", max_per_call_size_usd: -5 })).rejects.toThrowErrorMatchingInlineSnapshot(`
      [ConfigError: Invalid session request.
      ✖ max_per_call_size_usd must be greater than 0 pUSD; set e.g. 1000
        → at max_per_call_size_usd]
    `);
    await expect(warden.requestSession({ strategy_id: "nba-mm", contract_allowlist: ["0x4bFb41d5B3570DeFd03C39a9A4D8dE6Bd8B8982E"] })).rejects.toThrow(
      /not a known exchange on chain 137/,
    );
    await expect(warden.requestSession({ strategy_id: "nba-mm", max_per_call_size_usd: 5000 })).rejects.toThrow(/exceeds the operator ceiling/);
    await expect(warden.requestSession({ strategy_id: "nba-mm", bogus: 1 } as never)).rejects.toThrow(/bogus/);
    await warden.close();
  });

  test("a whitelist without CTFExchangeV2.matchOrders is issued with PERMISSION_SCOPE_WARN", async () => {
    // ClobAuth.sign is grantable only with sessions.allow_clob_auth (item 3), and then warns too.
    const { warden } = await testWarden({ config: { sessions: { allow_clob_auth: true } } });
    const req = await warden.requestSession({ strategy_id: "nba-mm", method_whitelist: ["ClobAuth.sign"] });
    expect(req.warnings).toEqual([
      { reason_code: "PERMISSION_SCOPE_WARN", evidence: { whitelist_lacks_match_orders: true } },
      { reason_code: "CLOB_AUTH_SCOPE_WARN", evidence: { method: "ClobAuth.sign", clob_auth_per_hour: 3 } },
    ]);
    await warden.close();
  });

  test("after a signed SessionRevoke every request with the credential is denied with SESSION_REVOKED", async () => {
    const { warden, owner } = await testWarden();
    const s = await grant(warden, owner);
    const account = toSessionAccount({ warden, credential: s.credential, strategyId: "nba-mm" });
    await account.signTypedData(orderTypedData(owner.address) as never);
    const { owner: stranger } = await testWarden();
    await expect(warden.revokeSession({ session_id: s.session_id, signature: await stranger.signTypedData(warden.sessionRevokeTypedData(s.session_id)) })).rejects.toMatchObject({ reason: "wrong_wallet" });
    await warden.revokeSession({ session_id: s.session_id, signature: await owner.signTypedData(warden.sessionRevokeTypedData(s.session_id)) });
    const e = await denial(account.signTypedData(orderTypedData(owner.address, { salt: "2" }) as never));
    expect(e.vote.reason_code).toBe("SESSION_REVOKED");
    expect(e.shortMessage).toBe("Your session was revoked. Please re-authorise.");
    // Even an intent approved before the revoke is not replayed.
    expect((await denial(account.signTypedData(orderTypedData(owner.address) as never))).vote.reason_code).toBe("SESSION_REVOKED");
    await warden.close();
  });
});

describe("signing", () => {
  test("an unknown credential is refused with SESSION_CREDENTIAL_INVALID and audited", async () => {
    const { warden, owner } = await testWarden();
    const account = toSessionAccount({ warden, credential: "wdn_nope", strategyId: "nba-mm" });
    expect((await denial(account.signTypedData(orderTypedData(owner.address) as never))).vote.reason_code).toBe("SESSION_CREDENTIAL_INVALID");
    expect(JSON.parse((await warden.store.readAudit(1, 1))[0]?.payload_json ?? "{}")).toMatchObject({ reason_code: "SESSION_CREDENTIAL_INVALID" });
    await warden.close();
  });

  test.each([
    ["signMessage", (a: ReturnType<typeof toSessionAccount>) => a.signMessage({ message: "hello" }), "personal_sign"],
    ["signTransaction", (a: ReturnType<typeof toSessionAccount>) => a.signTransaction({ to: EXCHANGE_V2, value: 1n, chainId: 137, gas: 21000n, maxFeePerGas: 1n, maxPriorityFeePerGas: 1n, nonce: 0 }), "eth_signTransaction"],
    [
      "a pUSD Permit",
      (a: ReturnType<typeof toSessionAccount>) =>
        a.signTypedData({
          domain: { name: "Polymarket USD", version: "1", chainId: 137, verifyingContract: "0xC011a7E12a19f7B1f670d46F03B03f3342E82DFB" },
          types: { Permit: [{ name: "owner", type: "address" }, { name: "spender", type: "address" }, { name: "value", type: "uint256" }, { name: "nonce", type: "uint256" }, { name: "deadline", type: "uint256" }] },
          primaryType: "Permit",
          message: { owner: a.address, spender: EXCHANGE_V2, value: 10n ** 30n, nonce: 0n, deadline: 2n ** 60n },
        }),
      "eip712:Permit",
    ],
  ])("%s is denied with WALLET_PERMISSION_DENIED and audited", async (_l, ask, method) => {
    const { warden, owner } = await testWarden();
    const s = await grant(warden, owner);
    const e = await denial(ask(toSessionAccount({ warden, credential: s.credential, strategyId: "nba-mm" })));
    expect(e.vote).toMatchObject({ reason_code: "WALLET_PERMISSION_DENIED", evidence: { method, in_whitelist: false } });
    const last = (await warden.store.readAudit(1, 100)).at(-1);
    expect(JSON.parse(last?.payload_json ?? "{}")).toMatchObject({ decision: "DENY", method, reason_code: "WALLET_PERMISSION_DENIED" });
    await warden.close();
  });

  test("a malformed order is denied with SEC_SIGNING_INVALID without running guards or spending budget", async () => {
    const { warden, owner } = await testWarden();
    const s = await grant(warden, owner);
    const account = toSessionAccount({ warden, credential: s.credential, strategyId: "nba-mm" });
    const e = await denial(account.signTypedData(orderTypedData(owner.address, { chainId: 1 }) as never));
    expect(e.vote).toMatchObject({ reason_code: "SEC_SIGNING_INVALID", evidence: { field: "domain.chainId" } });
    expect((await warden.getSession(s.session_id))?.calls_used).toBe(0);
    await warden.close();
  });

  test("a session for strategy A cannot sign for strategy B (and it is a security alert)", async () => {
    const alerts: SecurityAlert[] = [];
    const { warden, owner } = await testWarden({ onSecurityAlert: (a) => alerts.push(a) });
    const s = await grant(warden, owner, { strategy_id: "A" });
    const e = await denial(toSessionAccount({ warden, credential: s.credential, strategyId: "B" }).signTypedData(orderTypedData(owner.address) as never));
    expect(e.vote.reason_code).toBe("SESSION_STRATEGY_MISMATCH");
    expect(alerts.map((a) => a.alert)).toEqual(["SessionStrategyMismatch"]);
    await warden.close();
  });

  test("the same intent returns the same signature and spends the budget once", async () => {
    const { warden, owner } = await testWarden();
    const s = await grant(warden, owner);
    const account = toSessionAccount({ warden, credential: s.credential, strategyId: "nba-mm" });
    const td = orderTypedData(owner.address) as never;
    const sigs = await Promise.all(Array.from({ length: 8 }, () => account.signTypedData(td)));
    sigs.push(await account.signTypedData(td));
    expect(new Set(sigs).size).toBe(1);
    expect((await warden.getSession(s.session_id))?.calls_used).toBe(1);
    await warden.close();
  });

  test("2,000 concurrent distinct orders against a budget of 100: exactly 100 signatures", async () => {
    const { warden, owner } = await testWarden();
    const s = await grant(warden, owner, { max_calls_per_session: 100 });
    const account = toSessionAccount({ warden, credential: s.credential, strategyId: "nba-mm" });
    const results = await Promise.allSettled(
      Array.from({ length: 2000 }, (_, i) => account.signTypedData(orderTypedData(owner.address, { salt: String(i + 1) }) as never)),
    );
    const ok = results.filter((r) => r.status === "fulfilled");
    expect(ok).toHaveLength(100);
    expect(results.filter((r) => r.status === "rejected").every((r) => (r.reason as SigningDeniedError).vote.reason_code === "SESSION_KEY_EXPIRED")).toBe(true);
    expect((await warden.getSession(s.session_id))?.calls_used).toBe(100);
    expect((await warden.verifyAudit())).toMatchObject({ ok: true });
    await warden.close();
  });

  test("every DENY by the WalletPermissionGuard emits a security alert (seed 004 §26 property)", async () => {
    const alerts: SecurityAlert[] = [];
    const { warden, owner } = await testWarden({ onSecurityAlert: (a) => alerts.push(a) });
    const s = await grant(warden, owner, { max_per_call_size_usd: 100, max_calls_per_session: 1_000_000 });
    const account = toSessionAccount({ warden, credential: s.credential, strategyId: "nba-mm" });
    let denies = 0;
    let salt = 0;
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 400_000_000 }), fc.constantFrom(EXCHANGE_V2, "0xe3333700cA9d93003F00f0F71f8515005F6c00Aa"), async (amount, exchange) => {
        salt++;
        // Price 0.40 whatever the size, so the market-quality band never decides.
        const td = orderTypedData(owner.address, { makerAmount: String(amount * 2), takerAmount: String(amount * 5), salt: String(salt), exchange, version: exchange === EXCHANGE_V2 ? "2" : "3" });
        try {
          await account.signTypedData(td as never);
        } catch (e) {
          if ((e as SigningDeniedError).vote?.reason_code === "WALLET_PERMISSION_DENIED") denies++;
        }
        return alerts.length === denies;
      }),
      { numRuns: 300 },
    );
    expect(denies).toBeGreaterThan(0);
    await warden.close();
  });
});

describe("kill switch", () => {
  test("arming the global switch revokes every session; disarming brings none back", async () => {
    const { warden, owner } = await testWarden();
    const a = await grant(warden, owner, { strategy_id: "A" });
    const b = await grant(warden, owner, { strategy_id: "B" });
    await warden.armKillSwitch({ scope: "global", actor: "risk-team", reason: "incident 42" });
    for (const [s, id] of [[a, "A"], [b, "B"]] as const) {
      const e = await denial(toSessionAccount({ warden, credential: s.credential, strategyId: id }).signTypedData(orderTypedData(owner.address) as never));
      expect(e.vote.reason_code).toBe("KILL_SWITCH_ACTIVE");
      expect(e.shortMessage).toBe("Trading is currently paused.");
    }
    await warden.disarmKillSwitch({ scope: "global", requestor_id: "risk-team", justification: "INC-42 resolved" });
    expect((await warden.getSession(a.session_id))?.revoke_reason).toBe("kill_switch");
    expect((await denial(toSessionAccount({ warden, credential: a.credential, strategyId: "A" }).signTypedData(orderTypedData(owner.address) as never))).vote.reason_code).toBe("KILL_SWITCH_ACTIVE");
    await warden.close();
  });

  test("a strategy switch stops that strategy only, including sessions granted while it is armed", async () => {
    const { warden, owner } = await testWarden();
    await warden.armKillSwitch({ scope: "strategy", strategy_id: "A", actor: "risk-team", reason: "drawdown" });
    const a = await grant(warden, owner, { strategy_id: "A" });
    const b = await grant(warden, owner, { strategy_id: "B" });
    expect((await denial(toSessionAccount({ warden, credential: a.credential, strategyId: "A" }).signTypedData(orderTypedData(owner.address) as never))).vote.reason_code).toBe("KILL_SWITCH_ACTIVE");
    await expect(toSessionAccount({ warden, credential: b.credential, strategyId: "B" }).signTypedData(orderTypedData(owner.address) as never)).resolves.toMatch(/^0x/);
    await warden.close();
  });

  const FED_CONDITION = "0xa357894de1a2acda2e846b00232642a4fefd80c122c8d2ec5c91173931f8994e"; // FIXTURE_TOKEN's market
  const scoped = () =>
    testWarden({
      config: {
        ...roomyRisk,
        store: { path: join(tempDir(), "w.db"), synchronous: "NORMAL" },
        log: { level: "silent" },
        strategies: { A: { family: "market-makers" }, B: { family: "market-makers" }, C: { family: "arbitrage" } },
        market_data: { track: roomyRisk.market_data?.track, clusters: { FED_RATES: [FED_CONDITION], CRYPTO_Q2: [`0x${"0c".repeat(32)}`] } },
      },
    });
  const outcome = (p: Promise<unknown>) => p.then(() => "signed", (e: SigningDeniedError) => e.vote.reason_code);

  test("a bot-family switch revokes the sessions of that family's strategies, and only theirs", async () => {
    const { warden, owner } = await scoped();
    const [a, b, c] = [await grant(warden, owner, { strategy_id: "A" }), await grant(warden, owner, { strategy_id: "B" }), await grant(warden, owner, { strategy_id: "C" })];
    await warden.armKillSwitch({ scope: "family", family: "market-makers", actor: "risk-team", reason: "quoting bug" });
    expect((await warden.getSession(a.session_id))?.revoke_reason).toBe("kill_switch");
    expect((await warden.getSession(b.session_id))?.revoke_reason).toBe("kill_switch");
    expect((await warden.getSession(c.session_id))?.revoked_at_ms).toBeNull();
    const sign = (s: typeof a, id: string) => outcome(toSessionAccount({ warden, credential: s.credential, strategyId: id }).signTypedData(orderTypedData(owner.address) as never));
    expect([await sign(a, "A"), await sign(b, "B"), await sign(c, "C")]).toEqual(["KILL_SWITCH_ACTIVE", "KILL_SWITCH_ACTIVE", "signed"]);
    // A session granted while the family switch is armed is stopped by the guard.
    const late = await grant(warden, owner, { strategy_id: "B" });
    expect(await sign(late, "B")).toBe("KILL_SWITCH_ACTIVE");
    await warden.close();
  });

  test("a cluster switch denies orders on that cluster's markets and revokes no session (sessions are bound to strategies, not markets)", async () => {
    const { warden, owner } = await scoped();
    const a = await grant(warden, owner, { strategy_id: "A" });
    const account = toSessionAccount({ warden, credential: a.credential, strategyId: "A" });
    await warden.armKillSwitch({ scope: "cluster", cluster_id: "CRYPTO_Q2", actor: "risk-team", reason: "exchange outage" });
    expect(await outcome(account.signTypedData(orderTypedData(owner.address, { salt: "1" }) as never))).toBe("signed");
    await warden.armKillSwitch({ scope: "cluster", cluster_id: "FED_RATES", actor: "risk-team", reason: "FOMC leak" });
    expect((await warden.getSession(a.session_id))?.revoked_at_ms).toBeNull();
    expect(await outcome(account.signTypedData(orderTypedData(owner.address, { salt: "2" }) as never))).toBe("KILL_SWITCH_ACTIVE");
    const audit = (await warden.store.readAuditOfKind("kill_switch")).map((r) => JSON.parse(r.payload_json));
    expect(audit.at(-1)).toMatchObject({ scope: "cluster", target: "FED_RATES", armed: true, actor: "risk-team", reason: "FOMC leak", revoked_sessions: [] });
    await warden.close();
  });

  test.each([
    [{ scope: "family", family: "market-maker" }, /family "market-maker" is no strategy's strategies.<id>.family; use one of market-makers, arbitrage/],
    [{ scope: "cluster", cluster_id: "FED" }, /cluster_id "FED" is not a cluster of market_data.clusters; use one of FED_RATES, CRYPTO_Q2, unassigned/],
    [{ scope: "cluster" }, /cluster_id is required for a cluster kill switch/],
    [{ scope: "family" }, /family is required for a bot-family kill switch/],
    [{ scope: "desk" }, /scope must be global, cluster, strategy or family/],
  ])("a switch that would cover nothing by a typo is refused: %o", async (p, message) => {
    const { warden } = await scoped();
    await expect(warden.armKillSwitch({ ...(p as object), actor: "risk-team", reason: "typo" } as never)).rejects.toThrow(message);
    expect(await warden.store.readAuditOfKind("kill_switch")).toEqual([]);
    await warden.close();
  });

  test("a kill-switch change needs an actor and a reason", async () => {
    const { warden } = await testWarden();
    await expect(warden.armKillSwitch({ scope: "global", actor: "", reason: "" })).rejects.toThrow(/actor and reason are required/);
    await warden.close();
  });
});

describe("fail closed", () => {
  /** A Warden whose store fills up after a few hundred decisions (FULL: every commit gathers for an event-loop turn), with a live session. */
  async function fillingWarden(keyByte: string) {
    const path = join(tempDir(), "w.db");
    const store = await createEmbeddedStore({ path, synchronous: "FULL", maxPageCount: 14 });
    const warden = await createWarden({ wallet: WalletKey.fromPrivateKey(`0x${keyByte.repeat(32)}`), store, config: { ...roomyRisk, log: { level: "silent" } } });
    const { privateKeyToAccount } = await import("viem/accounts");
    const viemOwner = privateKeyToAccount(`0x${keyByte.repeat(32)}`);
    const s = await grant(warden, viemOwner, { max_calls_per_session: 1_000_000 });
    return { path, warden, viemOwner, account: toSessionAccount({ warden, credential: s.credential, strategyId: "nba-mm" }) };
  }

  /** After close: every signature handed out has its audit record. */
  async function expectAllAudited(path: string, returned: string[]) {
    const reopened = await createEmbeddedStore({ path, synchronous: "FULL" });
    const audited = new Set((await reopened.readAudit(1, 1_000_000)).map((r) => JSON.parse(r.payload_json).signature));
    expect(returned.length).toBeGreaterThan(0);
    expect(returned.filter((sig) => !audited.has(sig))).toEqual([]);
    expect((await reopened.verifyAudit())).toMatchObject({ ok: true });
    await reopened.close();
  }

  test("an approval whose audit record cannot be written is not returned", async () => {
    const { path, warden, viemOwner, account } = await fillingWarden("42");
    const returned: string[] = [];
    let refusal: SigningDeniedError | null = null;
    for (let i = 0; i < 2000 && !refusal; i++) {
      try {
        returned.push(await account.signTypedData(orderTypedData(viemOwner.address, { salt: String(i + 1) }) as never));
      } catch (e) {
        refusal = e as SigningDeniedError;
      }
    }
    expect(refusal?.vote.reason_code).toBe("STORE_DATA_UNAVAILABLE");
    // Everything after the failure is refused too, and every signature that was returned is audited.
    expect((await denial(account.signTypedData(orderTypedData(viemOwner.address, { salt: "999999" }) as never))).vote.reason_code).toBe("STORE_DATA_UNAVAILABLE");
    await warden.close();
    await expectAllAudited(path, returned);
  });

  test("a concurrent duplicate never gets a signature whose commit then fails", async () => {
    // The event-loop turn a FULL commit gathers for is the window in which a duplicate can look.
    const { path, warden, viemOwner, account } = await fillingWarden("43");
    const returned: string[] = [];
    let failedPair: PromiseSettledResult<string>[] | null = null;
    for (let i = 0; i < 2000 && !failedPair; i++) {
      // The same order twice in one tick: the second finds the first's decision while it commits.
      const order = orderTypedData(viemOwner.address, { salt: String(i + 1) }) as never;
      const pair = await Promise.allSettled([account.signTypedData(order), account.signTypedData(order)]);
      for (const r of pair) if (r.status === "fulfilled") returned.push(r.value);
      if (pair.some((r) => r.status === "rejected")) failedPair = pair;
      else expect(pair[0]).toEqual(pair[1]);
    }
    expect(failedPair?.map((r) => r.status)).toEqual(["rejected", "rejected"]);
    for (const r of failedPair ?? []) expect(((r as PromiseRejectedResult).reason as SigningDeniedError).vote.reason_code).toBe("STORE_DATA_UNAVAILABLE");
    await warden.close();
    await expectAllAudited(path, returned);
  });

  test("an empty pipeline denies everything", async () => {
    const { warden, owner } = await testWarden({ guards: [] });
    const s = await grant(warden, owner);
    const e = await denial(toSessionAccount({ warden, credential: s.credential, strategyId: "nba-mm" }).signTypedData(orderTypedData(owner.address) as never));
    expect(e.vote.reason_code).toBe("PIPELINE_EMPTY");
    await warden.close();
  });
});
