// Gas table of the Warden module on Hardhat's in-process EVM (`npm run bench:gas`).
// Writes bench/gas.json and prints a markdown table. Uses the test fixture: real Safe proxies,
// Safe 1.5.0's ExtensibleFallbackHandler, the test CTFExchangeV2 and pUSD.
import { writeFileSync } from "node:fs";
import { network } from "hardhat";
import { type Address, type Hex, concatHex, encodeAbiParameters, encodeFunctionData, http, parseAbi } from "viem";
import { buildSafeSetupCalls } from "../src/chain/buildSafeSetupCalls";
import { encodeGrantSession } from "../src/chain/encodeGrantSession";
import { executeSafeTransaction } from "../src/chain/executeSafeTransaction";
import { openSafeKit } from "../src/chain/openSafeKit";
import { safeGrantScope } from "../src/chain/safeGrantScope";
import type { SafeTransaction } from "../src/chain/SafeTransaction";
import { safeTransactionView } from "../src/chain/safeTransactionView";
import { polymarketExchanges } from "../src/core/polymarket/exchanges";
import { toSafeExecutorAccount } from "../src/signer/toSafeExecutorAccount";
import { WalletKey } from "../src/signer/WalletKey";
import { startJsonRpcServer } from "../test/helpers/jsonRpcServer";
import { safeSetupChain } from "../test/safe/safeSetupChain";
import { privateKeyToAccount } from "viem/accounts";
import { exchangeDomainSeparator } from "../src/core/polymarket/exchangeDomainSeparator";
import { encodeOrderData } from "../src/chain/encodeOrderData";
import { ORDER_TYPE_HASH } from "../src/core/polymarket/orderTypes";
import { orderTypes } from "../src/core/polymarket/orderTypes";
import { wardenModuleAbi } from "../src/chain/generated/wardenModuleAbi";
import { SELECTORS, wardenFixture } from "../test/contracts/helpers/wardenFixture";
import { type SafeVersion, createSafe, execSafeTx, extensibleFallbackHandler } from "../test/contracts/helpers/safes";

/** Gas of `warden safe setup`'s batch and of one session grant, as Warden builds them, on a 2-of-3 Safe 1.5.0. */
async function safeSetupAndGrant() {
  const connection = await network.connect({ override: { chainId: 137 } });
  const owners = [OWNER_KEY, SESSION_KEY, BASELINE_KEY].map((k) => privateKeyToAccount(k));
  const w = await safeSetupChain(connection, owners.map((o) => o.address), 2n);
  const rpc = await startJsonRpcServer(connection.provider);
  try {
    const executorKey: Hex = "0x4444444444444444444444444444444444444444444444444444444444444444";
    await connection.provider.request({ method: "hardhat_setBalance", params: [privateKeyToAccount(executorKey).address, "0x56BC75E2D63100000"] });
    const executor = toSafeExecutorAccount({ key: WalletKey.fromPrivateKey(executorKey), safe: w.safe });
    const kit = await openSafeKit({ safe: w.safe, provider: rpc.url, contractNetworks: w.contractNetworks });
    const run = async (calls: SafeTransaction[]) => {
      const { view, transaction } = await safeTransactionView({ kit, calls, name: "bench", nowMs: 0 });
      const signatures = await Promise.all(owners.slice(0, 2).map((o) => o.sign({ hash: view.safe_tx_hash })));
      const hash = await executeSafeTransaction({ kit, transaction, safeTxHash: view.safe_tx_hash, signatures, executor, client: w.publicClient, transport: http(rpc.url) });
      return (await w.publicClient.waitForTransactionReceipt({ hash })).gasUsed;
    };
    const current = { fallbackHandler: (await kit.getFallbackHandler()) as Address, moduleEnabled: false };
    const setup = buildSafeSetupCalls({ safe: w.safe, module: w.module, chainId: 137, fallbackHandler: w.handler, current });
    record(`warden safe setup batch (${setup.length} calls, MultiSendCallOnly, 2-of-3 Safe 1.5.0)`, await run(setup), "transaction gas: module, handler, 3 domain verifiers, 4 pUSD approvals, 4 CTF setApprovalForAll (stand-in tokens)");
    const scope = safeGrantScope({
      chainId: 137,
      scope: { strategy_id: "bench", method_whitelist: ["CTFExchangeV2.matchOrders"], contract_allowlist: polymarketExchanges.map((e) => e.address), max_per_call_size_micros: 1_000_000_000n, max_buy_price_micros: 1_000_000n, min_sell_price_micros: 0n, max_session_lifetime_s: 86_400, max_calls_per_session: 10_000, idle_timeout_s: 3600, require_reapproval_s: 86_400 },
      grantId: `0x${"ab".repeat(32)}`,
      validUntilSec: Number((await w.publicClient.getBlock()).timestamp) + 86_400,
      maxOrderAgeSec: 86_400,
    });
    const grant = encodeGrantSession({ module: w.module, grant: { ...scope, key: privateKeyToAccount(SESSION_KEY).address } });
    record("grantSession as Warden builds it (Safe tx, 2-of-3)", await run([grant]), "transaction gas: orders-only grant, 3 exchanges, the SessionGrant hash as its one token id");
  } finally {
    await rpc.close();
    await connection.close();
  }
}

const OWNER_KEY: Hex = "0x1111111111111111111111111111111111111111111111111111111111111111";
const SESSION_KEY: Hex = "0x2222222222222222222222222222222222222222222222222222222222222222";
const BASELINE_KEY: Hex = "0x3333333333333333333333333333333333333333333333333333333333333333";
const APPROVE_AMOUNT = 400_000_000n;
const erc20 = parseAbi(["function approve(address,uint256)"]);

type Row = { name: string; gas: number; note: string };
const rows: Row[] = [];
const record = (name: string, gas: bigint | number, note: string) => rows.push({ name, gas: Number(gas), note });

async function orderValidation() {
  const f = await wardenFixture("1.5.0", { ownerKey: OWNER_KEY });
  const { account } = await f.newKey(SESSION_KEY);
  const plain = await f.grant(await f.defaultGrant(account.address));
  const withTokens = await f.grant(await f.defaultGrant(account.address, { tokenIds: [7n, 8n, 9n] }, { tokenAllowlist: true }));
  const order = await f.makeOrder({ salt: 1234567n, timestamp: BigInt(await f.now()) * 1000n });
  for (const [sessionId, note] of [[plain, "no token allowlist"], [withTokens, "token allowlist on"]] as const) {
    const signature = await f.signOrder(account, sessionId, order);
    const [gas, valid] = await f.exchanges[0]!.read.measureIsValidSignature([order, signature]);
    if (!valid) throw new TypeError("bench order was refused");
    record(`isValidSignature, in-scope order (${note})`, gas, "Safe 1.5.0 + ExtensibleFallbackHandler → WardenModule; measured around the exchange's staticcall");
  }

  // Baseline: the same Safe setup with a verifier that only recovers one ECDSA signature.
  const baseline = privateKeyToAccount(BASELINE_KEY);
  const verifier = await f.viem.deployContract("TestMinimalVerifier", [baseline.address]);
  const safeB = await createSafe(f.clients, f.infra, [f.owner.address]);
  const domain = f.domainOf(0);
  await execSafeTx(f.clients, safeB, f.owner, {
    to: safeB,
    data: encodeFunctionData({ abi: extensibleFallbackHandler.abi, functionName: "setDomainVerifier", args: [exchangeDomainSeparator(domain), verifier.address] }),
  });
  const orderB = { ...order, maker: safeB, signer: safeB };
  const sig = await baseline.signTypedData({ domain, types: orderTypes, primaryType: "Order", message: orderB });
  const muxed = concatHex([
    "0x5fd7e97d",
    encodeAbiParameters([{ type: "bytes32" }, { type: "bytes32" }, { type: "bytes" }, { type: "bytes" }], [exchangeDomainSeparator(domain), ORDER_TYPE_HASH, encodeOrderData(orderB), sig]),
  ]);
  const [gas, valid] = await f.exchanges[0]!.read.measureIsValidSignature([orderB, muxed]);
  if (!valid) throw new TypeError("baseline order was refused");
  record("isValidSignature, minimal verifier (one ecrecover, no scope)", gas, "same path, baseline for the scope checks");
}

async function scopedCallVersusDirect(version: SafeVersion) {
  const f = await wardenFixture(version, { ownerKey: OWNER_KEY });
  const { client } = await f.newKey(SESSION_KEY);
  const sessionId = await f.grant(await f.defaultGrant(client.account!.address));
  const data = encodeFunctionData({ abi: erc20, functionName: "approve", args: [f.exchanges[0]!.address, APPROVE_AMOUNT] });
  const snapshot = await f.networkHelpers.takeSnapshot();

  const direct = await f.exec({ to: f.pusd.address, data });
  await snapshot.restore();
  const hash = await client.writeContract({
    address: f.module.address,
    abi: wardenModuleAbi,
    functionName: "execute",
    args: [f.safe, sessionId, f.pusd.address, 0n, data],
    account: client.account!,
    chain: client.chain,
  });
  const scoped = await f.publicClient.waitForTransactionReceipt({ hash });
  if ((await f.pusd.read.allowance([f.safe, f.exchanges[0]!.address])) !== APPROVE_AMOUNT) throw new TypeError("approve did not land");
  record(`pUSD.approve(exchange, 400e6), direct Safe.execTransaction, 1 signature (Safe ${version})`, direct.gasUsed, "transaction gas, allowance 0 → 400e6");
  record(`pUSD.approve(exchange, 400e6), session key through WardenModule (Safe ${version})`, scoped.gasUsed, "transaction gas, allowance 0 → 400e6");
  return { direct: Number(direct.gasUsed), scoped: Number(scoped.gasUsed) };
}

async function grantAndRevoke() {
  const f = await wardenFixture("1.5.0", { ownerKey: OWNER_KEY });
  const { account } = await f.newKey(SESSION_KEY);
  const minimal = await f.defaultGrant(account.address);
  const trading = await f.defaultGrant(
    account.address,
    {
      calls: [
        { target: f.pusd.address, selector: SELECTORS.approve },
        { target: f.target.address, selector: SELECTORS.setApprovalForAll },
        { target: f.target.address, selector: SELECTORS.splitPosition },
        { target: f.target.address, selector: SELECTORS.mergePositions },
        { target: f.target.address, selector: SELECTORS.redeemPositions },
        ...f.exchanges.map((e) => ({ target: e.address, selector: SELECTORS.pauseUser })),
      ],
      spenders: [f.target.address],
      tokenIds: [1n, 2n, 3n, 4n],
    },
    { tokenAllowlist: true },
  );
  const grantTx = (g: typeof minimal) => f.moduleCall(encodeFunctionData({ abi: wardenModuleAbi, functionName: "grantSession", args: [g] }));
  const r1 = await grantTx(minimal);
  record("grantSession, 1 call pair (Safe tx)", r1.gasUsed, "execTransaction by the owner, 1 signature");
  const r2 = await grantTx(trading);
  record("grantSession, 8 call pairs + 1 spender + 4 tokens (Safe tx)", r2.gasUsed, "execTransaction by the owner, 1 signature");
  const sessionId = await f.module.read.nextSessionId([f.safe]);
  await grantTx(minimal);
  const r3 = await f.moduleCall(encodeFunctionData({ abi: wardenModuleAbi, functionName: "revokeSession", args: [sessionId] }));
  record("revokeSession (Safe tx)", r3.gasUsed, "execTransaction by the owner, 1 signature");
  const r4 = await f.guardian.writeContract({ address: f.module.address, abi: wardenModuleAbi, functionName: "pauseSafe", args: [f.safe, false] });
  record("pauseSafe by the guardian", (await f.publicClient.waitForTransactionReceipt({ hash: r4 })).gasUsed, "direct transaction");
}

await orderValidation();
const v141 = await scopedCallVersusDirect("1.4.1");
const v150 = await scopedCallVersusDirect("1.5.0");
await grantAndRevoke();
await safeSetupAndGrant();

const order = rows.find((r) => r.name.startsWith("isValidSignature, in-scope order (no token"))!.gas;
const orderTokens = rows.find((r) => r.name.startsWith("isValidSignature, in-scope order (token"))!.gas;
const minimal = rows.find((r) => r.name.startsWith("isValidSignature, minimal"))!.gas;
const targets = {
  scopedCallOverheadSafe141: { value: v141.scoped - v141.direct, target: 20_000, pass: v141.scoped - v141.direct <= 20_000 },
  scopedCallOverheadSafe150: { value: v150.scoped - v150.direct, target: 20_000, pass: v150.scoped - v150.direct <= 20_000 },
  orderValidation: { value: order, target: 40_000, pass: order <= 40_000 },
  orderValidationWithTokenAllowlist: { value: orderTokens, target: 40_000, pass: orderTokens <= 40_000 },
  orderOverMinimalVerifier: { value: order - minimal, target: 9_000, pass: order - minimal <= 9_000 },
};
writeFileSync("bench/gas.json", `${JSON.stringify({ evm: "hardhat (EDR), cancun", rows, targets }, null, 2)}\n`);

const fmt = (n: number) => n.toLocaleString("en-US");
console.log("| measurement | gas | note |\n| --- | ---: | --- |");
for (const r of rows) console.log(`| ${r.name} | ${fmt(r.gas)} | ${r.note} |`);
console.log("\n| target | measured | limit | pass |\n| --- | ---: | ---: | --- |");
for (const [name, t] of Object.entries(targets)) console.log(`| ${name} | ${fmt(t.value)} | ${fmt(t.target)} | ${t.pass ? "yes" : "NO"} |`);
