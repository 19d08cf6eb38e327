import { createHash } from "node:crypto";
import { spawn } from "node:child_process";
import { existsSync, writeFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { Writable } from "node:stream";
import { network } from "hardhat";
import { OrderBuilder, Side, SignatureTypeV2 } from "@polymarket/clob-client-v2";
import pino from "pino";
import { type Address, type Hex, type PublicClient, createWalletClient, getAddress, http, parseAbi } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { polygon } from "viem/chains";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { buildSafeSetupCalls } from "../../src/chain/buildSafeSetupCalls";
import { executeSafeTransaction } from "../../src/chain/executeSafeTransaction";
import { openSafeKit } from "../../src/chain/openSafeKit";
import type { safeContractNetworks } from "../../src/chain/safeContractNetworks";
import type { SafeTransactionView } from "../../src/chain/safeTransactionView";
import { polymarketExchanges } from "../../src/core/polymarket/exchanges";
import { tradingContracts } from "../../src/core/polymarket/tradingContracts";
import { SafeTransactionError } from "../../src/errors/SafeTransactionError";
import { SigningDeniedError } from "../../src/errors/SigningDeniedError";
import { connectWarden } from "../../src/server/connectWarden";
import { createServer } from "../../src/server/createServer";
import { encryptKeystore } from "../../src/signer/encryptKeystore";
import { toSafeExecutorAccount } from "../../src/signer/toSafeExecutorAccount";
import { toSessionAccount } from "../../src/signer/toSessionAccount";
import { WalletKey, walletKeySecret } from "../../src/signer/WalletKey";
import { createSafeSessionKeys } from "../../src/signer/wallets/createSafeSessionKeys";
import { createWarden } from "../../src/warden/createWarden";
import type { SessionGrantRequest, Warden } from "../../src/warden/Warden";
import { type ClientSignedOrder, toOrderStruct } from "../helpers/clobClientShapes";
import { type JsonRpcServer, startJsonRpcServer } from "../helpers/jsonRpcServer";
import { FIXTURE_TOKEN, roomyRisk, tempDir } from "../helpers/testWarden";
import type { installExchangeStandIns } from "../safe/safeModuleChain";
import { expectSafeSetUp } from "../safe/expectSafeSetUp";
import { safeSetupChain } from "../safe/safeSetupChain";

const readAbi = parseAbi([
  "function lastCaller() view returns (address)",
  "function calls() view returns (uint256)",
]);

describe("safe-module mode end to end: a 2-of-3 Safe, protocol-kit, a Warden server, stock clob-client-v2", () => {
  let connection: Awaited<ReturnType<typeof network.connect>>;
  let publicClient: PublicClient;
  let rpc: JsonRpcServer;
  let warden: Warden;
  let url: string;
  let closeServer: () => void;
  let startWarden: () => Promise<void>;
  let safe: Address;
  let module: Address;
  let handler: Address;
  let exchanges: Awaited<ReturnType<typeof installExchangeStandIns>>;
  let contractNetworks: ReturnType<typeof safeContractNetworks>;
  let executor: ReturnType<typeof toSafeExecutorAccount>;
  const owners = [0, 1, 2].map(() => privateKeyToAccount(generatePrivateKey()));
  const logs: string[] = [];
  const errors: string[] = [];
  const keysDir = join(tempDir(), "safe-sessions");
  let configPath: string;
  let executorKeystore: string;
  const cli = (args: string[]) =>
    new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, ["--import", "tsx", "src/cli/warden.ts", "--config", configPath, ...args], { env: { ...process.env, WARDEN_EXECUTOR_PASSPHRASE: "executor passphrase" } });
      let stdout = "";
      let stderr = "";
      child.stdout.on("data", (d: Buffer) => (stdout += d));
      child.stderr.on("data", (d: Buffer) => (stderr += d));
      child.on("close", (status) => resolve({ status, stdout, stderr }));
    });

  beforeAll(async () => {
    connection = await network.connect({ override: { chainId: 137 } });
    const { provider } = connection;
    const world = await safeSetupChain(connection, owners.map((o) => o.address), 2n);
    ({ publicClient, exchanges, module, handler, safe, contractNetworks } = world);
    const infra = { singleton: world.safeContracts.safe_singleton, factory: world.safeContracts.safe_proxy_factory };
    const msco = world.safeContracts.multi_send_call_only;
    rpc = await startJsonRpcServer(provider);
    const executorKey = generatePrivateKey();
    await provider.request({ method: "hardhat_setBalance", params: [privateKeyToAccount(executorKey).address, "0x56BC75E2D63100000"] });
    executor = toSafeExecutorAccount({ key: WalletKey.fromPrivateKey(executorKey), safe });

    configPath = join(tempDir(), "warden.config.json");
    writeFileSync(configPath, JSON.stringify({ chain_id: 137, log: { level: "silent" }, wallet: { mode: "safe-module", safe, module, rpc_url: rpc.url, session_keys_dir: keysDir, extensible_fallback_handler: handler, safe_contracts: { safe_singleton: infra.singleton, safe_proxy_factory: infra.factory, multi_send_call_only: msco } } }));
    executorKeystore = join(tempDir(), "executor.json");
    writeFileSync(executorKeystore, JSON.stringify(encryptKeystore({ key: WalletKey.fromPrivateKey(executorKey), passphrase: "executor passphrase", scryptN: 16384 })));
    const logger = pino({ level: "debug" }, new Writable({ write: (chunk: Buffer, _e, done) => (logs.push(chunk.toString()), done()) }));
    const storePath = join(tempDir(), "warden.db");
    const wallet = { mode: "safe-module", safe, module, rpc_url: rpc.url, session_keys_dir: keysDir, poll_interval_s: 1, max_staleness_s: 30, extensible_fallback_handler: handler, safe_contracts: { safe_singleton: infra.singleton, safe_proxy_factory: infra.factory, multi_send_call_only: msco } } as const;
    // `warden start` without the CLI: the same createWarden + createServer, on a free port.
    startWarden = async () => {
      warden = await createWarden({
        wallet: createSafeSessionKeys({ dir: keysDir, passphrase: "safe e2e passphrase", scryptN: 16384 }),
        logger,
        config: { ...roomyRisk, chain_id: 137, store: { path: storePath, synchronous: "NORMAL" }, signing: { max_order_age_s: 3600, max_order_future_skew_s: 5, max_clob_auth_age_s: 300, max_amount_usd: 1_000_000_000 }, wallet },
      });
      const server = createServer({ warden, logger, operatorTokenSha256: createHash("sha256").update("op-token-for-the-safe-e2e").digest("hex") });
      await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
      url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      closeServer = () => server.close();
    };
    await startWarden();
  }, 180_000);
  afterAll(async () => {
    closeServer?.();
    await warden?.close();
    await rpc?.close();
    await connection?.close();
  });

  const kit = () => openSafeKit({ safe, provider: rpc.url, contractNetworks });
  /** Two of the three owners sign the printed hash; protocol-kit rebuilds the same transaction; the executor relays it. */
  const approveAndExecute = async (view: SafeTransactionView, signers = owners.slice(0, 2)) => {
    const k = await kit();
    const transaction = await k.createTransaction({ transactions: [{ to: view.to, value: view.value, data: view.data, operation: view.operation }], options: { nonce: view.nonce } });
    expect(await k.getTransactionHash(transaction)).toBe(view.safe_tx_hash);
    const signatures = await Promise.all(signers.map((o) => o.sign({ hash: view.safe_tx_hash })));
    return executeSafeTransaction({ kit: k, transaction, safeTxHash: view.safe_tx_hash, signatures, executor, client: publicClient, transport: http(rpc.url) });
  };
  const post = async (path: string, body: unknown) => {
    const res = await fetch(`${url}${path}`, { method: "POST", headers: { authorization: "Bearer op-token-for-the-safe-e2e", "content-type": "application/json" }, body: JSON.stringify(body) });
    const text = await res.text();
    if (!res.ok) errors.push(text);
    return { status: res.status, body: JSON.parse(text) as Record<string, unknown> };
  };
  const outcome = (p: Promise<unknown>): Promise<string> =>
    p.then(
      () => "signed",
      (e: unknown) => {
        errors.push(String(e), JSON.stringify(e));
        return e instanceof SigningDeniedError ? String(e.vote.reason_code) : `error ${String(e)}`;
      },
    );

  let session: NonNullable<SessionGrantRequest["safe_session"]>;
  let signed: ClientSignedOrder[] = [];
  const build = async (version: 2 | 3, negRisk: boolean) => {
    const remote = await connectWarden({ url, credential: session.credential });
    const account = toSessionAccount({ warden: remote, credential: session.credential, strategyId: "nba-mm" });
    const client = createWalletClient({ account, chain: polygon, transport: http("http://127.0.0.1:1") });
    return new OrderBuilder(client, 137, SignatureTypeV2.POLY_1271, safe).buildOrder({ tokenID: FIXTURE_TOKEN, price: 0.4, size: 100, side: Side.BUY }, { tickSize: "0.01", negRisk }, version) as unknown as Promise<ClientSignedOrder>;
  };

  test("warden safe setup prints the one MultiSendCallOnly batch protocol-kit built; one owner's signature is not enough; with two it executes", async () => {
    const printed = await cli(["--json", "safe", "setup"]);
    expect(printed.status, printed.stderr).toBe(0);
    const view = (JSON.parse(printed.stdout) as { safe_transaction: SafeTransactionView }).safe_transaction;
    expect(view).toMatchObject({ safe, chain_id: 137, threshold: 2, operation: 1, to: getAddress(contractNetworks["137"]!.multiSendCallOnlyAddress!) });
    // enableModule, setFallbackHandler, 3 × setDomainVerifier, 4 × approve, 4 × setApprovalForAll.
    expect(view.calls).toHaveLength(13);
    expect(view.transaction_builder.transactions).toHaveLength(13);
    expect(view.transaction_builder).toMatchObject({ version: "1.0", chainId: "137", meta: { createdFromSafeAddress: safe } });
    await expect(approveAndExecute(view, owners.slice(0, 1))).rejects.toBeInstanceOf(SafeTransactionError);
    await expect(approveAndExecute(view, [owners[0]!, privateKeyToAccount(generatePrivateKey())])).rejects.toMatchObject({ reason: "not_an_owner" });
    const one = await cli(["safe", "setup", "--signature", await owners[0]!.sign({ hash: view.safe_tx_hash }), "--executor-keystore", executorKeystore]);
    expect(one.status).not.toBe(0);
    expect(one.stderr).toContain("below_threshold");
    const signatures = await Promise.all(owners.slice(1).map((o) => o.sign({ hash: view.safe_tx_hash })));
    const executed = await cli(["--json", "safe", "setup", ...signatures.flatMap((sig) => ["--signature", sig]), "--executor-keystore", executorKeystore]);
    expect(executed.status, executed.stderr).toBe(0);
    expect(JSON.parse(executed.stdout)).toMatchObject({ executed: true, safe_transaction: { safe_tx_hash: view.safe_tx_hash } });
    const k = await kit();

    await expectSafeSetUp({ client: publicClient, safe, module, handler });
    expect(await publicClient.readContract({ address: getAddress(tradingContracts.conditionalTokens), abi: readAbi, functionName: "calls" })).toBe(4n);
    expect(await publicClient.readContract({ address: getAddress(tradingContracts.conditionalTokens), abi: readAbi, functionName: "lastCaller" })).toBe(safe);
    // Run again: nothing left to enable or switch, only the (idempotent) registrations and allowances.
    expect(buildSafeSetupCalls({ safe, module, chainId: 137, fallbackHandler: handler, current: { fallbackHandler: (await k.getFallbackHandler()) as Address, moduleEnabled: await k.isModuleEnabled(module) } })).toHaveLength(11);
  }, 120_000);

  test("grant: the request returns the credential and the grantSession Safe transaction; nothing is signed until the owners execute it", async () => {
    const res = await post("/v1/sessions/request", { strategy_id: "nba-mm", method_whitelist: ["CTFExchangeV2.matchOrders"], contract_allowlist: polymarketExchanges.map((e) => getAddress(e.address)) });
    expect(res.status).toBe(200);
    session = (res.body as unknown as SessionGrantRequest).safe_session!;
    expect(session.activation).toMatchObject({ active: false, problem: "pending" });
    expect(session.safe_transaction).toMatchObject({ safe, to: module, operation: 0, value: "0", threshold: 2 });
    expect(session.safe_transaction.calls[0]).toMatch(/^WardenModule\.grantSession\(key 0x[0-9a-fA-F]{40}/);
    expect(await outcome(build(2, false))).toBe("WALLET_SAFE_SESSION_NOT_ACTIVE");
    // The signed-document paths are not a way around the chain.
    expect((await fetch(`${url}/v1/sessions/grant`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ grant_id: session.session_id, signature: `0x${"11".repeat(65)}` }) })).status).toBe(400);

    await approveAndExecute(session.safe_transaction);
    expect((await post("/v1/sessions/activation", { session_id: session.session_id })).body).toMatchObject({ activation: { active: true } });
  }, 120_000);

  test("warden session grant / revoke in safe-module mode: the credential and the grantSession Safe transaction; a revoke before the grant is mined destroys the key and needs no Safe transaction", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, "scope.json"), JSON.stringify({ method_whitelist: ["CTFExchangeV2.matchOrders"], contract_allowlist: [polymarketExchanges[0]!.address] }));
    writeFileSync(join(dir, "token"), "op-token-for-the-safe-e2e\n");
    const api = ["--url", url, "--token-file", join(dir, "token")];
    const granted = await cli(["--json", ...api, "session", "grant", "--strategy", "other", "--scope", join(dir, "scope.json"), "--save", join(dir, "cred")]);
    expect(granted.status, granted.stdout + granted.stderr).toBe(0);
    const g = JSON.parse(granted.stdout) as { session_id: Hex; credential: string; safe_transaction: SafeTransactionView; activation: { problem: string } };
    expect(g).toMatchObject({ strategy_id: "other", activation: { active: false, problem: "pending" }, safe_transaction: { to: module, threshold: 2 } });
    expect(g.credential).toMatch(/^wdn_/);
    expect(existsSync(join(keysDir, `${g.session_id}.json`))).toBe(true);
    const text = await cli([...api, "session", "revoke", g.session_id]);
    expect(text.status, text.stderr).toBe(0);
    expect(text.stdout).toContain("its grant was never mined");
    expect(existsSync(join(keysDir, `${g.session_id}.json`))).toBe(false);
  }, 120_000);

  test("orders: the strategy's remote session account signs through clob-client-v2 (POLY_1271, the Safe as funder); the exchanges accept them", async () => {
    signed = [];
    for (const [version, negRisk, index] of [[2, false, 0], [2, true, 1], [3, false, 2]] as const) {
      const order = await build(version, negRisk);
      expect(order).toMatchObject({ maker: safe, signer: safe, signatureType: 3 });
      expect(await exchanges[index]!.contract.read.isValidOrderSignature([toOrderStruct(order), order.signature as Hex]), exchanges[index]!.name).toBe(true);
      signed.push(order);
    }
  }, 120_000);

  test("a restart follows the issued Safe session again: it signs once its grant is read back", async () => {
    closeServer();
    await warden.close();
    await startWarden();
    expect(await warden.refreshSafeSession(session.session_id)).toMatchObject({ active: true });
    const order = await build(2, false);
    expect(await exchanges[0]!.contract.read.isValidOrderSignature([toOrderStruct(order), order.signature as Hex])).toBe(true);
  }, 120_000);

  test("revoke: Warden stops signing at once and destroys the key; once the owners execute revokeSession the exchanges refuse the earlier orders", async () => {
    const keyFile = join(keysDir, `${session.session_id}.json`);
    expect(existsSync(keyFile)).toBe(true);
    const secret = Buffer.from(walletKeySecret(createSafeSessionKeys({ dir: keysDir, passphrase: "safe e2e passphrase" }).get(session.session_id)!)).toString("hex");
    const res = await post("/v1/sessions/revoke-safe", { session_id: session.session_id });
    expect(res.status).toBe(200);
    expect(existsSync(keyFile)).toBe(false);
    expect(await outcome(build(2, false))).toBe("SESSION_REVOKED");
    for (const [index, order] of signed.entries()) expect(await exchanges[index]!.contract.read.isValidOrderSignature([toOrderStruct(order), order.signature as Hex])).toBe(true);

    await approveAndExecute(res.body.safe_transaction as SafeTransactionView);
    for (const [index, order] of signed.entries()) expect(await exchanges[index]!.contract.read.isValidOrderSignature([toOrderStruct(order), order.signature as Hex])).toBe(false);

    // The session key never appears in a log line or an error.
    expect(logs.length).toBeGreaterThan(0);
    expect(errors.length).toBeGreaterThan(0);
    for (const text of [...logs, ...errors]) expect(text.toLowerCase()).not.toContain(secret);
  }, 120_000);
});
