import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { inspect } from "node:util";
import fc from "fast-check";
import { type Hex, decodeAbiParameters, getAddress, recoverAddress, sliceHex } from "viem";
import { describe, expect, test } from "vitest";
import { hashSessionOrder } from "../../src/chain/hashSessionOrder";
import type { OrderIntent } from "../../src/core/SigningIntent";
import { WalletNotReadyError } from "../../src/errors/WalletNotReadyError";
import { decodeSigningRequest } from "../../src/signer/decodeSigningRequest";
import { type SafeSessionActivation, createSafeModuleWallet } from "../../src/chain/createSafeModuleWallet";
import { createSafeSessionKeys } from "../../src/signer/wallets/createSafeSessionKeys";
import { walletKeySecret } from "../../src/signer/WalletKey";
import { NOW_MS, decodeContext } from "../helpers/decodeContext";
import { poly1271Envelope } from "../helpers/clobClientShapes";
import { EXCHANGE_V2, EXCHANGE_V3, NEG_RISK_V2, orderTypedData } from "../helpers/testWarden";

const SAFE = getAddress("0x574548bc296a44a39a7828343fc262244f37a7e5");
const MODULE = getAddress("0x3333333333333333333333333333333333333333");
const ID_A: Hex = `0x${"aa".repeat(32)}`;
const ID_B: Hex = `0x${"bb".repeat(32)}`;

function setup(states: Record<string, SafeSessionActivation> = {}) {
  const keys = createSafeSessionKeys({ dir: join(mkdtempSync(join(tmpdir(), "warden-safe-wallet-")), "keys"), passphrase: "p", scryptN: 16384 });
  const activations = new Map(Object.entries(states));
  const wallet = createSafeModuleWallet({ safe: SAFE, module: MODULE, chainId: 137, keys, activation: (id) => activations.get(id) ?? null });
  return { keys, activations, wallet, ctx: decodeContext(SAFE, { expects: wallet.expects }) };
}

const envelope = (o: Parameters<typeof poly1271Envelope>[1] = {}) => poly1271Envelope(SAFE, o);

function orderIntent(ctx: ReturnType<typeof setup>["ctx"], o: Parameters<typeof orderTypedData>[1] = {}): OrderIntent {
  const r = decodeSigningRequest({ kind: "typed_data", typedData: envelope(o) as never }, ctx);
  if (!r.ok || r.intent.kind !== "order") throw new TypeError(`not decoded: ${JSON.stringify(r)}`);
  return r.intent;
}

/** Splits the handler's `0x5fd7e97d ‖ abi.encode(domainSeparator, typeHash, encodeData, payload)`. */
function payloadOf(signature: Hex) {
  expect(sliceHex(signature, 0, 4)).toBe("0x5fd7e97d");
  const [, , , payload] = decodeAbiParameters([{ type: "bytes32" }, { type: "bytes32" }, { type: "bytes" }, { type: "bytes" }], sliceHex(signature, 4));
  return { sessionId: sliceHex(payload, 0, 32), sessionSignature: sliceHex(payload, 32) };
}

describe("createSafeModuleWallet: Safe maker, POLY_1271, one key per session", () => {
  test("expects clob-client-v2's TypedDataSign envelope with maker = signer = the Safe, and decodes it on all three exchanges", () => {
    const { wallet, ctx } = setup();
    expect(wallet.expects).toEqual({ maker: SAFE.toLowerCase(), signer: SAFE.toLowerCase(), clobAuthAddress: SAFE.toLowerCase(), signatureType: 3, orderDocument: "TypedDataSign" });
    for (const [exchange, version] of [[EXCHANGE_V2, "2"], [NEG_RISK_V2, "2"], [EXCHANGE_V3, "3"]] as const)
      expect(orderIntent(ctx, { exchange, version }).contract_address).toBe(exchange.toLowerCase());
  });

  test("refuses the plain Order and an envelope for another wallet (the Safe maker only)", () => {
    const { ctx } = setup();
    const base = orderTypedData(SAFE, { timestamp: String(NOW_MS) });
    const plain = { ...base, message: { ...base.message, signatureType: 3 } };
    expect(decodeSigningRequest({ kind: "typed_data", typedData: plain as never }, ctx).ok).toBe(false);
    const other = envelope();
    other.message.verifyingContract = getAddress("0xfaea0f08159fcf2f573fe24e9e989b0d48f7651b");
    expect(decodeSigningRequest({ kind: "typed_data", typedData: other as never }, ctx).ok).toBe(false);
  });

  test("signs nothing for a session without an active on-chain grant (no grant, pending, mismatch, revoked) and says why", () => {
    const { keys, wallet, ctx, activations } = setup();
    keys.create("ses_1");
    const intent = orderIntent(ctx);
    expect(wallet.readiness?.(NOW_MS)).toMatchObject({ ready: false, evidence: { problem: "no_session" } });
    expect(wallet.readiness?.(NOW_MS, { sessionId: "ses_1" })).toEqual({ ready: false, reason_code: "WALLET_SAFE_SESSION_NOT_ACTIVE", evidence: { problem: "no_grant" } });
    expect(() => wallet.signIntent(intent, { sessionId: "ses_1" })).toThrow(WalletNotReadyError);
    for (const problem of ["pending", "mismatch", "revoked", "expired"] as const) {
      activations.set("ses_1", { active: false, problem, onchainSessionId: ID_A });
      expect(wallet.readiness?.(NOW_MS, { sessionId: "ses_1" })).toMatchObject({ ready: false, reason_code: "WALLET_SAFE_SESSION_NOT_ACTIVE", evidence: { problem } });
      expect(() => wallet.signIntent(intent, { sessionId: "ses_1" })).toThrow(WalletNotReadyError);
    }
    activations.set("ses_1", { active: true, onchainSessionId: ID_A });
    expect(wallet.readiness?.(NOW_MS, { sessionId: "ses_1" })).toEqual({ ready: true, evidence: { onchain_session_id: ID_A } });
  });

  test("an active session whose key was destroyed signs nothing", () => {
    const { keys, wallet, ctx } = setup({ ses_1: { active: true, onchainSessionId: ID_A } });
    keys.create("ses_1");
    keys.destroy("ses_1");
    expect(() => wallet.signIntent(orderIntent(ctx), { sessionId: "ses_1" })).toThrow(expect.objectContaining({ details: { problem: "no_session_key" } }));
  });

  test("ClobAuth is signed by the session's own key for its own address, only while the grant is active (CLOB acceptance for a Safe unconfirmed)", async () => {
    const { keys, wallet } = setup({ ses_1: { active: true, onchainSessionId: ID_A }, ses_2: { active: false, problem: "pending" } });
    const key = keys.create("ses_1");
    keys.create("ses_2");
    expect(wallet.clobAuthAddressOf?.("ses_1")).toBe(key.address.toLowerCase());
    expect(wallet.clobAuthAddressOf?.("ses_x")).toBeNull();
    const intent = { kind: "clob_auth", intent_id: "i", method: "ClobAuth.sign", contract_address: null, message: { address: key.address, timestamp: "1", nonce: 0n, message: "m" }, notional_micros: 0n, size_usd: 0, digest: ID_B } as const;
    const signature = wallet.signIntent(intent, { sessionId: "ses_1" });
    expect((await recoverAddress({ hash: ID_B, signature })).toLowerCase()).toBe(key.address.toLowerCase());
    expect(() => wallet.signIntent(intent, { sessionId: "ses_2" })).toThrow(expect.objectContaining({ reasonCode: "WALLET_SAFE_SESSION_NOT_ACTIVE" }));
    keys.destroy("ses_1");
    expect(() => wallet.signIntent(intent, { sessionId: "ses_1" })).toThrow(expect.objectContaining({ details: { problem: "no_session_key" } }));
  });

  test("property: each session's key signs SessionOrder(its on-chain id, orderHash) under the module's domain, never another session's digest", async () => {
    const { keys, wallet, ctx } = setup({ ses_a: { active: true, onchainSessionId: ID_A }, ses_b: { active: true, onchainSessionId: ID_B } });
    const a = keys.create("ses_a");
    const b = keys.create("ses_b");
    await fc.assert(
      fc.asyncProperty(
        fc.bigInt({ min: 1n, max: 10n ** 12n }),
        fc.bigInt({ min: 1n, max: 10n ** 12n }),
        fc.constantFrom(0, 1),
        fc.constantFrom([EXCHANGE_V2, "2"], [NEG_RISK_V2, "2"], [EXCHANGE_V3, "3"]),
        async (makerAmount, takerAmount, side, [exchange, version]) => {
          const intent = orderIntent(ctx, { makerAmount: String(makerAmount), takerAmount: String(takerAmount), side, exchange, version });
          for (const [session, id, key] of [["ses_a", ID_A, a], ["ses_b", ID_B, b]] as const) {
            const { sessionId, sessionSignature } = payloadOf(wallet.signIntent(intent, { sessionId: session }));
            expect(sessionId).toBe(id);
            const digest = hashSessionOrder({ module: MODULE, chainId: 137, sessionId: id, orderHash: intent.digest });
            expect((await recoverAddress({ hash: digest, signature: sessionSignature })).toLowerCase()).toBe(key.address);
            const other = hashSessionOrder({ module: MODULE, chainId: 137, sessionId: id === ID_A ? ID_B : ID_A, orderHash: intent.digest });
            expect((await recoverAddress({ hash: other, signature: sessionSignature })).toLowerCase()).not.toBe(key.address);
          }
        },
      ),
      { numRuns: 50 },
    );
  });

  test("a session key reaches no error of the wallet", () => {
    const { keys, wallet, ctx, activations } = setup();
    const key = keys.create("ses_1");
    const secret = Buffer.from(walletKeySecret(key)).toString("hex");
    activations.set("ses_1", { active: false, problem: "pending" });
    const texts: string[] = [];
    try {
      wallet.signIntent(orderIntent(ctx), { sessionId: "ses_1" });
    } catch (e) {
      texts.push(String(e), JSON.stringify(e), inspect(e, { depth: 10 }));
    }
    texts.push(inspect(wallet, { depth: 10 }), JSON.stringify(wallet));
    expect(texts.length).toBe(5);
    for (const t of texts) expect(t.toLowerCase()).not.toContain(secret);
  });
});
