// Gas table of the Warden module on Hardhat's in-process EVM (`npm run bench:gas`).
// Writes bench/gas.json and prints a markdown table. Uses the test fixture: real Safe proxies,
// Safe 1.5.0's ExtensibleFallbackHandler, the test CTFExchangeV2 and pUSD.
import { writeFileSync } from "node:fs";
import { type Hex, concatHex, encodeAbiParameters, encodeFunctionData, parseAbi } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { exchangeDomainSeparator } from "../src/core/polymarket/exchangeDomainSeparator";
import { encodeOrderData } from "../src/chain/encodeOrderData";
import { ORDER_TYPE_HASH } from "../src/core/polymarket/orderTypes";
import { orderTypes } from "../src/core/polymarket/orderTypes";
import { wardenModuleAbi } from "../src/chain/generated/wardenModuleAbi";
import { SELECTORS, wardenFixture } from "../test/contracts/helpers/wardenFixture";
import { type SafeVersion, createSafe, execSafeTx, extensibleFallbackHandler } from "../test/contracts/helpers/safes";

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
