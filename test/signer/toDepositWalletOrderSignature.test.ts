import { type Hex, getAddress } from "viem";
import { describe, expect, test } from "vitest";
import { InvalidParameterError } from "../../src/errors/InvalidParameterError";
import { createOrderHasher } from "../../src/signer/createOrderHasher";
import { createTypedDataSignHasher } from "../../src/signer/createTypedDataSignHasher";
import { decodeSigningRequest } from "../../src/signer/decodeSigningRequest";
import { erc7739OrderTrailer } from "../../src/signer/encodeDepositWalletSignature";
import { toDepositWalletOrderSignature } from "../../src/signer/toDepositWalletOrderSignature";
import { createDepositWallet } from "../../src/signer/wallets/createDepositWallet";
import { WalletKey } from "../../src/signer/WalletKey";
import { NOW_MS, decodeContext } from "../helpers/decodeContext";
import { orderTypedData } from "../helpers/testWarden";

const WALLET = getAddress("0x574548bc296a44a39a7828343fc262244f37a7e5");
const key = WalletKey.fromPrivateKey("0x8da4ef21b864d2cc526dbdb2a120bd2874c36c9d0a1fb7f8c63d7f7a8b41de8f");
const hasher = createOrderHasher({ chainId: 137 });
const wallet = createDepositWallet({ sessionKey: key, owner: "0x1111111111111111111111111111111111111111", depositWallet: WALLET, chainId: 137, hasher, authorization: () => ({ validUntilSec: 2n ** 40n, readAtMs: NOW_MS }), maxStalenessMs: 30_000, now: () => NOW_MS });

/** Warden's signature of an order, and the trailer clob-client-v2 appends to it. */
function signed(salt: string): { finished: Hex; trailer: string } {
  const order = orderTypedData(WALLET, { salt, timestamp: String(NOW_MS) });
  const r = decodeSigningRequest({ kind: "typed_data", typedData: { ...order, message: { ...order.message, signatureType: 3 } } }, decodeContext(WALLET, { expects: { ...wallet.expects, orderDocument: "Order" } }));
  if (!r.ok || r.intent.kind !== "order") throw new TypeError("order expected");
  const { domainSeparator, contentsHash } = createTypedDataSignHasher({ chainId: 137, hasher }).hash(r.intent.exchange, r.intent.order, WALLET);
  return { finished: wallet.signIntent(r.intent), trailer: erc7739OrderTrailer(domainSeparator, contentsHash).toString("hex") };
}

describe("toDepositWalletOrderSignature", () => {
  test("drops the trailer clob-client-v2 appended after Warden's finished signature", () => {
    const { finished, trailer } = signed("1");
    expect(finished.length).toBe(2 + 2 * 480);
    expect(toDepositWalletOrderSignature(`${finished}${trailer}`)).toBe(finished);
  });

  test("leaves a finished signature as it is", () => {
    const { finished } = signed("2");
    expect(toDepositWalletOrderSignature(finished)).toBe(finished);
  });

  test.each([
    ["the trailer of another order", () => `${signed("3").finished}${signed("4").trailer}`],
    ["an owner-form ERC-7739 signature (no session-signer envelope)", () => `0x${"11".repeat(65)}${signed("5").trailer}`],
    ["a truncated trailer", () => `${signed("6").finished}${signed("6").trailer.slice(0, -2)}`],
    ["not hex", () => "0xzz"],
    ["a bare 65-byte signature", () => `0x${"11".repeat(65)}`],
  ])("refuses %s", (_label, make) => {
    expect(() => toDepositWalletOrderSignature(make() as Hex)).toThrow(InvalidParameterError);
  });
});
