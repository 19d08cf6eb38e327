import { network } from "hardhat";
import { describe, expect, it } from "vitest";
import { type Address, type PublicClient, type WalletClient, getAddress, parseAbi, zeroAddress, zeroHash } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { buildEnableWardenTransactions } from "../../src/chain/buildEnableWardenTransactions";
import { encodeGrantSession } from "../../src/chain/encodeGrantSession";
import { encodeRevokeSession } from "../../src/chain/encodeRevokeSession";
import { exchangeDomain } from "../../src/core/polymarket/exchangeDomain";
import { signWardenOrder } from "../../src/chain/signWardenOrder";
import { wardenModuleAbi } from "../../src/chain/generated/wardenModuleAbi";
import { wardenSessionId } from "../../src/chain/wardenSessionId";
import { deployLocal } from "../../deploy/deployLocal";
import { formatSafeTransactions } from "../../deploy/formatSafeTransactions";
import { predictWardenAddresses } from "../../deploy/predictWardenAddresses";
import { createSafe, deploySafeInfra, execSafeTx } from "../contracts/helpers/safes";

const exchangeAbi = parseAbi([
  "struct Order { uint256 salt; address maker; address signer; uint256 tokenId; uint256 makerAmount; uint256 takerAmount; uint8 side; uint8 signatureType; uint256 timestamp; bytes32 metadata; bytes32 builder; }",
  "function isValidOrderSignature(Order order, bytes signature) view returns (bool)",
]);

describe("deploy/ against the local Hardhat network", () => {
  it("deploys deterministically, prints the enabling Safe transactions, and they enable Warden on a plain Safe 1.4.1", async () => {
    const { viem } = await network.connect();
    const publicClient = (await viem.getPublicClient()) as unknown as PublicClient;
    const [deployerClient] = await viem.getWalletClients();
    const walletClient = deployerClient as unknown as WalletClient;
    const devRpc = publicClient as unknown as Parameters<typeof deployLocal>[0]["devRpc"];

    const first = await deployLocal({ publicClient, walletClient, devRpc });
    expect(first.moduleDeployedNow).toBe(true);
    expect(predictWardenAddresses(first.exchanges)).toEqual({ module: first.module, fallbackHandler: first.fallbackHandler });
    const again = await deployLocal({ publicClient, walletClient, devRpc });
    expect([again.module, again.fallbackHandler, again.moduleDeployedNow]).toEqual([first.module, first.fallbackHandler, false]);
    expect(await publicClient.readContract({ address: first.module, abi: wardenModuleAbi, functionName: "knownExchanges" })).toEqual(
      first.exchanges.map((e) => e.address),
    );

    // A Safe created without any fallback handler: the printed transactions must do everything.
    const owner = privateKeyToAccount(generatePrivateKey());
    const clients = { publicClient, deployer: walletClient };
    const infra = await deploySafeInfra(clients, "1.4.1", zeroAddress);
    const safe = await createSafe(clients, infra, [owner.address]);
    const chainId = await publicClient.getChainId();
    const guardian = privateKeyToAccount(generatePrivateKey()).address;
    const transactions = buildEnableWardenTransactions({
      safe,
      module: first.module,
      fallbackHandler: first.fallbackHandler,
      currentFallbackHandler: zeroAddress,
      exchanges: first.exchanges,
      chainId,
      guardian,
    });
    const printed = formatSafeTransactions({ chainId, safe, transactions });
    expect(transactions.map((t) => t.description.split("(")[0])).toEqual([
      "Safe.enableModule",
      "Safe.setFallbackHandler",
      "ExtensibleFallbackHandler.setDomainVerifier",
      "ExtensibleFallbackHandler.setDomainVerifier",
      "ExtensibleFallbackHandler.setDomainVerifier",
      "WardenModule.setGuardian",
    ]);
    for (const tx of transactions) expect(printed).toContain(tx.data);
    for (const tx of transactions) await execSafeTx(clients, safe, owner, { to: tx.to, data: tx.data });

    const [stateGuardian] = await publicClient.readContract({ address: first.module, abi: wardenModuleAbi, functionName: "getSafeState", args: [safe] });
    expect(stateGuardian).toBe(getAddress(guardian));

    // Grant with the helper, predicting the id off-chain, then an order validates on every exchange.
    const key = privateKeyToAccount(generatePrivateKey());
    const now = Number((await publicClient.getBlock()).timestamp);
    const grant = {
      key: key.address,
      limits: { validUntil: now + 3_600, maxOrderAgeSec: 600, maxPerCallMicroUsd: 10n ** 9n, minSellPriceMicroUsd: 0, maxBuyPriceMicroUsd: 1_000_000, maxCalls: 5, maxValuePerCallWei: 0n, exchangeMask: 0b111, strategy: 0, tokenAllowlist: false },
      calls: [],
      spenders: [],
      recipients: [],
      tokenIds: [],
    };
    const sessionId = wardenSessionId({ chainId, module: first.module, safe, grantNonce: 0n });
    await execSafeTx(clients, safe, owner, encodeGrantSession({ module: first.module, grant }));
    const order = {
      salt: 1n, maker: safe, signer: safe, tokenId: 1n, makerAmount: 5_000_000n, takerAmount: 10_000_000n,
      side: 0 as const, signatureType: 3 as const, timestamp: BigInt(now) * 1000n, metadata: zeroHash, builder: zeroHash,
    };
    const accepts = async (exchange: Address, version: "2" | "3") => {
      const signature = await signWardenOrder({ sessionKey: key, module: first.module, sessionId, domain: exchangeDomain({ exchange, version, chainId }), order });
      return publicClient.readContract({ address: exchange, abi: exchangeAbi, functionName: "isValidOrderSignature", args: [order, signature] });
    };
    for (const e of first.exchanges) expect(await accepts(e.address, e.version)).toBe(true);
    await execSafeTx(clients, safe, owner, encodeRevokeSession({ module: first.module, sessionId }));
    for (const e of first.exchanges) expect(await accepts(e.address, e.version)).toBe(false);
  });
});
