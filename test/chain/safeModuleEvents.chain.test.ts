import { type Hex, createPublicClient, encodeFunctionData, getAddress, http } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { describe, expect, test } from "vitest";
import { type SafeDriftMark, type SafeEventCursor, createSafeSessionActivations } from "../../src/chain/createSafeSessionActivations";
import { type WardenSessionGrant, encodeGrantSession } from "../../src/chain/encodeGrantSession";
import { wardenModuleAbi } from "../../src/chain/generated/wardenModuleAbi";
import { startJsonRpcServer } from "../helpers/jsonRpcServer";
import { wardenFixture } from "../contracts/helpers/wardenFixture";

// Issue 14: the tracker follows the module's events for its Safe — drift the point reads cannot see
// freezes the session, a restart resumes from the stored block (none missed), a reorg inside the
// depth recomputes, and the sessions sign nothing while the events are unread or behind.
describe("the Safe sessions' tracker follows the module's events", () => {
  test("drift freezes; a restart resumes from the stored block; a reorg recomputes; the RPC down or events behind fail closed", async () => {
    const f = await wardenFixture("1.5.0");
    const rpc = await startJsonRpcServer(f.connection.provider);
    try {
      let nowMs = Number(await f.now()) * 1000;
      const client = createPublicClient({ transport: http(rpc.url, { retryCount: 0 }) });
      let stored: bigint | undefined;
      let storedDrift: Record<string, Record<string, SafeDriftMark>> = {};
      const saves: bigint[] = [];
      const cursor: SafeEventCursor = {
        load: async () => stored,
        save: async (b) => void saves.push((stored = b)),
        loadDrift: async () => structuredClone(storedDrift),
        saveDrift: async (m) => void (storedDrift = structuredClone(m)),
      };
      const open = () => {
        const a = createSafeSessionActivations({ client, module: f.module.address, safe: f.safe, chainId: f.chainId, pollIntervalMs: 60_000, maxStalenessMs: 5000, now: () => nowMs, reorgDepth: 8 });
        a.resumeEvents(cursor);
        return a;
      };
      /** A session Warden follows, granted on-chain (the Safe's owner executes the grant). */
      const granted = async (a: ReturnType<typeof open>, id: string) => {
        const expected = (await f.defaultGrant(getAddress(privateKeyToAccount(generatePrivateKey()).address))) as unknown as WardenSessionGrant;
        a.track(id, { expected, firstNonce: await f.module.read.grantNonce([f.safe]) });
        await f.moduleCall(encodeGrantSession({ module: f.module.address, grant: expected }).data);
        const state = await a.refresh(id);
        expect(state).toMatchObject({ active: true });
        return state!.onchainSessionId!;
      };
      const addToken = (onchainId: Hex, token: bigint) => f.moduleCall(encodeFunctionData({ abi: wardenModuleAbi, functionName: "setSessionTokens", args: [onchainId, [token], true] }));

      // Drift: the owners add a token to the grant directly. The point reads (which check only the
      // tokens Warden asked for) cannot see it; the event freezes the session.
      const a = open();
      const one = await granted(a, "ses_1");
      expect(a.eventsStatus()).toMatchObject({ enabled: true, caught_up: true });
      expect(stored).toBe(BigInt(a.eventsStatus().last_block!));
      await addToken(one, 42n);
      expect(await a.refresh("ses_1")).toEqual({ active: false, problem: "mismatch", onchainSessionId: one, fields: ["tokens changed on-chain"] });
      expect(a.activation("ses_1")).toMatchObject({ problem: "mismatch" });

      // A restart: events emitted while Warden was down are read from the stored block.
      const two = await granted(a, "ses_2");
      await a.stop();
      await addToken(two, 43n);
      await f.connection.networkHelpers.mine(40);
      const b = open();
      b.track("ses_2", { expected: await readGrant(two), firstNonce: 0n });
      expect(await b.refresh("ses_2")).toMatchObject({ active: false, problem: "mismatch", fields: ["tokens changed on-chain"] });
      // Regression (review): the freeze lived only in memory, so a restart whose re-read window no
      // longer held the drift event lifted it. ses_1's event is 40+ blocks back: still frozen.
      b.track("ses_1", { expected: await readGrant(one), firstNonce: 0n });
      expect(await b.refresh("ses_1")).toMatchObject({ active: false, problem: "mismatch", fields: ["tokens changed on-chain"] });
      expect(Object.keys(storedDrift).sort()).toEqual(["ses_1", "ses_2"]);
      // A tracker without the stored block (started at the head) would have missed it.
      const blind = createSafeSessionActivations({ client, module: f.module.address, safe: f.safe, chainId: f.chainId, pollIntervalMs: 60_000, maxStalenessMs: 5000, now: () => nowMs, reorgDepth: 8 });
      blind.track("ses_2", { expected: await readGrant(two), firstNonce: 0n });
      expect(await blind.refresh("ses_2")).toMatchObject({ active: true });

      // A reorg inside the depth: the drift event is gone from the chain, the session is active again.
      const three = await granted(b, "ses_3");
      const snapshot = (await f.connection.provider.request({ method: "evm_snapshot", params: [] })) as string;
      await addToken(three, 44n);
      expect(await b.refresh("ses_3")).toMatchObject({ active: false, problem: "mismatch" });
      await f.connection.provider.request({ method: "evm_revert", params: [snapshot] });
      await f.connection.networkHelpers.mine(2);
      expect(await b.refresh("ses_3")).toMatchObject({ active: true });

      // Fail closed: the RPC down → stale once the last read of the events is too old; back → active.
      await rpc.stop();
      nowMs += 6000;
      expect(await b.refresh("ses_3")).toMatchObject({ active: false, problem: "stale" });
      await rpc.start();
      expect(await b.refresh("ses_3")).toMatchObject({ active: true });

      // Events behind the head (a restart from an old block, more than one log range behind): stale until caught up.
      await b.stop();
      await f.connection.networkHelpers.mine(5_000);
      const c = open();
      c.track("ses_3", { expected: await readGrant(three), firstNonce: 0n });
      expect(await c.refresh("ses_3")).toMatchObject({ active: false, problem: "stale", fields: [expect.stringMatching(/^module events \d+ blocks behind the head$/)] });
      await c.refreshAll();
      await c.refreshAll();
      await c.refreshAll();
      expect(c.eventsStatus().caught_up).toBe(true);
      expect(c.activation("ses_3")).toMatchObject({ active: true });
      await c.stop();
    } finally {
      await rpc.close();
      await f.connection.close();
    }

    /** The grant as the module holds it, in the shape Warden expects (for the trackers opened after a restart). */
    async function readGrant(onchainId: Hex): Promise<WardenSessionGrant> {
      const [key, limits] = (await f.module.read.getSession([f.safe, onchainId])) as unknown as [Hex, WardenSessionGrant["limits"]];
      return { key, limits, calls: [], spenders: [], recipients: [], tokenIds: [] } as unknown as WardenSessionGrant;
    }
  }, 180_000);

  test("wallet.max_head_age_s: a head block older than that (a lagging RPC node) signs nothing; a fresh head signs again", async () => {
    const f = await wardenFixture("1.5.0");
    const rpc = await startJsonRpcServer(f.connection.provider);
    try {
      let nowMs = Number(await f.now()) * 1000;
      const client = createPublicClient({ transport: http(rpc.url, { retryCount: 0 }) });
      const a = createSafeSessionActivations({ client, module: f.module.address, safe: f.safe, chainId: f.chainId, pollIntervalMs: 60_000, maxStalenessMs: 600_000, now: () => nowMs, maxHeadAgeMs: 30_000 });
      const expected = (await f.defaultGrant(getAddress(privateKeyToAccount(generatePrivateKey()).address))) as unknown as WardenSessionGrant;
      a.track("ses_1", { expected, firstNonce: await f.module.read.grantNonce([f.safe]) });
      await f.moduleCall(encodeGrantSession({ module: f.module.address, grant: expected }).data);
      nowMs = Number(await f.now()) * 1000;
      expect(await a.refresh("ses_1")).toMatchObject({ active: true });
      nowMs += 31_000; // the node serves no newer block
      expect(await a.refresh("ses_1")).toMatchObject({ active: false, problem: "stale", fields: ["chain head 31 s old"] });
      await f.connection.provider.request({ method: "evm_setNextBlockTimestamp", params: [Math.floor(nowMs / 1000)] });
      await f.connection.networkHelpers.mine(1);
      expect(await a.refresh("ses_1")).toMatchObject({ active: true });
    } finally {
      await rpc.close();
      await f.connection.close();
    }
  }, 120_000);

  test("between full polls the events tick acts on an on-chain pause and revocation (no refresh asked)", async () => {
    const f = await wardenFixture("1.5.0");
    const rpc = await startJsonRpcServer(f.connection.provider);
    try {
      const client = createPublicClient({ transport: http(rpc.url, { retryCount: 0 }) });
      // The full poll is a minute apart: only the events tick (100 ms) can see the changes in time.
      const a = createSafeSessionActivations({ client, module: f.module.address, safe: f.safe, chainId: f.chainId, pollIntervalMs: 60_000, maxStalenessMs: 120_000, now: Date.now, eventsIntervalMs: 100 });
      const expected = (await f.defaultGrant(getAddress(privateKeyToAccount(generatePrivateKey()).address))) as unknown as WardenSessionGrant;
      a.track("ses_1", { expected, firstNonce: await f.module.read.grantNonce([f.safe]) });
      await f.moduleCall(encodeGrantSession({ module: f.module.address, grant: expected }).data);
      const id = (await a.refresh("ses_1"))!.onchainSessionId!;
      a.start();
      await f.moduleCall(encodeFunctionData({ abi: wardenModuleAbi, functionName: "pauseSession", args: [f.safe, id] }));
      await expect.poll(() => a.activation("ses_1"), { timeout: 3_000, interval: 20 }).toMatchObject({ active: false, problem: "paused" });
      await f.moduleCall(encodeFunctionData({ abi: wardenModuleAbi, functionName: "unpauseSession", args: [id] }));
      await expect.poll(() => a.activation("ses_1"), { timeout: 3_000, interval: 20 }).toMatchObject({ active: true });
      await f.moduleCall(encodeFunctionData({ abi: wardenModuleAbi, functionName: "revokeSession", args: [id] }));
      await expect.poll(() => a.activation("ses_1"), { timeout: 3_000, interval: 20 }).toMatchObject({ active: false, problem: "revoked" });
      await a.stop();
    } finally {
      await rpc.close();
      await f.connection.close();
    }
  }, 120_000);
});
