import { network } from "hardhat";
import { type Address, type Hex, http, parseAbi } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { buildSafeSetupCalls } from "../../src/chain/buildSafeSetupCalls";
import { encodeRevokeSession } from "../../src/chain/encodeRevokeSession";
import { executeSafeTransaction } from "../../src/chain/executeSafeTransaction";
import { wardenModuleAbi } from "../../src/chain/generated/wardenModuleAbi";
import { openSafeKit } from "../../src/chain/openSafeKit";
import { prepareSafeSessionGrant } from "../../src/chain/prepareSafeSessionGrant";
import { readSafeSessionActivation } from "../../src/chain/readSafeSessionActivation";
import type { SafeTransaction } from "../../src/chain/SafeTransaction";
import { SafeTransactionError } from "../../src/errors/SafeTransactionError";
import { toSafeExecutorAccount } from "../../src/signer/toSafeExecutorAccount";
import { WalletKey } from "../../src/signer/WalletKey";
import { createSafeSessionKeys } from "../../src/signer/wallets/createSafeSessionKeys";
import { startJsonRpcServer } from "../helpers/jsonRpcServer";
import { expectSafeSetUp } from "./expectSafeSetUp";
import { safeSetupChain } from "./safeSetupChain";

const readAbi = parseAbi(["function VERSION() view returns (string)"]);

// The end-to-end test runs the whole story on Safe 1.5.0; this one runs what protocol-kit builds —
// the setup batch, a grant and a revocation — on the two older Safes a trading desk may still have.
describe.each(["1.3.0", "1.4.1"] as const)("protocol-kit on a real Safe %s (2-of-3): setup batch, grant, revoke", (version) => {
  test("the setup batch executes with two owners' signatures, the grant activates on read-back, the revocation revokes", async () => {
    const connection = await network.connect({ override: { chainId: 137 } });
    const rpc = await startJsonRpcServer(connection.provider);
    try {
      const owners = [0, 1, 2].map(() => privateKeyToAccount(generatePrivateKey()));
      const world = await safeSetupChain(connection, owners.map((o) => o.address), 2n, version);
      const { publicClient, safe, module, handler, contractNetworks } = world;
      expect(await publicClient.readContract({ address: safe, abi: readAbi, functionName: "VERSION" })).toBe(version);
      const executorKey = generatePrivateKey();
      await connection.provider.request({ method: "hardhat_setBalance", params: [privateKeyToAccount(executorKey).address, "0x56BC75E2D63100000"] });
      const executor = toSafeExecutorAccount({ key: WalletKey.fromPrivateKey(executorKey), safe });
      const kit = await openSafeKit({ safe, provider: rpc.url, contractNetworks });
      /** protocol-kit builds the Safe transaction (a MultiSendCallOnly batch for several calls); `signers` sign its hash; the executor relays. */
      const approveAndExecute = async (calls: readonly SafeTransaction[], signers = owners.slice(0, 2)): Promise<Hex> => {
        const transaction = await kit.createTransaction({ transactions: calls.map((c) => ({ to: c.to, value: String(c.value), data: c.data, operation: c.operation })) });
        const safeTxHash = (await kit.getTransactionHash(transaction)) as Hex;
        const signatures = await Promise.all(signers.map((o) => o.sign({ hash: safeTxHash })));
        return executeSafeTransaction({ kit, transaction, safeTxHash, signatures, executor, client: publicClient, transport: http(rpc.url) });
      };

      const setup = buildSafeSetupCalls({ safe, module, chainId: 137, fallbackHandler: handler, current: { fallbackHandler: (await kit.getFallbackHandler()) as Address, moduleEnabled: await kit.isModuleEnabled(module) } });
      expect(setup).toHaveLength(13);
      await expect(approveAndExecute(setup, owners.slice(0, 1))).rejects.toBeInstanceOf(SafeTransactionError);
      await approveAndExecute(setup);
      await expectSafeSetUp({ client: publicClient, safe, module, handler });

      const keys = createSafeSessionKeys({ dir: join(mkdtempSync(join(tmpdir(), "warden-safe-versions-")), "keys"), passphrase: "p", scryptN: 16384 });
      const validUntil = Number((await publicClient.getBlock()).timestamp) + 86_400;
      const scope = {
        limits: { validUntil, maxOrderAgeSec: 3600, maxPerCallMicroUsd: 500_000_000n, minSellPriceMicroUsd: 0, maxBuyPriceMicroUsd: 1_000_000, maxCalls: 0, maxValuePerCallWei: 0n, exchangeMask: 7, strategy: 3, tokenAllowlist: true },
        calls: [],
        spenders: [],
        recipients: [],
        tokenIds: [7n, 8n],
      };
      const grantNonce = (await publicClient.readContract({ address: module, abi: wardenModuleAbi, functionName: "grantNonce", args: [safe] })) as bigint;
      const prepared = prepareSafeSessionGrant({ keys, sessionId: "ses_versions", chainId: 137, module, safe, grantNonce, scope });
      const read = async () => readSafeSessionActivation({ client: publicClient, module, safe, onchainSessionId: prepared.onchainSessionId, expected: prepared.grant, nowSec: Number((await publicClient.getBlock()).timestamp) });
      expect(await read()).toMatchObject({ active: false, problem: "pending" });
      await approveAndExecute([prepared.transaction]);
      expect(await read()).toEqual({ active: true, onchainSessionId: prepared.onchainSessionId });

      await approveAndExecute([encodeRevokeSession({ module, sessionId: prepared.onchainSessionId })]);
      expect(await read()).toMatchObject({ active: false, problem: "revoked" });
    } finally {
      await rpc.close();
      await connection.close();
    }
  }, 180_000);
});
