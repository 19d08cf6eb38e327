import { network } from "hardhat";
import { type Address, type Hex, getAddress } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { OverrideDeniedError } from "../../src/errors/OverrideDeniedError";
import { WalletKey } from "../../src/signer/WalletKey";
import { createWarden } from "../../src/warden/createWarden";
import type { KillSwitchAlert } from "../../src/warden/Warden";
import { startRpcProxy } from "../helpers/rpcProxy";
import { orderTypedData, tempDir } from "../helpers/testWarden";

const PK = `0x${"8e".repeat(32)}` as const;
const wallet = privateKeyToAccount(PK);
const connection = await network.connect();
const { viem, networkHelpers, provider } = connection;
const publicClient = await viem.getPublicClient();
let rpc: Awaited<ReturnType<typeof startRpcProxy>>;
let exchanges: Array<Awaited<ReturnType<typeof viem.deployContract<"TestCTFExchangeV2">>>>;
let chainId: number;

beforeAll(async () => {
  rpc = await startRpcProxy(provider);
  exchanges = [await viem.deployContract("TestCTFExchangeV2", ["2"]), await viem.deployContract("TestCTFExchangeV2", ["3"])];
  chainId = await publicClient.getChainId();
  await networkHelpers.setBalance(wallet.address, 10n ** 20n);
});
afterAll(async () => {
  await rpc.close();
});

/** An order of the wallet on exchange i, signed by the wallet and preapproved by the operator. */
async function preapproved(i: number, salt: bigint) {
  const exchange = exchanges[i] as (typeof exchanges)[number];
  const typedData = orderTypedData(wallet.address, { exchange: exchange.address, version: i === 0 ? "2" : "3", chainId, salt: String(salt), tokenId: "7" });
  const m = typedData.message;
  const order = { ...m, salt, tokenId: 7n, makerAmount: BigInt(m.makerAmount), takerAmount: BigInt(m.takerAmount), timestamp: BigInt(m.timestamp), maker: wallet.address, signer: wallet.address } as const;
  const signature = await wallet.signTypedData(typedData as never);
  await exchange.write.preapproveOrder([order, signature]);
  return { exchange, order };
}

const wardenOn = (over: { rpc_url?: string; chain_id?: number; onAlert?: (a: KillSwitchAlert) => void } = {}) =>
  createWarden({
    wallet: WalletKey.fromPrivateKey(PK),
    config: {
      store: { path: `${tempDir()}/w.db`, synchronous: "NORMAL" },
      log: { level: "silent" },
      kill_switch: { pause_user: { rpc_url: over.rpc_url ?? rpc.url, chain_id: over.chain_id ?? chainId, exchanges: exchanges.map((e) => e.address), timeout_ms: 20_000 } },
    },
    ...(over.onAlert ? { onKillSwitchAlert: over.onAlert } : {}),
  });
const paused = () => Promise.all(exchanges.map((e) => e.read.isUserPaused([wallet.address])));
const pausedAt = () => Promise.all(exchanges.map((e) => e.read.userPausedBlockAt([wallet.address])));

describe("the global kill switch sends pauseUser() from the wallet to every exchange (local Hardhat chain)", () => {
  test("preapproved orders stop matching after the exchange's 100-block interval; a second arm sends nothing; lifting it is an override", async () => {
    const warden = await wardenOn();
    const early = await preapproved(0, 1n);
    const late = await preapproved(0, 2n);
    const other = await preapproved(1, 3n);
    const armed = await warden.armKillSwitch({ scope: "global", actor: "risk", reason: "venue incident" });
    const report = await armed.pause_user;
    const block = await publicClient.getBlockNumber();
    expect(report).toMatchObject({ action: "pause", status: "complete", chain_id: chainId });
    expect(report?.exchanges.map((e) => [e.exchange, e.outcome])).toEqual(exchanges.map((e) => [getAddress(e.address), "paused"]));
    for (const e of report?.exchanges ?? []) expect(BigInt(e.effective_block as string)).toBe(BigInt(e.block as string) + 100n);
    expect(await pausedAt()).toEqual(report?.exchanges.map((e) => BigInt(e.effective_block as string)));
    // Inside the interval the operator can still match; from the effective block on it cannot.
    await early.exchange.write.fillOrder([early.order, "0x"]);
    await networkHelpers.mine(Number(BigInt(report?.exchanges[0]?.effective_block as string) - block));
    expect(await paused()).toEqual([true, true]);
    await expect(late.exchange.write.fillOrder([late.order, "0x"])).rejects.toThrow(/UserIsPaused/);
    await expect(other.exchange.write.fillOrder([other.order, "0x"])).rejects.toThrow(/UserIsPaused/);
    const audited = (await warden.store.readAuditOfKind("kill_switch")).map((r) => JSON.parse(r.payload_json)).find((p) => p.event === "pause_user_report");
    expect(audited).toMatchObject({ action: "pause", status: "complete", actor: "kill-switch", reason_code: null });

    // Arming again finds the pause recorded: nothing is sent (pauseUser would revert UserAlreadyPaused).
    const sentBefore = rpc.state.sent;
    const again = await (await warden.armKillSwitch({ scope: "global", actor: "risk", reason: "again" })).pause_user;
    expect(again?.exchanges.map((e) => e.outcome)).toEqual(["already_paused", "already_paused"]);
    expect(rpc.state.sent).toBe(sentBefore);

    // unpauseUser is an override: refused while the global switch is armed (seed 001: first), and without a justification.
    const code = (p: Promise<unknown>) => p.then(() => "APPROVE", (e: OverrideDeniedError) => e.vote.reason_code);
    expect(await code(warden.unpauseUser({ requestor_id: "ops", justification: "incident closed" }))).toBe("KILL_SWITCH_ACTIVE");
    await warden.disarmKillSwitch({ scope: "global", requestor_id: "ops", justification: "incident closed" });
    expect(await code(warden.unpauseUser({ requestor_id: "ops", justification: " " }))).toBe("OVERRIDE_AUDITOR_NO_JUSTIFICATION");
    expect(await paused()).toEqual([true, true]);
    const lifted = await warden.unpauseUser({ requestor_id: "ops", justification: "incident closed, orders checked" });
    expect(lifted.report.exchanges.map((e) => e.outcome)).toEqual(["unpaused", "unpaused"]);
    expect(await paused()).toEqual([false, false]);
    expect(await pausedAt()).toEqual([0n, 0n]);
    expect(warden.killSwitchReports().pause_user.map((r) => r.action)).toEqual(["pause", "pause", "unpause"]);
    const overrides = (await warden.store.readAuditOfKind("override")).map((r) => JSON.parse(r.payload_json));
    expect(overrides.map((o) => [o.action, o.decision, o.reason_code])).toEqual([
      ["exchange_unpause", "DENY", "KILL_SWITCH_ACTIVE"],
      ["kill_switch_disarm", "APPROVE", null],
      ["exchange_unpause", "DENY", "OVERRIDE_AUDITOR_NO_JUSTIFICATION"],
      ["exchange_unpause", "APPROVE", null],
    ]);
    await warden.close();
  });

  test("a strategy switch sends no pauseUser; a wrong chain or a dead RPC sends nothing and raises an alert", async () => {
    const alerts: KillSwitchAlert[] = [];
    const warden = await wardenOn({ chain_id: 137, onAlert: (a) => alerts.push(a) });
    const sentBefore = rpc.state.sent;
    expect((await warden.armKillSwitch({ scope: "strategy", strategy_id: "x", actor: "risk", reason: "t" })).pause_user).toBeNull();
    const wrongChain = await (await warden.armKillSwitch({ scope: "global", actor: "risk", reason: "t" })).pause_user;
    expect(wrongChain?.status).toBe("incomplete");
    expect(wrongChain?.exchanges.map((e) => e.error)).toEqual(exchanges.map(() => `the RPC serves chain ${chainId}, not 137: nothing sent`));
    expect(rpc.state.sent).toBe(sentBefore);
    expect(alerts.map((a) => a.alert)).toEqual(["KillSwitchPauseUserFailed"]);
    await warden.close();

    const dead = await wardenOn({ rpc_url: "http://127.0.0.1:9/secret-key-in-path" });
    const down = await (await dead.armKillSwitch({ scope: "global", actor: "risk", reason: "t" })).pause_user;
    expect(down?.status).toBe("incomplete");
    expect(JSON.stringify(down)).not.toContain("secret-key-in-path");
    await dead.close();
  });

  test("pause_user needs the eoa key: another wallet port is refused at start", async () => {
    const key = WalletKey.fromPrivateKey(PK);
    const port = { address: wallet.address as Address, expects: { maker: key.address, signer: key.address, clobAuthAddress: key.address, signatureType: 3 as const }, signIntent: () => "0x" as Hex };
    await expect(
      createWarden({ wallet: port, config: { store: { path: `${tempDir()}/w.db` }, log: { level: "silent" }, kill_switch: { pause_user: { rpc_url: rpc.url } } } }),
    ).rejects.toThrow(/kill_switch.pause_user sends pauseUser\(\) from the wallet and needs the eoa wallet's key/);
  });
});
