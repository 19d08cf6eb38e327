import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { OrderBuilder, Side, SignatureTypeV2, createL1Headers } from "@polymarket/clob-client-v2";
import { network } from "hardhat";
import pino from "pino";
import { type Hex, createWalletClient, encodeFunctionData, getAddress, http, verifyTypedData, zeroAddress } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { polygon } from "viem/chains";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { buildSafeSetupCalls } from "../../src/chain/buildSafeSetupCalls";
import { createGuardianPauser } from "../../src/chain/createGuardianPauser";
import { encodeRevokeSession } from "../../src/chain/encodeRevokeSession";
import { executeSafeTransaction } from "../../src/chain/executeSafeTransaction";
import { wardenModuleAbi } from "../../src/chain/generated/wardenModuleAbi";
import { openSafeKit } from "../../src/chain/openSafeKit";
import type { SafeTransaction } from "../../src/chain/SafeTransaction";
import { polymarketExchanges } from "../../src/core/polymarket/exchanges";
import { ConfigError } from "../../src/errors/ConfigError";
import { toGuardianAccount } from "../../src/signer/toGuardianAccount";
import { toSafeExecutorAccount } from "../../src/signer/toSafeExecutorAccount";
import { toSessionAccount } from "../../src/signer/toSessionAccount";
import { WalletKey, walletKeySecret } from "../../src/signer/WalletKey";
import { createSafeSessionKeys } from "../../src/signer/wallets/createSafeSessionKeys";
import { createWarden } from "../../src/warden/createWarden";
import type { SecurityAlert, Warden } from "../../src/warden/Warden";
import { type ClientSignedOrder, toOrderStruct } from "../helpers/clobClientShapes";
import { type JsonRpcServer, startJsonRpcServer } from "../helpers/jsonRpcServer";
import { CLOB_AUTH_TYPES, FIXTURE_TOKEN, roomyRisk } from "../helpers/testWarden";
import { safeSetupChain } from "./safeSetupChain";

const tempDir = () => mkdtempSync(join(tmpdir(), "warden-guardian-"));

// Issue 13 item 5: arming the global switch has the risk team's guardian key pause the Safe on the
// module and, from the Safe, on every exchange — orders already signed stop validating even if the
// proxy is bypassed; unpausing stays with the Safe.
describe("safe-module on a real Safe 1.5.0 (2-of-3): the guardian's on-chain kill switch, revocations made on-chain, ClobAuth", () => {
  let connection: Awaited<ReturnType<typeof network.connect>>;
  let rpc: JsonRpcServer;
  let world: Awaited<ReturnType<typeof safeSetupChain>>;
  let warden: Warden;
  let executor: ReturnType<typeof toSafeExecutorAccount>;
  const owners = [0, 1, 2].map(() => privateKeyToAccount(generatePrivateKey()));
  const guardianPrivateKey = generatePrivateKey();
  const guardianKey = WalletKey.fromPrivateKey(guardianPrivateKey);
  const guardian = getAddress(guardianKey.address);
  const logs: string[] = [];
  const alerts: SecurityAlert[] = [];
  let walletConfig: Record<string, unknown>;
  let storePath: string;

  const approveAndExecute = async (calls: readonly Pick<SafeTransaction, "to" | "data" | "operation">[]): Promise<Hex> => {
    const kit = await openSafeKit({ safe: world.safe, provider: rpc.url, contractNetworks: world.contractNetworks });
    const transaction = await kit.createTransaction({ transactions: calls.map((c) => ({ to: c.to, value: "0", data: c.data, operation: c.operation })) });
    const safeTxHash = (await kit.getTransactionHash(transaction)) as Hex;
    const signatures = await Promise.all(owners.slice(0, 2).map((o) => o.sign({ hash: safeTxHash })));
    return executeSafeTransaction({ kit, transaction, safeTxHash, signatures, executor, client: world.publicClient, transport: http(rpc.url) });
  };
  const safeState = async () => world.publicClient.readContract({ address: world.module, abi: wardenModuleAbi, functionName: "getSafeState", args: [world.safe] });
  const validates = async (order: ClientSignedOrder) => world.exchanges[0]!.contract.read.isValidOrderSignature([toOrderStruct(order), order.signature as Hex]);

  beforeAll(async () => {
    connection = await network.connect({ override: { chainId: 137 } });
    world = await safeSetupChain(connection, owners.map((o) => o.address), 2n);
    rpc = await startJsonRpcServer(connection.provider);
    const executorKey = generatePrivateKey();
    for (const a of [privateKeyToAccount(executorKey).address, guardianKey.address])
      await connection.provider.request({ method: "hardhat_setBalance", params: [a, "0x56BC75E2D63100000"] });
    executor = toSafeExecutorAccount({ key: WalletKey.fromPrivateKey(executorKey), safe: world.safe });
    walletConfig = {
      mode: "safe-module",
      safe: world.safe,
      module: world.module,
      guardian,
      rpc_url: rpc.url,
      session_keys_dir: join(tempDir(), "keys"),
      poll_interval_s: 1,
      extensible_fallback_handler: world.handler,
      safe_contracts: world.safeContracts,
    };
    storePath = join(tempDir(), "warden.db");
  }, 120_000);
  afterAll(async () => {
    await warden?.close();
    await rpc?.close();
    await connection?.close();
  });

  test("the setup batch sets the guardian on the module (14 calls); run again it does not set it twice", async () => {
    const kit = await openSafeKit({ safe: world.safe, provider: rpc.url, contractNetworks: world.contractNetworks });
    const current = async () => ({ fallbackHandler: getAddress(await kit.getFallbackHandler()), moduleEnabled: await kit.isModuleEnabled(world.module), guardian: getAddress((await safeState())[0]) });
    const calls = buildSafeSetupCalls({ safe: world.safe, module: world.module, chainId: 137, fallbackHandler: world.handler, current: await current(), guardian });
    expect(calls).toHaveLength(14);
    expect(calls.map((c) => c.description).filter((d) => d.startsWith("WardenModule.setGuardian"))).toEqual([`WardenModule.setGuardian(${guardian}) — may pause, never grant or unpause`]);
    expect((await safeState())[0]).toBe(zeroAddress);
    await approveAndExecute(calls);
    expect(getAddress((await safeState())[0])).toBe(guardian);
    const again = buildSafeSetupCalls({ safe: world.safe, module: world.module, chainId: 137, fallbackHandler: world.handler, current: await current(), guardian });
    expect(again).toHaveLength(11);
    expect(again.some((c) => c.description.startsWith("WardenModule.setGuardian"))).toBe(false);
  }, 120_000);

  test("a start with pause_user but without the guardian key, or with another key than wallet.guardian, fails with the fix", async () => {
    const config = { ...roomyRisk, chain_id: 137, log: { level: "silent" }, store: { path: join(tempDir(), "w.db") }, wallet: walletConfig, kill_switch: { pause_user: { rpc_url: rpc.url } } } as const;
    const keys = createSafeSessionKeys({ dir: join(tempDir(), "keys"), passphrase: "p", scryptN: 16384 });
    await expect(createWarden({ wallet: keys, config })).rejects.toThrow(/guardian_keystore/);
    await expect(createWarden({ wallet: keys, config, guardian: WalletKey.fromPrivateKey(generatePrivateKey()) })).rejects.toThrow(/but wallet\.guardian is/);
    await expect(createWarden({ wallet: keys, config: { ...config, wallet: { ...walletConfig, guardian: undefined } as never }, guardian: guardianKey })).rejects.toThrow(/needs wallet\.guardian/);
  });

  test("the guardian account signs pauseSafe(safe, true) for this Safe and nothing else", async () => {
    const account = toGuardianAccount({ key: guardianKey, module: world.module, safe: world.safe });
    const base = { chainId: 137, nonce: 0, gas: 100_000n, maxFeePerGas: 1n, maxPriorityFeePerGas: 1n, type: "eip1559" } as const;
    const pause = encodeFunctionData({ abi: wardenModuleAbi, functionName: "pauseSafe", args: [world.safe, true] });
    await expect(account.signTransaction({ ...base, to: world.module, data: pause })).resolves.toMatch(/^0x02/);
    await expect(account.signTransaction({ ...base, to: world.module, data: encodeFunctionData({ abi: wardenModuleAbi, functionName: "pauseStrategy", args: [world.safe, 63] }) })).resolves.toMatch(/^0x02/);
    for (const wrong of [
      { to: world.module, data: encodeFunctionData({ abi: wardenModuleAbi, functionName: "pauseSafe", args: [world.safe, false] }) },
      { to: world.module, data: encodeFunctionData({ abi: wardenModuleAbi, functionName: "pauseSafe", args: [owners[0]!.address, true] }) },
      { to: world.module, data: encodeFunctionData({ abi: wardenModuleAbi, functionName: "setGuardian", args: [owners[0]!.address] }) },
      { to: world.module, data: encodeFunctionData({ abi: wardenModuleAbi, functionName: "pauseStrategy", args: [owners[0]!.address, 1] }) },
      { to: world.safe, data: pause },
      { to: world.module, data: pause, value: 1n },
    ])
      await expect(account.signTransaction({ ...base, ...wrong })).rejects.toThrow(/signs only WardenModule\.pauseSafe\(safe, true\) and pauseStrategy/);
    await expect(account.signMessage({ message: "hi" })).rejects.toThrow(/never a message/);
  });

  test("a key that is not the module's guardian sends nothing: the report fails with who the guardian is", async () => {
    const other = WalletKey.fromPrivateKey(generatePrivateKey());
    const exchanges = polymarketExchanges.map((e) => getAddress(e.address));
    const pauser = createGuardianPauser({ rpcUrl: rpc.url, chainId: 137, safe: world.safe, module: world.module, exchanges, account: toGuardianAccount({ key: other, module: world.module, safe: world.safe }), timeoutMs: 10_000 });
    const report = await pauser.pause();
    expect(report).toMatchObject({ status: "incomplete", safe_pause: { outcome: "failed" } });
    expect(report.safe_pause?.error).toContain(`the module's guardian of the Safe is ${guardian}`);
    expect(report.exchanges.map((e) => e.outcome)).toEqual(["failed", "failed", "failed"]);
    expect(await world.publicClient.getTransactionCount({ address: other.address })).toBe(0);
    expect((await safeState())[1]).toBe(false);
    expect(pauser.unpause).toBeUndefined();
  });

  test("arming the global switch pauses the Safe on the module and the exchanges: an order signed before stops validating; the guardian cannot lift it, the Safe can", async () => {
    const logger = pino({ level: "debug" }, new Writable({ write: (chunk: Buffer, _e, done) => (logs.push(chunk.toString()), done()) }));
    warden = await createWarden({
      wallet: createSafeSessionKeys({ dir: walletConfig.session_keys_dir as string, passphrase: "guardian test passphrase", scryptN: 16384 }),
      guardian: guardianKey,
      logger,
      onSecurityAlert: (a) => void alerts.push(a),
      config: {
        ...roomyRisk,
        chain_id: 137,
        store: { path: storePath },
        signing: { max_order_age_s: 3600, max_order_future_skew_s: 5, max_clob_auth_age_s: 300, max_amount_usd: 1_000_000_000 },
        wallet: walletConfig,
        kill_switch: { pause_user: { rpc_url: rpc.url, timeout_ms: 20_000 } },
        sessions: { allow_clob_auth: true },
      } as never,
    });
    const request = await warden.requestSession({ strategy_id: "nba-mm", method_whitelist: ["CTFExchangeV2.matchOrders", "ClobAuth.sign"], contract_allowlist: polymarketExchanges.map((e) => getAddress(e.address)) });
    const session = request.safe_session!;
    await approveAndExecute([session.safe_transaction as unknown as SafeTransaction]);
    expect(await warden.refreshSafeSession(session.session_id)).toMatchObject({ active: true });
    const account = toSessionAccount({ warden, credential: session.credential, strategyId: "nba-mm" });
    const client = createWalletClient({ account, chain: polygon, transport: http("http://127.0.0.1:1") });
    const order = (await new OrderBuilder(client, 137, SignatureTypeV2.POLY_1271, world.safe).buildOrder(
      { tokenID: FIXTURE_TOKEN, price: 0.4, size: 100, side: Side.BUY },
      { tickSize: "0.01", negRisk: false },
      2,
    )) as unknown as ClientSignedOrder;
    expect(await validates(order)).toBe(true);

    // ClobAuth (unconfirmed for a Safe on the CLOB): the session's own key signs it for its own
    // address, as @polymarket/client does for a deposit wallet's signing EOA.
    const clobAccount = toSessionAccount({ warden, credential: session.credential, strategyId: "nba-mm", signerAddress: session.signer_address });
    const headers = await createL1Headers(createWalletClient({ account: clobAccount, chain: polygon, transport: http("http://127.0.0.1:1") }), 137);
    expect(headers.POLY_ADDRESS).toBe(session.signer_address);
    expect(session.safe_transaction.calls[0]).toContain(`key ${session.signer_address.toLowerCase()}`);
    const valid = await verifyTypedData({
      address: session.signer_address,
      domain: { name: "ClobAuthDomain", version: "1", chainId: 137 },
      types: CLOB_AUTH_TYPES,
      primaryType: "ClobAuth",
      message: { address: session.signer_address, timestamp: headers.POLY_TIMESTAMP, nonce: 0n, message: "This message attests that I control the given wallet" },
      signature: headers.POLY_SIGNATURE as Hex,
    });
    expect(valid).toBe(true);

    const keyFile = join(walletConfig.session_keys_dir as string, `${session.session_id}.json`);
    expect(existsSync(keyFile)).toBe(true);
    const armed = await warden.armKillSwitch({ scope: "global", actor: "risk", reason: "runaway quoting" });
    // The switch revokes the session, and its key is destroyed with it.
    expect(armed.revoked_sessions).toEqual([session.session_id]);
    expect(existsSync(keyFile)).toBe(false);
    const report = (await armed.pause_user)!;
    expect(report).toMatchObject({ action: "pause", status: "complete", chain_id: 137, safe_pause: { module: world.module, outcome: "paused" } });
    expect(report.exchanges.map((e) => [e.exchange, e.outcome])).toEqual(polymarketExchanges.map((e) => [getAddress(e.address), "paused"]));
    for (const [i, e] of report.exchanges.entries()) {
      expect(BigInt(e.effective_block!)).toBeGreaterThan(0n);
      expect(await world.exchanges[i]!.contract.read.isUserPaused([world.safe])).toBe(true);
    }
    expect((await safeState())[1]).toBe(true);
    // Bypassing the proxy does not help: the order it signed before no longer validates on-chain.
    expect(await validates(order)).toBe(false);
    const audited = (await warden.store.readAuditOfKind("kill_switch")).filter((r) => (JSON.parse(r.payload_json) as { event?: string }).event === "pause_user_report");
    expect(audited).toHaveLength(1);

    // The guardian never lifts it; the refusal says who does.
    await expect(warden.unpauseUser({ requestor_id: "risk", justification: "false alarm" })).rejects.toBeInstanceOf(ConfigError);
    await expect(warden.unpauseUser({ requestor_id: "risk", justification: "false alarm" })).rejects.toThrow(/unpauseSafe\(true\)/);

    // Arming again re-sends the (idempotent) module pause; the exchanges report the pause they hold.
    const again = (await (await warden.armKillSwitch({ scope: "global", actor: "risk", reason: "again" })).pause_user)!;
    expect(again.safe_pause?.outcome).toBe("paused");
    expect(again.exchanges.map((e) => e.outcome)).toEqual(["already_paused", "already_paused", "already_paused"]);

    // The Safe lifts it: unpauseSafe(true) from the Safe, approved by its owners.
    await approveAndExecute([{ to: world.module, data: encodeFunctionData({ abi: wardenModuleAbi, functionName: "unpauseSafe", args: [true] }), operation: 0 }]);
    expect((await safeState())[1]).toBe(false);
    expect(await world.exchanges[0]!.contract.read.isUserPaused([world.safe])).toBe(false);
    expect(await validates(order)).toBe(true);

    // Neither the guardian key nor a session key reaches a log line.
    const secrets = [Buffer.from(walletKeySecret(guardianKey)).toString("hex")];
    expect(logs.length).toBeGreaterThan(0);
    for (const line of logs) for (const s of secrets) expect(line.toLowerCase()).not.toContain(s);
  }, 180_000);

  // Regression (stop 20's note): an on-chain revocation stopped signing but left the store record
  // live and the session key on disk.
  test("owners revoking on-chain by themselves: the read-back revokes the session in the store (audited) and destroys its key", async () => {
    await warden.disarmKillSwitch({ scope: "global", requestor_id: "risk", justification: "incident closed" });
    const { session_id, safe_transaction } = (await warden.requestSession({ strategy_id: "nba-mm", method_whitelist: ["CTFExchangeV2.matchOrders"], contract_allowlist: [getAddress(polymarketExchanges[0]!.address)] })).safe_session!;
    await approveAndExecute([safe_transaction as unknown as SafeTransaction]);
    expect(await warden.refreshSafeSession(session_id)).toMatchObject({ active: true });

    // Regression: a pause set on-chain (the guardian's, of one session or of its strategy) was not
    // read back, so Warden kept signing orders the module refuses.
    const onchainId = (await warden.refreshSafeSession(session_id))!.onchainSessionId as Hex;
    const guardianClient = createWalletClient({ account: privateKeyToAccount(guardianPrivateKey), transport: http(rpc.url) });
    const mined = async (hash: Hex) => expect((await world.publicClient.waitForTransactionReceipt({ hash })).status).toBe("success");
    await mined(await guardianClient.writeContract({ address: world.module, abi: wardenModuleAbi, functionName: "pauseSession", args: [world.safe, onchainId], chain: null }));
    expect(await warden.refreshSafeSession(session_id)).toEqual({ active: false, problem: "paused", onchainSessionId: onchainId, fields: ["session"] });
    await approveAndExecute([{ to: world.module, data: encodeFunctionData({ abi: wardenModuleAbi, functionName: "unpauseSession", args: [onchainId] }), operation: 0 }]);
    expect(await warden.refreshSafeSession(session_id)).toMatchObject({ active: true });
    await mined(await guardianClient.writeContract({ address: world.module, abi: wardenModuleAbi, functionName: "pauseStrategy", args: [world.safe, 0], chain: null }));
    expect(await warden.refreshSafeSession(session_id)).toMatchObject({ active: false, problem: "paused", fields: ["strategy 0"] });
    await approveAndExecute([{ to: world.module, data: encodeFunctionData({ abi: wardenModuleAbi, functionName: "unpauseStrategy", args: [0] }), operation: 0 }]);
    expect(await warden.refreshSafeSession(session_id)).toMatchObject({ active: true });

    const keyFile = join(walletConfig.session_keys_dir as string, `${session_id}.json`);
    expect(existsSync(keyFile)).toBe(true);
    const onchain = (await warden.refreshSafeSession(session_id))?.onchainSessionId;
    expect(onchain).toMatch(/^0x[0-9a-f]{64}$/);
    await approveAndExecute([encodeRevokeSession({ module: world.module, sessionId: onchain as Hex })]);
    expect(await warden.refreshSafeSession(session_id)).toMatchObject({ active: false, problem: "revoked" });
    await expect.poll(async () => (await warden.store.getSession(session_id))?.revoked_at_ms ?? null, { timeout: 5_000 }).not.toBeNull();
    expect((await warden.store.getSession(session_id))?.revoke_reason).toBe("owner");
    // Regression (stop 24's CI: the read-back revoked it in the store first, then a refresh answered
    // null): a session the store records revoked reads as revoked, after the read-back forgot it,
    // with the on-chain id the tracker keeps for it (stop 25's: also while the store write is pending).
    expect(await warden.refreshSafeSession(session_id)).toEqual({ active: false, problem: "revoked", onchainSessionId: onchain });
    await expect.poll(() => existsSync(keyFile), { timeout: 5_000 }).toBe(false);
    const audited = async () => (await warden.store.readAuditOfKind("session_revoked")).map((r) => JSON.parse(r.payload_json) as { session_id: string; by: string }).filter((a) => a.session_id === session_id);
    await expect.poll(audited, { timeout: 5_000 }).toEqual([expect.objectContaining({ by: "the Safe's owners, on-chain (read back from the module)" })]);
  }, 120_000);

  test("a ClobAuth for the Safe's own address (no key signs for it) is refused", async () => {
    const { session_id, credential, safe_transaction } = (await warden.requestSession({ strategy_id: "clob", method_whitelist: ["ClobAuth.sign"], contract_allowlist: [getAddress(polymarketExchanges[0]!.address)] })).safe_session!;
    await approveAndExecute([safe_transaction as unknown as SafeTransaction]);
    expect(await warden.refreshSafeSession(session_id)).toMatchObject({ active: true });
    const account = toSessionAccount({ warden, credential, strategyId: "clob" });
    expect(account.address).toBe(world.safe);
    await expect(createL1Headers(createWalletClient({ account, chain: polygon, transport: http("http://127.0.0.1:1") }), 137)).rejects.toMatchObject({ vote: { reason_code: "SEC_SIGNING_INVALID" } });
  }, 120_000);

  test("warden session show: both scopes side by side; a drift the owners made on-chain freezes the session and shows in both", async () => {
    const { session_id, safe_transaction, signer_address } = (await warden.requestSession({ strategy_id: "show", method_whitelist: ["CTFExchangeV2.matchOrders"], contract_allowlist: [getAddress(polymarketExchanges[0]!.address)] })).safe_session!;
    await approveAndExecute([safe_transaction as unknown as SafeTransaction]);
    expect(await warden.refreshSafeSession(session_id)).toMatchObject({ active: true });
    const view = (await warden.getSession(session_id))!;
    const scopes = view.safe_scopes!;
    expect(scopes.activation).toMatchObject({ active: true });
    expect(scopes.onchain).toMatchObject({ key: signer_address, revoked: false, paused: false });
    for (const field of ["validUntil", "maxPerCallMicroUsd", "minSellPriceMicroUsd", "maxBuyPriceMicroUsd", "exchangeMask", "strategy"])
      expect(String((scopes.onchain!.limits as Record<string, unknown>)[field]), field).toBe(String((scopes.expected.limits as Record<string, unknown>)[field]));
    // JSON-safe as the HTTP answer serialises it.
    expect(JSON.stringify(scopes)).toContain(signer_address);

    await approveAndExecute([{ to: world.module, data: encodeFunctionData({ abi: wardenModuleAbi, functionName: "setSessionTokens", args: [scopes.onchain!.session_id, [77n], true] }), operation: 0 }]);
    expect(await warden.refreshSafeSession(session_id)).toMatchObject({ active: false, problem: "mismatch", fields: ["tokens changed on-chain"] });
    expect((await warden.getSession(session_id))!.safe_scopes!.activation).toMatchObject({ problem: "mismatch", fields: ["tokens changed on-chain"] });
    expect(logs.some((l) => l.includes('"alert":"SafeSessionDrift"'))).toBe(true);
    await expect.poll(() => alerts.filter((a) => a.alert === "SafeSessionDrift")).toEqual([
      expect.objectContaining({ session_id, strategy_id: "show", vote: expect.objectContaining({ reason_code: "WALLET_SAFE_SESSION_NOT_ACTIVE", evidence: { problem: "mismatch", drift: "tokens changed on-chain" } }) }),
    ]);
  }, 120_000);

  test("each strategy gets its own index on the module; a strategy kill switch has the guardian pause that strategy on-chain, and only it", async () => {
    const grantFor = async (strategy_id: string) => {
      const { session_id, safe_transaction } = (await warden.requestSession({ strategy_id, method_whitelist: ["CTFExchangeV2.matchOrders"], contract_allowlist: [getAddress(polymarketExchanges[0]!.address)] })).safe_session!;
      await approveAndExecute([safe_transaction as unknown as SafeTransaction]);
      expect(await warden.refreshSafeSession(session_id)).toMatchObject({ active: true });
      return session_id;
    };
    const x = await grantFor("strat-x");
    const y = await grantFor("strat-y");
    const x2 = await grantFor("strat-x"); // the same strategy keeps its index
    const indexOf = async (id: Hex) => Number(((await warden.getSession(id))!.safe_scopes!.onchain!.limits as { strategy: number | string }).strategy);
    const [ix, iy, ix2] = [await indexOf(x), await indexOf(y), await indexOf(x2)];
    expect(ix).toBe(ix2);
    expect(iy).not.toBe(ix);
    // Earlier tests gave nba-mm, clob and show indices 0–2: strategies get the lowest free ones.
    expect([ix, iy]).toEqual([3, 4]);

    // Regression (stop 23's note): the switch waited for the store reads that find the strategies'
    // module indices before it answered. With each session read held up 1.5 s, it answers at once
    // (the switch is recorded, signing has stopped) and the guardian's pause follows.
    const read = warden.store.getSession;
    warden.store.getSession = async (id) => (await new Promise((resolve) => setTimeout(resolve, 1_500)), read.call(warden.store, id));
    const asked = performance.now();
    const armed = await warden.armKillSwitch({ scope: "strategy", strategy_id: "strat-x", actor: "risk", reason: "runaway" });
    const answeredMs = performance.now() - asked;
    warden.store.getSession = read;
    expect(answeredMs).toBeLessThan(1_000);
    expect([...armed.revoked_sessions].sort()).toEqual([x, x2].sort());
    expect(armed.pause_user).not.toBeNull();
    const report = await armed.pause_user;
    expect(report).toMatchObject({ status: "complete", strategy_pauses: [{ strategy: ix, outcome: "paused" }] });
    // Bit 1 too: the ClobAuth test's refusal (SEC_SIGNING_INVALID routes to a strategy pause) paused "clob" on-chain as well.
    const [, , pausedStrategies] = await safeState();
    expect(pausedStrategies).toBe((1n << BigInt(ix)) | (1n << 1n));
    // The other strategy's session still reads active; unpausing stays with the Safe.
    expect(await warden.refreshSafeSession(y)).toMatchObject({ active: true });
    await approveAndExecute([{ to: world.module, data: encodeFunctionData({ abi: wardenModuleAbi, functionName: "unpauseStrategy", args: [ix] }), operation: 0 }]);
    expect((await safeState())[2]).toBe(1n << 1n);
  }, 120_000);

  // Regression (stop 24's leftover): the kill path looked a strategy's index up in the store's
  // strategy-index map, one meta value that two instances assigning at once can overwrite. With
  // the entry lost, a strategy switch paused nothing on-chain; it now pauses the index each revoked
  // session's grant carries.
  test("a strategy switch pauses the index its sessions' grants carry, even when the strategy-index map lost the strategy", async () => {
    const { session_id, safe_transaction } = (await warden.requestSession({ strategy_id: "strat-z", method_whitelist: ["CTFExchangeV2.matchOrders"], contract_allowlist: [getAddress(polymarketExchanges[0]!.address)] })).safe_session!;
    await approveAndExecute([safe_transaction as unknown as SafeTransaction]);
    expect(await warden.refreshSafeSession(session_id)).toMatchObject({ active: true });
    const index = Number(((await warden.getSession(session_id))!.safe_scopes!.onchain!.limits as { strategy: number | string }).strategy);
    expect(index).toBe(5); // after nba-mm, clob, show, strat-x and strat-y
    // What another instance's write, made from a read before this strategy was added, leaves.
    const map = JSON.parse((await warden.store.getMeta("safe_strategy_indices")) ?? "{}") as Record<string, number>;
    expect(map["strat-z"]).toBe(index);
    delete map["strat-z"];
    await warden.store.setMeta("safe_strategy_indices", JSON.stringify(map));
    const armed = await warden.armKillSwitch({ scope: "strategy", strategy_id: "strat-z", actor: "risk", reason: "runaway" });
    expect(armed.revoked_sessions).toEqual([session_id]);
    expect(await armed.pause_user).toMatchObject({ status: "complete", strategy_pauses: [{ strategy: index, outcome: "paused" }] });
    expect((await safeState())[2]).toBe((1n << BigInt(index)) | (1n << 1n));
  }, 120_000);
});
