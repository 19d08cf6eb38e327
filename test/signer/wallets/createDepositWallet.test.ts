import fc from "fast-check";
import { type Address, type Hex, bytesToHex, concatHex, encodeAbiParameters, getAddress, hashTypedData, pad, recoverTypedDataAddress, zeroHash } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { describe, expect, test } from "vitest";
import { polymarketExchanges } from "../../../src/core/polymarket/exchanges";
import { createOrderHasher } from "../../../src/signer/createOrderHasher";
import { createTypedDataSignHasher } from "../../../src/signer/createTypedDataSignHasher";
import { decodeSigningRequest } from "../../../src/signer/decodeSigningRequest";
import { type SessionSignerAuthorization, createDepositWallet } from "../../../src/signer/wallets/createDepositWallet";
import { WalletKey } from "../../../src/signer/WalletKey";
import { WalletNotReadyError } from "../../../src/errors/WalletNotReadyError";
import { toJson } from "../../../src/core/toJson";
import { NOW_MS, decodeContext } from "../../helpers/decodeContext";
import { addressArbitrary } from "../../helpers/orderArbitrary";
import { type PmOrderInput, polymarketClient } from "../../helpers/polymarketClient";

// The session-signer envelope, as the spec states it (ts-sdk packages/client/src/wallet.ts
// wrapDepositWalletSessionSignerSignature): the tests' own copy, not src's.
const MAGIC: Hex = "0x6492649264926492649264926492649264926492649264926492649264926492";
const wrap = (signer: Address, signature: Hex) => concatHex([encodeAbiParameters([{ type: "bytes32" }, { type: "bytes32" }, { type: "bytes" }], [pad(signer, { size: 32 }), zeroHash, signature]), MAGIC]);

const hasher = createOrderHasher({ chainId: 137 });
const privateKey = fc.uint8Array({ minLength: 32, maxLength: 32 }).filter((b) => b.some((x) => x !== 0) && Buffer.from(b).toString("hex") < "ffffffffffffffffffffffffffffffffbaaedce6af48a03bbfd25e8cd0364141").map((b) => `0x${Buffer.from(b).toString("hex")}` as Hex);
const positive = (max: bigint) => fc.bigInt({ min: 1n, max });
const bytes32 = fc.uint8Array({ minLength: 32, maxLength: 32 }).map((b) => `0x${Buffer.from(b).toString("hex")}` as Hex);

function walletFor(key: WalletKey, depositWallet: Address, auth: SessionSignerAuthorization | null = { validUntilSec: BigInt(NOW_MS / 1000 + 3600), readAtMs: NOW_MS }) {
  return createDepositWallet({ sessionKey: key, owner: "0x1111111111111111111111111111111111111111", depositWallet, chainId: 137, hasher, authorization: () => auth, maxStalenessMs: 30_000, now: () => NOW_MS });
}

describe("deposit-wallet signatures equal @polymarket/client 0.2.0's, byte for byte", () => {
  test("typed data, digest and final signature on random orders across the three exchanges", async () => {
    await fc.assert(
      fc.asyncProperty(
        privateKey,
        addressArbitrary,
        fc.constantFrom(...polymarketExchanges),
        fc.record({
          salt: fc.bigInt({ min: 0n, max: 2n ** 256n - 1n }),
          tokenId: positive(2n ** 256n - 1n),
          makerAmount: positive(10n ** 15n),
          takerAmount: positive(10n ** 15n),
          side: fc.constantFrom(0 as const, 1 as const),
          timestamp: fc.integer({ min: NOW_MS - 60_000, max: NOW_MS + 5_000 }),
          metadata: bytes32,
          builder: bytes32,
        }),
        async (pk, walletLower, exchange, o) => {
          const key = WalletKey.fromPrivateKey(pk);
          const wallet = getAddress(walletLower);
          const order: PmOrderInput = {
            maker: wallet,
            signer: wallet,
            signatureType: 3,
            salt: o.salt.toString(),
            tokenId: o.tokenId.toString(),
            makerAmount: o.makerAmount.toString(),
            takerAmount: o.takerAmount.toString(),
            side: o.side,
            timestamp: String(o.timestamp),
            metadata: o.metadata,
            builder: o.builder,
          };
          const domain = { chainId: 137, exchange: getAddress(exchange.address), protocolVersion: exchange.version };
          // What @polymarket/client asks its signer to sign, and the signature it posts.
          const payload = polymarketClient.createExchangeOrderTypedDataPayload({ domain, order });
          const innerSig = await privateKeyToAccount(pk).signTypedData(payload as never);
          const theirs = wrap(key.address, polymarketClient.createExchangeOrderSignature({ domain, order, signature: innerSig }));

          const dw = walletFor(key, wallet);
          const decoded = decodeSigningRequest({ kind: "typed_data", typedData: payload }, { ...decodeContext(wallet), expects: dw.expects });
          expect(decoded.ok, toJson(decoded)).toBe(true);
          if (!decoded.ok || decoded.intent.kind !== "order") throw new TypeError("not an order");
          // The intent is the order itself: its digest is the exchange's order hash (the CLOB order id).
          expect(decoded.intent.digest).toBe(hashTypedData({ ...payload, primaryType: "Order", types: { Order: payload.types.Order }, message: payload.message.contents } as never));
          expect(decoded.intent.exchange).toBe(exchange);
          // The envelope digest Warden signs is viem's hashTypedData of the client's document.
          const { digest } = createTypedDataSignHasher({ chainId: 137, hasher }).hash(exchange, decoded.intent.order, walletLower);
          expect(bytesToHex(digest)).toBe(hashTypedData(payload as never));
          const ours = dw.signIntent(decoded.intent);
          expect(ours).toBe(theirs.toLowerCase());
          // The inner signature is the session signer's over viem's digest of the client's document.
          expect(ours.slice(2 + 256, 2 + 256 + 130)).toBe(innerSig.slice(2).toLowerCase());
          expect(await recoverTypedDataAddress({ ...payload, signature: innerSig } as never)).toBe(getAddress(key.address));
        },
      ),
      { numRuns: 60 },
    );
  });

  test("ClobAuth is the session signer's plain EIP-712 signature for its own address", () => {
    const key = WalletKey.fromPrivateKey("0x8da4ef21b864d2cc526dbdb2a120bd2874c36c9d0a1fb7f8c63d7f7a8b41de8f");
    const dw = walletFor(key, "0x574548bc296a44a39a7828343fc262244f37a7e5");
    expect(dw.expects).toEqual({
      maker: "0x574548bc296a44a39a7828343fc262244f37a7e5",
      signer: "0x574548bc296a44a39a7828343fc262244f37a7e5",
      clobAuthAddress: key.address,
      signatureType: 3,
      orderDocument: "TypedDataSign",
      grantSigner: "0x1111111111111111111111111111111111111111",
    });
    const digest = `0x${"ab".repeat(32)}` as Hex;
    const intent = { kind: "clob_auth", intent_id: "x", method: "ClobAuth.sign", contract_address: null, message: { address: key.address, timestamp: "1", nonce: 0n, message: "" }, notional_micros: 0n, size_usd: 0, digest } as const;
    expect(dw.signIntent(intent)).toBe(key.signDigest(Buffer.from(digest.slice(2), "hex")));
  });
});

describe("readiness: the session signer's on-chain authorisation, from memory", () => {
  const key = WalletKey.fromPrivateKey("0x8da4ef21b864d2cc526dbdb2a120bd2874c36c9d0a1fb7f8c63d7f7a8b41de8f");
  const wallet = "0x574548bc296a44a39a7828343fc262244f37a7e5" as const;
  const nowS = NOW_MS / 1000;
  test.each([
    { label: "never read", auth: null, code: "WALLET_SESSION_SIGNER_DATA_UNAVAILABLE" },
    { label: "an answer older than the staleness bound", auth: { validUntilSec: BigInt(nowS + 3600), readAtMs: NOW_MS - 30_001 }, code: "WALLET_SESSION_SIGNER_DATA_UNAVAILABLE" },
    { label: "not authorised (0: never, or revoked)", auth: { validUntilSec: 0n, readAtMs: NOW_MS }, code: "WALLET_SESSION_SIGNER_UNAUTHORIZED" },
    { label: "expired at this very second (the wallet needs block.timestamp < validUntil)", auth: { validUntilSec: BigInt(nowS), readAtMs: NOW_MS }, code: "WALLET_SESSION_SIGNER_UNAUTHORIZED" },
    { label: "authorised one more second, by an answer exactly at the bound", auth: { validUntilSec: BigInt(nowS + 1), readAtMs: NOW_MS - 30_000 }, code: null },
  ])("$label", ({ auth, code }) => {
    const dw = walletFor(key, wallet, auth);
    const state = dw.readiness?.(NOW_MS);
    expect(state?.ready).toBe(code === null);
    if (state && !state.ready) {
      expect(state.reason_code).toBe(code);
      // The wallet refuses to sign on its own too.
      const intent = { kind: "clob_auth", intent_id: "x", method: "ClobAuth.sign", contract_address: null, message: { address: key.address, timestamp: "1", nonce: 0n, message: "" }, notional_micros: 0n, size_usd: 0, digest: zeroHash } as const;
      expect(() => dw.signIntent(intent)).toThrow(WalletNotReadyError);
    }
  });
});
