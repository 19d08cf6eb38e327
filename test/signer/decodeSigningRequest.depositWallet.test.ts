import { getAddress } from "viem";
import { describe, expect, test } from "vitest";
import { decodeSigningRequest } from "../../src/signer/decodeSigningRequest";
import type { WalletExpectations } from "../../src/signer/wallets/Wallet";
import { NOW_MS, decodeContext } from "../helpers/decodeContext";
import { poly1271Envelope } from "../helpers/clobClientShapes";
import { EXCHANGE_V2, EXCHANGE_V3, NEG_RISK_V2, orderTypedData } from "../helpers/testWarden";

const WALLET = getAddress("0x574548bc296a44a39a7828343fc262244f37a7e5");
const SESSION_SIGNER = getAddress("0x2222222222222222222222222222222222222222");
const OTHER_WALLET = getAddress("0xfaea0f08159fcf2f573fe24e9e989b0d48f7651b");
const PUSD = "0xC011a7E12a19f7B1f670d46F03B03f3342E82DFB";
const expects: WalletExpectations = {
  maker: WALLET.toLowerCase() as `0x${string}`,
  signer: WALLET.toLowerCase() as `0x${string}`,
  clobAuthAddress: SESSION_SIGNER.toLowerCase() as `0x${string}`,
  signatureType: 3,
  orderDocument: "TypedDataSign",
};
const ctx = decodeContext(WALLET, { expects });
type Doc = { domain: Record<string, unknown>; types: Record<string, unknown>; primaryType: unknown; message: Record<string, unknown> & { contents: Record<string, unknown> } };

const envelope = (o: Parameters<typeof poly1271Envelope>[1] = {}): Doc => poly1271Envelope(WALLET, o) as unknown as Doc;
const decode = (td: unknown, c = ctx) => decodeSigningRequest({ kind: "typed_data", typedData: td as Doc }, c);

describe("decodeSigningRequest: the deposit wallet's ERC-7739 order envelope", () => {
  test.each([
    ["CTFExchangeV2", EXCHANGE_V2, "2"],
    ["NegRiskCtfExchangeV2", NEG_RISK_V2, "2"],
    ["ExchangeV3", EXCHANGE_V3, "3"],
  ])("accepts the exact envelope of an order on %s as that order", (_n, exchange, version) => {
    const r = decode(envelope({ exchange, version }));
    expect(r.ok && r.intent.kind === "order" && r.intent).toMatchObject({
      method: "CTFExchangeV2.matchOrders",
      contract_address: exchange.toLowerCase(),
      order: { maker: WALLET.toLowerCase(), signer: WALLET.toLowerCase(), signatureType: 3 },
      size_usd: 40,
    });
  });

  test("accepts EIP712Domain in types, as some signers add it", () => {
    const d = envelope();
    d.types.EIP712Domain = [
      { name: "name", type: "string" },
      { name: "version", type: "string" },
      { name: "chainId", type: "uint256" },
      { name: "verifyingContract", type: "address" },
    ];
    expect(decode(d).ok).toBe(true);
  });

  const mutations: Array<[string, (d: Doc) => void, string]> = [
    ["outer name", (d) => (d.message.name = "Polymarket CTF Exchange"), "message.name"],
    ["outer version", (d) => (d.message.version = "2"), "message.version"],
    ["outer chain id", (d) => (d.message.chainId = 80002), "message.chainId"],
    ["outer verifyingContract: another deposit wallet (cross-account replay, S1)", (d) => (d.message.verifyingContract = OTHER_WALLET), "message.verifyingContract"],
    ["outer verifyingContract: the exchange", (d) => (d.message.verifyingContract = EXCHANGE_V2), "message.verifyingContract"],
    ["outer salt not zero", (d) => (d.message.salt = `0x${"00".repeat(31)}01`), "message.salt"],
    ["extra outer field", (d) => (d.message.extra = 1), "message.extra"],
    ["missing outer field", (d) => delete (d.message as Record<string, unknown>).salt, "message.salt"],
    ["TypedDataSign fields reordered", (d) => (d.types.TypedDataSign = [...(d.types.TypedDataSign as unknown[])].reverse()), "types.TypedDataSign"],
    ["TypedDataSign over another contents type", (d) => ((d.types.TypedDataSign as { type: string }[])[0] = { name: "contents", type: "Permit" } as never), "types.TypedDataSign"],
    ["an extra type", (d) => (d.types.Permit = []), "types.Permit"],
    ["contents maker: another wallet", (d) => (d.message.contents.maker = OTHER_WALLET), "message.contents.maker"],
    ["contents signer: the session signer (an EOA order)", (d) => (d.message.contents.signer = SESSION_SIGNER), "message.contents.signer"],
    ["contents signatureType 0", (d) => (d.message.contents.signatureType = 0), "message.contents.signatureType"],
    ["contents with an unsigned V1 field", (d) => (d.message.contents.expiration = "0"), "message.contents.expiration"],
    ["contents amount over the range", (d) => (d.message.contents.makerAmount = "1000000000000001"), "message.contents.makerAmount"],
    ["contents too old", (d) => (d.message.contents.timestamp = String(NOW_MS - 61_000)), "message.contents.timestamp"],
    ["exchange domain of an unknown exchange", (d) => (d.domain.verifyingContract = PUSD), "domain.verifyingContract"],
    ["exchange domain on the wrong chain", (d) => (d.domain.chainId = 1), "domain.chainId"],
    ["exchange domain version", (d) => (d.domain.version = "3"), "domain.version"],
  ];
  test.each(mutations)("refuses %s as SEC_SIGNING_INVALID", (_label, mutate, field) => {
    const d = envelope();
    mutate(d);
    const r = decode(d);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r).toMatchObject({ reason_code: "SEC_SIGNING_INVALID", evidence: { field } });
  });

  test("refuses an ERC-7739-wrapped Permit under the pUSD domain as SEC_SIGNING_INVALID (it would be the wallet's own permit)", () => {
    const r = decode({
      domain: { name: "Polymarket USD", version: "1", chainId: 137, verifyingContract: PUSD },
      types: {
        TypedDataSign: [
          { name: "contents", type: "Permit" },
          { name: "name", type: "string" },
          { name: "version", type: "string" },
          { name: "chainId", type: "uint256" },
          { name: "verifyingContract", type: "address" },
          { name: "salt", type: "bytes32" },
        ],
        Permit: [
          { name: "owner", type: "address" },
          { name: "spender", type: "address" },
          { name: "value", type: "uint256" },
          { name: "nonce", type: "uint256" },
          { name: "deadline", type: "uint256" },
        ],
      },
      primaryType: "TypedDataSign",
      message: {
        contents: { owner: WALLET, spender: SESSION_SIGNER, value: "1000000000", nonce: "0", deadline: "9999999999" },
        name: "DepositWallet",
        version: "1",
        chainId: 137,
        verifyingContract: WALLET,
        salt: `0x${"00".repeat(32)}`,
      },
    });
    expect(r).toMatchObject({ ok: false, reason_code: "SEC_SIGNING_INVALID", evidence: { field: "types.Permit", problem: "unknown type" } });
  });

  test("refuses the plain Order document: this wallet signs orders only in their envelope", () => {
    const order = orderTypedData(WALLET, { timestamp: String(NOW_MS) });
    const r = decode({ ...order, message: { ...order.message, signatureType: 3 } });
    expect(r).toMatchObject({ ok: false, reason_code: "SEC_SIGNING_INVALID", evidence: { field: "primaryType" } });
  });

  test.each([
    ["a DepositWallet Batch", { domain: { name: "DepositWallet", version: "1", chainId: 137, verifyingContract: WALLET }, types: { Batch: [], Call: [] }, primaryType: "Batch", message: {} }, "eip712:Batch"],
    ["a pUSD Permit", { domain: { name: "Polymarket USD", version: "1", chainId: 137, verifyingContract: PUSD }, types: { Permit: [] }, primaryType: "Permit", message: {} }, "eip712:Permit"],
    ["an ERC-7739 PersonalSign", { domain: { name: "DepositWallet", version: "1", chainId: 137, verifyingContract: WALLET }, types: { PersonalSign: [{ name: "prefixed", type: "bytes" }] }, primaryType: "PersonalSign", message: { prefixed: "0x00" } }, "eip712:PersonalSign"],
  ])("decodes %s as unsignable (denied and audited by the pipeline)", (_label, td, method) => {
    expect(decode(td)).toMatchObject({ ok: true, intent: { kind: "unsignable", method, digest: null } });
  });

  test("an eoa wallet does not take envelopes: a TypedDataSign outside the exchange domain is just unsignable typed data", () => {
    const d = envelope();
    d.domain = { name: "DepositWallet", version: "1", chainId: 137, verifyingContract: WALLET };
    expect(decode(d, decodeContext(WALLET))).toMatchObject({ ok: true, intent: { kind: "unsignable", method: "eip712:TypedDataSign" } });
    expect(decode(envelope(), decodeContext(WALLET))).toMatchObject({ ok: false, reason_code: "SEC_SIGNING_INVALID", evidence: { field: "primaryType" } });
  });
});
