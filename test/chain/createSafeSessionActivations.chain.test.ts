import { createPublicClient, encodeFunctionData, getAddress, http } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { describe, expect, test } from "vitest";
import { createSafeSessionActivations } from "../../src/chain/createSafeSessionActivations";
import { type WardenSessionGrant, encodeGrantSession } from "../../src/chain/encodeGrantSession";
import { wardenModuleAbi } from "../../src/chain/generated/wardenModuleAbi";
import { wardenSessionId } from "../../src/chain/wardenSessionId";
import { startJsonRpcServer } from "../helpers/jsonRpcServer";
import { wardenFixture } from "../contracts/helpers/wardenFixture";

/** A Safe 1.5.0 with the Warden module on a fresh chain, behind an RPC the test can stop, and a tracker on it (clock set by the test). */
async function trackerWorld(run: (w: { f: Awaited<ReturnType<typeof wardenFixture>>; rpc: Awaited<ReturnType<typeof startJsonRpcServer>>; activations: ReturnType<typeof createSafeSessionActivations>; clock: { nowMs: number } }) => Promise<void>) {
  const f = await wardenFixture("1.5.0");
  const rpc = await startJsonRpcServer(f.connection.provider);
  try {
    const clock = { nowMs: Number(await f.now()) * 1000 };
    const client = createPublicClient({ transport: http(rpc.url, { retryCount: 0 }) });
    const activations = createSafeSessionActivations({ client, module: f.module.address, safe: f.safe, chainId: f.chainId, pollIntervalMs: 1000, maxStalenessMs: 5000, now: () => clock.nowMs });
    await run({ f, rpc, activations, clock });
    await activations.stop();
  } finally {
    await rpc.close();
    await f.connection.close();
  }
}

describe("the Safe sessions' activation tracker", () => {
  test("finds a grant mined after another one by its key, reads it active, goes stale while the RPC is down and active again when it is back, and sees the owners' revocation", async () => {
    await trackerWorld(async ({ f, rpc, activations, clock }) => {
      const key = privateKeyToAccount(generatePrivateKey()).address;
      const expected = (await f.defaultGrant(getAddress(key))) as unknown as WardenSessionGrant;
      const firstNonce = await f.module.read.grantNonce([f.safe]);
      activations.track("ses_1", { expected, firstNonce });
      expect(activations.activation("ses_1")).toEqual({ active: false, problem: "pending" });
      expect(activations.activation("other")).toBeNull();
      expect(await activations.refresh("ses_1")).toEqual({ active: false, problem: "pending" });

      // Another grant of the Safe is mined first: ours gets the next id, found by its key.
      await f.grant(await f.defaultGrant(privateKeyToAccount(generatePrivateKey()).address));
      await f.moduleCall(encodeGrantSession({ module: f.module.address, grant: expected }).data);
      const state = await activations.refresh("ses_1");
      expect(state).toMatchObject({ active: true });
      expect(state?.onchainSessionId).toBe(wardenSessionId({ chainId: f.chainId, module: f.module.address, safe: f.safe, grantNonce: firstNonce + 1n }));

      await rpc.stop();
      clock.nowMs += 4000;
      expect(await activations.refresh("ses_1")).toMatchObject({ active: true });
      clock.nowMs += 2000;
      expect(await activations.refresh("ses_1")).toMatchObject({ active: false, problem: "stale" });
      await rpc.start();
      expect(await activations.refresh("ses_1")).toMatchObject({ active: true });

      await f.moduleCall(encodeFunctionData({ abi: wardenModuleAbi, functionName: "revokeSession", args: [state!.onchainSessionId!] }));
      await activations.refreshAll();
      expect(activations.activation("ses_1")).toMatchObject({ active: false, problem: "revoked" });
      activations.forget("ses_1");
      expect(activations.activation("ses_1")).toEqual({ active: false, problem: "revoked", onchainSessionId: state!.onchainSessionId });
    });
  }, 120_000);

  test("regression (stop 25's CI: a refresh racing the on-chain read-back answered null): a forgotten session answers revoked, a read in flight when it is forgotten too, and it is never tracked again", async () => {
    await trackerWorld(async ({ f, activations }) => {
      const expected = (await f.defaultGrant(privateKeyToAccount(generatePrivateKey()).address)) as unknown as WardenSessionGrant;
      const firstNonce = await f.module.read.grantNonce([f.safe]);
      activations.track("ses_2", { expected, firstNonce });
      await f.moduleCall(encodeGrantSession({ module: f.module.address, grant: expected }).data);
      const onchainSessionId = (await activations.refresh("ses_2"))?.onchainSessionId;
      expect(onchainSessionId).toMatch(/^0x[0-9a-f]{64}$/);

      // The read starts, then the session is forgotten (as the read-back's listener or an operator's revoke does) before it ends.
      const inFlight = activations.refresh("ses_2");
      activations.forget("ses_2");
      const revoked = { active: false, problem: "revoked", onchainSessionId };
      expect(await inFlight).toEqual(revoked);
      expect(await activations.refresh("ses_2")).toEqual(revoked);
      expect(activations.activation("ses_2")).toEqual(revoked);

      // Followed again (another instance still lists it unrevoked): it stays revoked.
      activations.track("ses_2", { expected, firstNonce });
      expect(await activations.refresh("ses_2")).toEqual(revoked);
      // Forgotten before it was ever read: revoked, with no on-chain id. Never followed: null.
      activations.forget("ses_3");
      expect(activations.activation("ses_3")).toEqual({ active: false, problem: "revoked" });
      expect(activations.activation("ses_4")).toBeNull();
    });
  }, 120_000);
});
