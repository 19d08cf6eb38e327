import { type Address, type Hex, concatHex, encodeAbiParameters, encodeFunctionData, getAddress, hashTypedData, pad, toFunctionSelector, zeroHash } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { depositWalletAbi } from "../../src/chain/depositWalletAbi";
import { depositWalletAddresses } from "../../src/chain/depositWalletAddresses";
import { depositWalletSessionSignerBatch } from "../../src/chain/depositWalletSessionSignerBatch";
import type { V2Order } from "../../src/core/polymarket/V2Order";
import { createOrderHasher } from "../../src/signer/createOrderHasher";
import { createTypedDataSignHasher } from "../../src/signer/createTypedDataSignHasher";
import { encodeDepositWalletSignature, erc7739OrderTrailer } from "../../src/signer/encodeDepositWalletSignature";
import { WalletKey } from "../../src/signer/WalletKey";
import { type DepositWalletChain, depositWalletChain } from "../helpers/depositWalletChain";
import { polymarketClient } from "../helpers/polymarketClient";

const hasher = createOrderHasher({ chainId: 137 });

/** A call through the wallet's proxy reverts with `name()`: named by viem, or by its selector where Hardhat does not know the proxy's code. */
async function revertsWith(call: Promise<unknown>, name: string): Promise<void> {
  const error = await call.then(() => null, (e: unknown) => e);
  expect(error, `expected a revert with ${name}`).toBeInstanceOf(Error);
  expect(String((error as Error).message)).toMatch(new RegExp(`${name}|${toFunctionSelector(`${name}()`)}`));
}
const envelope = createTypedDataSignHasher({ chainId: 137, hasher });

describe("TestDepositWallet behind the factory, with the exchange stand-in calling isValidSignature", () => {
  let c: DepositWalletChain;
  const session = WalletKey.fromPrivateKey(generatePrivateKey());
  beforeAll(async () => {
    c = await depositWalletChain();
  });
  afterAll(async () => c?.close());

  const orderFor = (wallet: Address, salt: bigint): V2Order => ({
    salt,
    maker: wallet.toLowerCase() as Address,
    signer: wallet.toLowerCase() as Address,
    tokenId: 123n,
    makerAmount: 40_000_000n,
    takerAmount: 100_000_000n,
    side: 0,
    signatureType: 3,
    timestamp: BigInt(Date.now()),
    metadata: zeroHash,
    builder: zeroHash,
  });
  const sign = (key: WalletKey, order: V2Order, exchange = c.exchanges[0]!, wallet: Address = c.walletAddress) => {
    const { digest, domainSeparator, contentsHash } = envelope.hash(exchange, order, wallet.toLowerCase() as Address);
    const inner = key.signDigest(digest);
    return { inner, domainSeparator, contentsHash, wrapped: encodeDepositWalletSignature({ signature: inner, domainSeparator, contentsHash, sessionSigner: key.address }) };
  };
  const asStruct = (o: V2Order) => ({ ...o });
  const accepted = (o: V2Order, signature: Hex, exchange = c.exchanges[0]!) => exchange.contract.read.isValidOrderSignature([asStruct(o), signature]);

  test("the factory deploys the owner's wallet at the address Warden and @polymarket/client derive from the owner", async () => {
    const derived = depositWalletAddresses({ owner: c.owner.address });
    expect(c.walletAddress).toBe(getAddress(derived.beacon));
    expect(c.walletAddress).toBe(getAddress(polymarketClient.deriveBeaconDepositWalletAddress(c.owner.address, polymarketClient.walletDerivation)));
    expect(await c.publicClient.getCode({ address: c.walletAddress })).toBeTruthy();
    expect(await c.wallet.read.owner()).toBe(c.owner.address);
    expect(await c.wallet.read.factory()).toBe(getAddress("0x00000000000Fb5C9ADea0298D729A0CB3823Cc07"));
    expect(await c.wallet.read.id()).toBe(pad(c.owner.address.toLowerCase() as Address, { size: 32 }));
  });

  test("authorizeSessionSigner is onlySelf: a direct call reverts, the owner's batch through the factory sets it", async () => {
    await revertsWith(c.wallet.write.authorizeSessionSigner([session.address, 2n ** 40n]), "OnlySelf");
    expect(await c.wallet.read.sessionSignerAuthorizedUntil([session.address])).toBe(0n);
    const until = (await c.publicClient.getBlock()).timestamp + 3600n;
    await c.ownerBatch(session.address, { kind: "authorize", validUntilSec: until });
    expect(await c.wallet.read.sessionSignerAuthorizedUntil([session.address])).toBe(until);
  });

  test("batches run only through the factory's operator, once, before their deadline, signed by the owner", async () => {
    const now = (await c.publicClient.getBlock()).timestamp;
    const make = async (signer: { signTypedData: typeof c.owner.signTypedData }, deadlineSec = now + 300n, nonce?: bigint) => {
      const batch = depositWalletSessionSignerBatch({ chainId: 137, depositWallet: c.walletAddress, owner: c.owner.address, sessionSigner: session.address, change: { kind: "revoke" }, nonce: nonce ?? (await c.wallet.read.nonce()), deadlineSec });
      return batch.relayerRequest(await signer.signTypedData(batch.typedData));
    };
    const stranger = privateKeyToAccount(generatePrivateKey());
    await revertsWith(c.runRelayerRequest(await make(stranger)), "InvalidSignature");
    await revertsWith(c.runRelayerRequest(await make(c.owner, now - 1n)), "Expired");
    await revertsWith(c.runRelayerRequest(await make(c.owner, now + 300n, 99n)), "InvalidNonce");
    const good = await make(c.owner);
    const p = good.depositWalletParams;
    const batch = { wallet: p.depositWallet, nonce: BigInt(good.nonce), deadline: BigInt(p.deadline), calls: p.calls.map((x) => ({ target: x.target, value: 0n, data: x.data })) };
    await revertsWith(c.factory.write.proxy([[batch], [good.signature]], { account: c.stranger.account }), "OnlyOperator");
    await revertsWith(c.wallet.write.execute([batch, good.signature]), "OnlyFactory");
    // Re-authorise for the tests below (the revoke above never ran).
    expect(await c.wallet.read.sessionSignerAuthorizedUntil([session.address])).toBeGreaterThan(0n);
  });

  test("the exchange accepts an order signed by the authorised session signer, in Warden's envelope, on all three exchanges", async () => {
    for (const [i, exchange] of c.exchanges.entries()) {
      const o = orderFor(c.walletAddress, BigInt(i + 1));
      const { wrapped } = sign(session, o, exchange);
      expect(await accepted(o, wrapped, exchange)).toBe(true);
      await exchange.contract.write.fillOrder([asStruct(o), wrapped]);
      expect(await exchange.contract.read.filled([await exchange.contract.read.hashOrder([asStruct(o)])])).toBe(true);
    }
  });

  test("the wallet refuses what is not exactly a session signer's order for it", async () => {
    const o = orderFor(c.walletAddress, 10n);
    const s = sign(session, o);
    const trailer = erc7739OrderTrailer(s.domainSeparator, s.contentsHash).toString("hex");
    const stranger = WalletKey.fromPrivateKey(generatePrivateKey());
    // The owner form (no envelope) is checked against the owner, not the session signer.
    expect(await accepted(o, `${s.inner}${trailer}` as Hex)).toBe(false);
    // clob-client-v2's trailer left after the envelope: the magic is no longer last.
    expect(await accepted(o, `${s.wrapped}${trailer}` as Hex)).toBe(false);
    // A key the wallet never authorised.
    expect(await accepted(o, sign(stranger, o).wrapped)).toBe(false);
    // Signed for another wallet (the envelope binds verifyingContract).
    const other = depositWalletAddresses({ owner: stranger.address }).beacon;
    expect(await accepted(o, sign(session, o, c.exchanges[0], other).wrapped)).toBe(false);
    // Another order's signature.
    expect(await accepted(o, sign(session, orderFor(c.walletAddress, 11n)).wrapped)).toBe(false);
    // A malformed envelope (a byte appended) gets no owner fallback.
    expect(await accepted(o, `${s.wrapped}00` as Hex)).toBe(false);
  });

  test("a session signer's batch may not call the wallet itself, but may call anything else: why Warden never signs a Batch", async () => {
    await c.pusd.write.mint([c.walletAddress, 5_000_000n]);
    const now = (await c.publicClient.getBlock()).timestamp;
    const bySession = async (target: Address, data: Hex) => {
      const nonce = await c.wallet.read.nonce();
      const batch = { wallet: c.walletAddress, nonce, deadline: now + 300n, calls: [{ target, value: 0n, data }] };
      const digest = hashTypedData({
        domain: { name: "DepositWallet", version: "1", chainId: 137, verifyingContract: c.walletAddress },
        types: { Batch: [{ name: "wallet", type: "address" }, { name: "nonce", type: "uint256" }, { name: "deadline", type: "uint256" }, { name: "calls", type: "Call[]" }], Call: [{ name: "target", type: "address" }, { name: "value", type: "uint256" }, { name: "data", type: "bytes" }] },
        primaryType: "Batch",
        message: batch,
      });
      const inner = session.signDigest(Buffer.from(digest.slice(2), "hex"));
      // The session-signer envelope around a plain signature (the factory path is direct ECDSA).
      const plain = concatHex([encodeAbiParameters([{ type: "bytes32" }, { type: "bytes32" }, { type: "bytes" }], [pad(session.address, { size: 32 }), zeroHash, inner]), `0x${"6492".repeat(16)}`]);
      const hash = await c.factory.write.proxy([[batch], [plain]]);
      return c.publicClient.waitForTransactionReceipt({ hash });
    };
    const selfCall = encodeFunctionData({ abi: depositWalletAbi, functionName: "authorizeSessionSigner", args: [c.stranger.account.address, 2n ** 40n] });
    await revertsWith(bySession(c.walletAddress, selfCall), "SessionSignerSelfCallNotAllowed");
    const transfer = encodeFunctionData({ abi: [{ type: "function", name: "transfer", inputs: [{ type: "address" }, { type: "uint256" }], outputs: [{ type: "bool" }], stateMutability: "nonpayable" }], functionName: "transfer", args: [c.stranger.account.address, 5_000_000n] });
    expect((await bySession(c.pusd.address, transfer)).status).toBe("success");
    expect(await c.pusd.read.balanceOf([c.stranger.account.address])).toBe(5_000_000n);
  });

  test("an expired session signer is refused by the wallet, and so is a revoked one", async () => {
    const o = orderFor(c.walletAddress, 20n);
    const { wrapped } = sign(session, o);
    expect(await accepted(o, wrapped)).toBe(true);
    const until = await c.wallet.read.sessionSignerAuthorizedUntil([session.address]);
    const now = (await c.publicClient.getBlock()).timestamp;
    await c.increaseTime(Number(until - now));
    expect(await accepted(o, wrapped)).toBe(false);
    await revertsWith(c.exchanges[0]!.contract.write.fillOrder([asStruct(o), wrapped]), "InvalidSignature");

    const later = (await c.publicClient.getBlock()).timestamp + 3600n;
    await c.ownerBatch(session.address, { kind: "authorize", validUntilSec: later });
    expect(await accepted(o, wrapped)).toBe(true);
    await c.ownerBatch(session.address, { kind: "revoke" });
    expect(await c.wallet.read.sessionSignerAuthorizedUntil([session.address])).toBe(0n);
    expect(await accepted(o, wrapped)).toBe(false);
  });
});
