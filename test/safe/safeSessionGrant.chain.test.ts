import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { encodeFunctionData, getAddress } from "viem";
import { describe, expect, test } from "vitest";
import { encodeRevokeSession } from "../../src/chain/encodeRevokeSession";
import { wardenModuleAbi } from "../../src/chain/generated/wardenModuleAbi";
import { prepareSafeSessionGrant } from "../../src/chain/prepareSafeSessionGrant";
import { readSafeSessionActivation } from "../../src/chain/readSafeSessionActivation";
import { createSafeSessionKeys } from "../../src/signer/wallets/createSafeSessionKeys";
import { wardenFixture } from "../contracts/helpers/wardenFixture";

describe("a Safe session: one owner-approved grantSession, activated only when read back equal", () => {
  test("pending before the owners execute the grant, active after, mismatch when the stored scope differs, revoked, expired", async () => {
    const f = await wardenFixture("1.5.0");
    try {
      const keys = createSafeSessionKeys({ dir: join(mkdtempSync(join(tmpdir(), "warden-safe-grant-")), "keys"), passphrase: "p", scryptN: 16384 });
      const base = await f.defaultGrant("0x0000000000000000000000000000000000000001", { tokenIds: [7n, 8n] }, { tokenAllowlist: true });
      const { key: _placeholder, ...scope } = base;
      const grantNonce = await f.module.read.grantNonce([f.safe]);
      const prepared = prepareSafeSessionGrant({ keys, sessionId: "ses_1", chainId: f.chainId, module: f.module.address, safe: f.safe, grantNonce, scope });
      expect(prepared.grant.key).toBe(keys.get("ses_1")!.address);
      expect(prepared.transaction).toMatchObject({ to: f.module.address, value: 0n, operation: 0 });
      const read = async (expected = prepared.grant) =>
        readSafeSessionActivation({ client: f.publicClient, module: f.module.address, safe: f.safe, onchainSessionId: prepared.onchainSessionId, expected, nowSec: await f.now() });

      expect(await read()).toEqual({ active: false, problem: "pending", onchainSessionId: prepared.onchainSessionId });
      // The owners approve exactly the transaction Warden built (one Safe transaction, the Safe's threshold).
      await f.exec({ to: prepared.transaction.to, data: prepared.transaction.data });
      expect(await read()).toEqual({ active: true, onchainSessionId: prepared.onchainSessionId });

      // The grant Warden asked for is not what is stored: another cap, another key, a token not allowed.
      expect(await read({ ...prepared.grant, limits: { ...prepared.grant.limits, maxPerCallMicroUsd: prepared.grant.limits.maxPerCallMicroUsd + 1n } })).toMatchObject({ active: false, problem: "mismatch", fields: ["limits.maxPerCallMicroUsd"] });
      expect(await read({ ...prepared.grant, key: getAddress("0x0000000000000000000000000000000000000002") })).toMatchObject({ problem: "mismatch", fields: ["key"] });
      expect(await read({ ...prepared.grant, tokenIds: [7n, 9n] })).toMatchObject({ problem: "mismatch", fields: ["tokenIds[1]"] });
      // The owners change the limits on-chain: the session stops being the one Warden checked.
      await f.moduleCall(encodeFunctionData({ abi: wardenModuleAbi, functionName: "updateSessionLimits", args: [prepared.onchainSessionId, { ...prepared.grant.limits, maxBuyPriceMicroUsd: 500_000 }] }));
      expect(await read()).toMatchObject({ active: false, problem: "mismatch", fields: ["limits.maxBuyPriceMicroUsd"] });
      await f.moduleCall(encodeFunctionData({ abi: wardenModuleAbi, functionName: "updateSessionLimits", args: [prepared.onchainSessionId, prepared.grant.limits] }));
      expect(await read()).toMatchObject({ active: true });

      await f.networkHelpers.time.increase(86_401);
      expect(await read()).toMatchObject({ active: false, problem: "expired" });

      const revoke = encodeRevokeSession({ module: f.module.address, sessionId: prepared.onchainSessionId });
      await f.exec({ to: revoke.to, data: revoke.data });
      expect(await read()).toMatchObject({ active: false, problem: "revoked" });
    } finally {
      await f.connection.close();
    }
  }, 120_000);

  test("a second session never reuses the first one's key", async () => {
    const f = await wardenFixture("1.5.0");
    try {
      const keys = createSafeSessionKeys({ dir: join(mkdtempSync(join(tmpdir(), "warden-safe-grant-")), "keys"), passphrase: "p", scryptN: 16384 });
      const { key: _k, ...scope } = await f.defaultGrant("0x0000000000000000000000000000000000000001");
      const a = prepareSafeSessionGrant({ keys, sessionId: "ses_a", chainId: f.chainId, module: f.module.address, safe: f.safe, grantNonce: 0n, scope });
      const b = prepareSafeSessionGrant({ keys, sessionId: "ses_b", chainId: f.chainId, module: f.module.address, safe: f.safe, grantNonce: 1n, scope });
      expect(a.grant.key).not.toBe(b.grant.key);
      expect(a.onchainSessionId).toBe(await f.module.read.nextSessionId([f.safe]));
      expect(() => prepareSafeSessionGrant({ keys, sessionId: "ses_a", chainId: f.chainId, module: f.module.address, safe: f.safe, grantNonce: 2n, scope })).toThrow(/never reused/);
    } finally {
      await f.connection.close();
    }
  }, 120_000);
});
