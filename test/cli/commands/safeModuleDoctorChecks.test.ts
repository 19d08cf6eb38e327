import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { network } from "hardhat";
import { type Address, type PublicClient, encodeFunctionData, getAddress, http } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { buildSafeSetupCalls } from "../../../src/chain/buildSafeSetupCalls";
import { executeSafeTransaction } from "../../../src/chain/executeSafeTransaction";
import { wardenModuleAbi } from "../../../src/chain/generated/wardenModuleAbi";
import { openSafeKit } from "../../../src/chain/openSafeKit";
import type { SafeTransaction } from "../../../src/chain/SafeTransaction";
import type { safeContractNetworks } from "../../../src/chain/safeContractNetworks";
import { safeTransactionView } from "../../../src/chain/safeTransactionView";
import { chainChecks, type DoctorCheck, keystoreCheck } from "../../../src/cli/commands/doctorChecks";
import { safeModuleChecks } from "../../../src/cli/commands/safeModuleDoctorChecks";
import { parseConfig } from "../../../src/config/parseConfig";
import { tradingContracts } from "../../../src/core/polymarket/tradingContracts";
import { toSafeExecutorAccount } from "../../../src/signer/toSafeExecutorAccount";
import { WalletKey } from "../../../src/signer/WalletKey";
import { type JsonRpcServer, startJsonRpcServer } from "../../helpers/jsonRpcServer";
import { tempDir } from "../../helpers/testWarden";
import { safeSetupChain } from "../../safe/safeSetupChain";
import { runCliAsync } from "../helpers/cliProcess";

describe("warden doctor in safe-module mode, on a real 2-of-3 Safe 1.5.0 (Hardhat)", () => {
  let connection: Awaited<ReturnType<typeof network.connect>>;
  let rpc: JsonRpcServer;
  let publicClient: PublicClient;
  let safe: Address;
  let module: Address;
  let handler: Address;
  let contractNetworks: ReturnType<typeof safeContractNetworks>;
  let wallet: Record<string, unknown>;
  let execute: (calls: SafeTransaction[]) => Promise<void>;
  const owners = [0, 1, 2].map(() => privateKeyToAccount(generatePrivateKey()));
  const config = (overrides: Record<string, unknown> = {}, chainId = 137) => parseConfig({ chain_id: chainId, wallet: { ...wallet, ...overrides } });
  const byName = (checks: DoctorCheck[]) => Object.fromEntries(checks.map((c) => [c.check, c]));

  beforeAll(async () => {
    connection = await network.connect({ override: { chainId: 137 } });
    const { provider, viem } = connection;
    const world = await safeSetupChain(connection, owners.map((o) => o.address), 2n);
    ({ publicClient, safe, module, handler, contractNetworks } = world);
    // The ERC-1155 approvals of the CTF (the setup chain's call recorder has no isApprovedForAll).
    const ctf = await viem.deployContract("TestConditionalTokens");
    await provider.request({ method: "hardhat_setCode", params: [tradingContracts.conditionalTokens, await publicClient.getCode({ address: ctf.address })] });
    // A block at the wall clock's time, so the RPC's lag is the real one.
    const last = Number((await publicClient.getBlock()).timestamp);
    await provider.request({ method: "evm_setNextBlockTimestamp", params: [Math.max(last + 1, Math.floor(Date.now() / 1000))] });
    await provider.request({ method: "evm_mine", params: [] });
    rpc = await startJsonRpcServer(provider);
    wallet = {
      mode: "safe-module",
      safe,
      module,
      rpc_url: rpc.url,
      extensible_fallback_handler: handler,
      safe_contracts: { safe_singleton: world.safeContracts.safe_singleton, safe_proxy_factory: world.safeContracts.safe_proxy_factory, multi_send_call_only: world.safeContracts.multi_send_call_only },
    };
    const executorKey = generatePrivateKey();
    await provider.request({ method: "hardhat_setBalance", params: [privateKeyToAccount(executorKey).address, "0x56BC75E2D63100000"] });
    const executor = toSafeExecutorAccount({ key: WalletKey.fromPrivateKey(executorKey), safe });
    execute = async (calls) => {
      const kit = await openSafeKit({ safe, provider: rpc.url, contractNetworks });
      const { view, transaction } = await safeTransactionView({ kit, calls, name: "doctor test", nowMs: Date.now() });
      const signatures = await Promise.all(owners.slice(0, 2).map((o) => o.sign({ hash: view.safe_tx_hash })));
      await executeSafeTransaction({ kit, transaction, safeTxHash: view.safe_tx_hash, signatures, executor, client: publicClient, transport: http(rpc.url) });
    };
  }, 180_000);
  afterAll(async () => {
    await rpc?.close();
    await connection?.close();
  });

  test("before `warden safe setup`: the Safe green with its version; module, handler, verifiers and allowances red, each naming the setup; no guardian is a warning", async () => {
    const checks = byName(await safeModuleChecks(config()));
    expect(Object.keys(checks)).toEqual(["safe", "module", "handler", "verifiers", "allowances", "guardian"]);
    expect(checks.safe).toEqual({ check: "safe", ok: true, detail: `${safe}: Safe 1.5.0` });
    const setup = expect.stringContaining("run `warden safe setup`");
    expect(checks.module).toEqual({ check: "module", ok: false, detail: `${module} is not enabled on the Safe`, fix: setup });
    expect(checks.handler).toEqual({ check: "handler", ok: false, detail: `fallback handler is unset, not the ExtensibleFallbackHandler ${handler}`, fix: setup });
    expect(checks.verifiers).toEqual({
      check: "verifiers",
      ok: false,
      detail: "the module is not the Safe's domain verifier for CTFExchangeV2, NegRiskCtfExchangeV2, ExchangeV3: the exchange refuses those orders",
      fix: setup,
    });
    const spenders = ["CTFExchangeV2", "NegRiskCtfExchangeV2", "ExchangeV3", "NegRiskAdapter"];
    expect(checks.allowances).toEqual({
      check: "allowances",
      ok: false,
      detail: `the Safe lacks ${[...spenders.map((s) => `pUSD.approve(${s})`), ...spenders.map((s) => `ConditionalTokens.setApprovalForAll(${s}, true)`)].join(", ")}: the exchange cannot fill its orders`,
      fix: setup,
    });
    expect(checks.guardian).toMatchObject({ ok: true, warn: true, detail: "no guardian on the module for the Safe", fix: expect.stringContaining("WardenModule.setGuardian") });
  }, 60_000);

  test("a Safe address with no contract: one red line naming wallet.safe, nothing else read", async () => {
    const nowhere = getAddress("0x000000000000000000000000000000000000bEEF");
    expect(await safeModuleChecks(config({ safe: nowhere }))).toEqual([{ check: "safe", ok: false, detail: `no contract at ${nowhere}`, fix: expect.stringContaining("check wallet.safe") }]);
  });

  test("the RPC: green with its lag and chain id; red when it serves another chain than chain_id, or does not answer", async () => {
    const up = byName(await chainChecks(config(), Date.now));
    expect(up.rpc).toMatchObject({ ok: true, detail: expect.stringMatching(/^127\.0\.0\.1:\d+: block \d+ -?\d+ s old$/) });
    expect(up["chain id"]).toMatchObject({ ok: true, detail: expect.stringContaining("serves chain 137") });
    const amoy = byName(await chainChecks(config({}, 80002), Date.now));
    expect(amoy["chain id"]).toMatchObject({ ok: false, detail: expect.stringContaining("serves chain 137, the config says chain_id 80002"), fix: expect.stringContaining("wallet.rpc_url") });
    const down = await chainChecks(config({ rpc_url: "http://127.0.0.1:9" }), Date.now);
    expect(down).toEqual([{ check: "rpc", ok: false, detail: "127.0.0.1:9 unreachable", fix: "check wallet.rpc_url and the network" }]);
  });

  test("the keystore line: no wallet key; red until WARDEN_KEYSTORE_PASSPHRASE (which encrypts the session keys) is set", () => {
    expect(keystoreCheck(config(), {})).toMatchObject({ ok: false, fix: expect.stringContaining("set WARDEN_KEYSTORE_PASSPHRASE") });
    expect(keystoreCheck(config(), { WARDEN_KEYSTORE_PASSPHRASE: "p" })).toMatchObject({ ok: true, detail: expect.stringContaining("no wallet key") });
  });

  test("after the owners execute the setup batch, `warden doctor` is green throughout (the guardian a warning); a guardian set by the Safe turns it green", async () => {
    const kit = await openSafeKit({ safe, provider: rpc.url, contractNetworks });
    await execute(buildSafeSetupCalls({ safe, module, chainId: 137, fallbackHandler: handler, current: { fallbackHandler: getAddress(await kit.getFallbackHandler()), moduleEnabled: await kit.isModuleEnabled(module) } }));
    const cwd = tempDir();
    writeFileSync(join(cwd, "warden.config.json"), JSON.stringify({ chain_id: 137, wallet }));
    const doctor = async () => {
      const run = await runCliAsync(["doctor", "--json"], { cwd, env: { WARDEN_KEYSTORE_PASSPHRASE: "a passphrase" } });
      return { run, checks: run.json().checks as DoctorCheck[] };
    };
    const before = await doctor();
    expect(before.run.status, before.run.stdout).toBe(0);
    expect(before.checks.filter((c) => !c.ok)).toEqual([]);
    expect(byName(before.checks)).toMatchObject({
      module: { ok: true, detail: `${module} enabled on the Safe` },
      handler: { ok: true, detail: `fallback handler is the ExtensibleFallbackHandler ${handler}` },
      verifiers: { ok: true },
      allowances: { ok: true, detail: "pUSD and ConditionalTokens approved for the three exchanges and the NegRisk adapter" },
      guardian: { ok: true, warn: true },
    });

    const guardian = privateKeyToAccount(generatePrivateKey()).address;
    await execute([{ to: module, value: 0n, data: encodeFunctionData({ abi: wardenModuleAbi, functionName: "setGuardian", args: [guardian] }), operation: 0, description: "setGuardian" }]);
    const after = await doctor();
    expect(after.run.status).toBe(0);
    expect(byName(after.checks).guardian).toEqual({ check: "guardian", ok: true, detail: `guardian ${guardian} may pause the module for the Safe` });
    // The text form marks each line.
    const text = await runCliAsync(["doctor"], { cwd, env: { WARDEN_KEYSTORE_PASSPHRASE: "a passphrase" } });
    expect(text.stdout).toMatch(/✔ green {2}verifiers {4}the module verifies the Safe's orders on CTFExchangeV2, NegRiskCtfExchangeV2, ExchangeV3/);
  }, 120_000);
});
