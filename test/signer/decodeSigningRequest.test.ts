import fc from "fast-check";
import { getAddress, hashTypedData } from "viem";
import { describe, expect, test } from "vitest";
import { decodeSigningRequest } from "../../src/signer/decodeSigningRequest";
import { decodeContext, NOW_MS } from "../helpers/decodeContext";
import { CLOB_AUTH_TYPES, EXCHANGE_V2, EXCHANGE_V3, NEG_RISK_V2, orderTypedData } from "../helpers/testWarden";

const WALLET = getAddress("0xabcdef0123456789abcdef0123456789abcdef01");
const OTHER = getAddress("0x2222222222222222222222222222222222222222");
const ctx = decodeContext(WALLET);
type Doc = { domain: Record<string, unknown>; types: Record<string, unknown>; primaryType: unknown; message: Record<string, unknown> };
const base = (): Doc => structuredClone(orderTypedData(WALLET, { timestamp: String(NOW_MS) })) as unknown as Doc;
const decode = (td: unknown) => decodeSigningRequest({ kind: "typed_data", typedData: td as Doc }, ctx);

describe("decodeSigningRequest: orders", () => {
  test.each([
    ["CTFExchangeV2", EXCHANGE_V2, "2"],
    ["NegRiskCtfExchangeV2", NEG_RISK_V2, "2"],
    ["ExchangeV3", EXCHANGE_V3, "3"],
  ])("accepts an exact V2 order on %s and prices it in pUSD", (_n, exchange, version) => {
    const r = decode(orderTypedData(WALLET, { exchange, version, timestamp: String(NOW_MS) }));
    expect(r.ok && r.intent.kind === "order" && r.intent).toMatchObject({
      method: "CTFExchangeV2.matchOrders",
      contract_address: exchange.toLowerCase(),
      side: "BUY",
      size_usd: 40,
    });
  });

  test("a SELL order's notional is its takerAmount", () => {
    const r = decode(orderTypedData(WALLET, { side: 1, timestamp: String(NOW_MS) }));
    expect(r.ok && r.intent.kind === "order" && r.intent.size_usd).toBe(100);
  });

  const mutations: Array<[string, (d: Doc) => void, string]> = [
    ["wrong chain id", (d) => (d.domain.chainId = 1), "domain.chainId"],
    ["Amoy chain id on a Polygon deployment", (d) => (d.domain.chainId = 80002), "domain.chainId"],
    ["V1 exchange as verifying contract", (d) => (d.domain.verifyingContract = "0x4bFb41d5B3570DeFd03C39a9A4D8dE6Bd8B8982E"), "domain.verifyingContract"],
    ["version 3 on a version-2 exchange", (d) => (d.domain.version = "3"), "domain.version"],
    ["V1 domain version", (d) => (d.domain.version = "1"), "domain.version"],
    ["extra domain field", (d) => (d.domain.salt = `0x${"00".repeat(32)}`), "domain.salt"],
    ["misspelled domain name", (d) => (d.domain.name = "Polymarket CTF Exchange "), "domain.name"],
    ["unsigned V1 field added (expiration)", (d) => (d.message.expiration = "0"), "message.expiration"],
    ["field missing", (d) => delete d.message.builder, "message.builder"],
    ["foreign maker", (d) => (d.message.maker = OTHER), "message.maker"],
    ["foreign signer", (d) => (d.message.signer = OTHER), "message.signer"],
    ["POLY_PROXY signature type in eoa mode", (d) => (d.message.signatureType = 1), "message.signatureType"],
    ["side 2", (d) => (d.message.side = 2), "message.side"],
    ["negative amount", (d) => (d.message.makerAmount = "-1"), "message.makerAmount"],
    ["float amount", (d) => (d.message.makerAmount = 1.5), "message.makerAmount"],
    ["hex string amount", (d) => (d.message.makerAmount = "0x10"), "message.makerAmount"],
    ["amount with spaces", (d) => (d.message.makerAmount = " 10"), "message.makerAmount"],
    ["leading zero amount", (d) => (d.message.makerAmount = "010"), "message.makerAmount"],
    ["unsafe JS number", (d) => (d.message.makerAmount = 2 ** 60), "message.makerAmount"],
    ["zero makerAmount", (d) => (d.message.makerAmount = "0"), "message.makerAmount"],
    ["zero takerAmount", (d) => (d.message.takerAmount = 0), "message.takerAmount"],
    ["amount above the configured range", (d) => (d.message.takerAmount = "1000000000000001"), "message.takerAmount"],
    ["uint256 overflow salt", (d) => (d.message.salt = (1n << 256n).toString()), "message.salt"],
    ["zero token id", (d) => (d.message.tokenId = "0"), "message.tokenId"],
    ["timestamp in seconds (too old)", (d) => (d.message.timestamp = String(Math.floor(NOW_MS / 1000))), "message.timestamp"],
    ["timestamp 1 ms past the age window", (d) => (d.message.timestamp = String(NOW_MS - 60_001)), "message.timestamp"],
    ["timestamp 1 ms past the future skew", (d) => (d.message.timestamp = String(NOW_MS + 5_001)), "message.timestamp"],
    ["short metadata", (d) => (d.message.metadata = "0x00"), "message.metadata"],
    ["bad checksum address", (d) => (d.message.maker = `0x${WALLET.slice(2, 3) === WALLET.slice(2, 3).toUpperCase() ? WALLET.slice(2, 3).toLowerCase() : WALLET.slice(2, 3).toUpperCase()}${WALLET.slice(3)}`), "message.maker"],
    ["order fields reordered", (d) => (d.types.Order = [...(d.types.Order as unknown[])].reverse()), "types.Order"],
    ["extra type", (d) => (d.types.Extra = []), "types.Extra"],
    ["wrong EIP712Domain type", (d) => (d.types.EIP712Domain = [{ name: "name", type: "string" }]), "types.EIP712Domain"],
    ["exchange domain with another primary type", (d) => (d.primaryType = "Permit"), "primaryType"],
  ];
  test.each(mutations)("denies %s with SEC_SIGNING_INVALID", (_label, mutate, field) => {
    const d = base();
    mutate(d);
    expect(decode(d)).toMatchObject({ ok: false, reason_code: "SEC_SIGNING_INVALID", evidence: { field } });
  });

  test("accepts the age window's edges exactly (t − 60 s and t + 5 s)", () => {
    for (const ts of [NOW_MS - 60_000, NOW_MS + 5_000]) {
      expect(decode(orderTypedData(WALLET, { timestamp: String(ts) })).ok).toBe(true);
    }
  });

  test("a top-level extra key is refused", () => {
    expect(decode({ ...base(), account: WALLET })).toMatchObject({ ok: false, evidence: { field: "typedData.account" } });
  });

  test("a getter that throws is a refusal, not a crash", () => {
    const d = base();
    Object.defineProperty(d.message, "salt", { enumerable: true, get: () => { throw new TypeError("boom"); } });
    expect(decode(d)).toMatchObject({ ok: false, reason_code: "SEC_SIGNING_INVALID" });
  });

  test("what is signed is what was checked: the digest equals viem's hash of the request for any encoding of the numbers", () => {
    const enc = (v: bigint) => fc.constantFrom<unknown>(v, v.toString(), ...(v <= BigInt(Number.MAX_SAFE_INTEGER) ? [Number(v)] : []));
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: (1n << 256n) - 1n }).chain(enc),
        fc.bigInt({ min: 1n, max: 1_000_000_000_000_000n }).chain(enc),
        fc.bigInt({ min: 1n, max: 1_000_000_000_000_000n }).chain(enc),
        fc.integer({ min: NOW_MS - 60_000, max: NOW_MS + 5_000 }),
        fc.constantFrom(0, 1),
        fc.constantFrom([EXCHANGE_V2, "2"], [NEG_RISK_V2, "2"], [EXCHANGE_V3, "3"]),
        (salt, makerAmount, takerAmount, ts, side, [exchange, version]) => {
          const d = base();
          Object.assign(d.domain, { verifyingContract: exchange, version });
          Object.assign(d.message, { salt, makerAmount, takerAmount, timestamp: String(ts), side });
          const r = decode(d);
          if (!r.ok || r.intent.kind !== "order") return false;
          const asBig = (v: unknown) => BigInt(v as string);
          const viemHash = hashTypedData({
            domain: d.domain,
            types: d.types,
            primaryType: "Order",
            message: { ...d.message, salt: asBig(salt), makerAmount: asBig(makerAmount), takerAmount: asBig(takerAmount) },
          } as unknown as Parameters<typeof hashTypedData>[0]);
          return r.intent.digest === viemHash && r.intent.intent_id === `int_${viemHash.slice(2)}`;
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe("decodeSigningRequest: ClobAuth", () => {
  const clobAuth = (over: Record<string, unknown> = {}) => ({
    domain: { name: "ClobAuthDomain", version: "1", chainId: 137 },
    types: CLOB_AUTH_TYPES,
    primaryType: "ClobAuth",
    message: {
      address: WALLET,
      timestamp: String(NOW_MS / 1000),
      nonce: 0,
      message: "This message attests that I control the given wallet",
      ...over,
    },
  });
  test("accepts the exact L1 auth document", () => {
    expect(decode(clobAuth())).toMatchObject({ ok: true, intent: { kind: "clob_auth", method: "ClobAuth.sign", contract_address: null } });
  });
  test.each([
    ["another wallet", { address: OTHER }, "message.address"],
    ["another text", { message: "I attest" }, "message.message"],
    ["milliseconds timestamp", { timestamp: String(NOW_MS) }, "message.timestamp"],
    ["stale timestamp", { timestamp: String(NOW_MS / 1000 - 301) }, "message.timestamp"],
  ])("denies %s with SEC_SIGNING_INVALID", (_l, over, field) => {
    expect(decode(clobAuth(over))).toMatchObject({ ok: false, reason_code: "SEC_SIGNING_INVALID", evidence: { field } });
  });
});

describe("decodeSigningRequest: everything else is unsignable", () => {
  test("a pUSD Permit is recognised as eip712:Permit, never as a signable intent", () => {
    const permit = {
      domain: { name: "Polymarket USD", version: "1", chainId: 137, verifyingContract: "0xC011a7E12a19f7B1f670d46F03B03f3342E82DFB" },
      types: {
        Permit: [
          { name: "owner", type: "address" },
          { name: "spender", type: "address" },
          { name: "value", type: "uint256" },
          { name: "nonce", type: "uint256" },
          { name: "deadline", type: "uint256" },
        ],
      },
      primaryType: "Permit",
      message: { owner: WALLET, spender: OTHER, value: 10n ** 30n, nonce: 0, deadline: 2n ** 255n },
    };
    expect(decode(permit)).toMatchObject({ ok: true, intent: { kind: "unsignable", method: "eip712:Permit", digest: null } });
  });
  test.each([
    ["message", "personal_sign"],
    ["transaction", "eth_signTransaction"],
  ] as const)("a %s request becomes %s", (kind, method) => {
    const request = kind === "message" ? { kind, message: "hello" } : { kind, transaction: { to: OTHER, value: 1n } };
    expect(decodeSigningRequest(request, ctx)).toMatchObject({ ok: true, intent: { kind: "unsignable", method } });
  });
});
