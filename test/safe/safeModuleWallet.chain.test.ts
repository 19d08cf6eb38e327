import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Hex, concatHex, encodeFunctionData, getAddress, hashStruct, hashTypedData, numberToHex, size, stringToHex } from "viem";
import { describe, expect, test } from "vitest";
import { wardenModuleAbi } from "../../src/chain/generated/wardenModuleAbi";
import { exchangeDomainSeparator } from "../../src/core/polymarket/exchangeDomainSeparator";
import { ORDER_TYPE_STRING, orderTypes } from "../../src/core/polymarket/orderTypes";
import type { V2Order } from "../../src/core/polymarket/V2Order";
import type { OrderIntent } from "../../src/core/SigningIntent";
import { type SafeSessionActivation, createSafeModuleWallet } from "../../src/chain/createSafeModuleWallet";
import { createSafeSessionKeys } from "../../src/signer/wallets/createSafeSessionKeys";
import { type WardenFixture, wardenFixture } from "../contracts/helpers/wardenFixture";
import { type SafeVersion, safeVersions } from "../contracts/helpers/safes";

const NAMES = ["CTFExchangeV2", "NegRiskCtfExchangeV2", "ExchangeV3"] as const;

/** The order as the decoder hands it to the wallet (what the pipeline approved). */
function intentFor(f: WardenFixture, order: V2Order, index: number): OrderIntent {
  const domain = f.domainOf(index);
  return {
    kind: "order",
    intent_id: "int_test",
    method: "CTFExchangeV2.matchOrders",
    contract_address: domain.verifyingContract.toLowerCase() as `0x${string}`,
    exchange: { name: NAMES[index]!, version: domain.version as "2" | "3", address: domain.verifyingContract.toLowerCase() as `0x${string}`, maskBit: index as 0 | 1 | 2 },
    order: { ...order, maker: order.maker.toLowerCase() as `0x${string}`, signer: order.signer.toLowerCase() as `0x${string}` },
    side: "BUY",
    notional_micros: order.makerAmount,
    size_usd: Number(order.makerAmount) / 1e6,
    timestamp_ms: Number(order.timestamp),
    digest: hashTypedData({ domain, types: orderTypes, primaryType: "Order", message: order }),
  };
}

/**
 * The trailer clob-client-v2 1.1.0 appends for POLY_1271 (ExchangeOrderBuilderV2.buildOrderSignature):
 * exchange domain separator ‖ hashStruct(order) ‖ utf8(Order type string) ‖ uint16 length — stated
 * here on its own, not taken from src.
 */
function clientTrailer(f: WardenFixture, order: V2Order, index: number): Hex {
  const type = stringToHex(ORDER_TYPE_STRING);
  return concatHex([exchangeDomainSeparator(f.domainOf(index)), hashStruct({ types: orderTypes, primaryType: "Order", data: order }), type, numberToHex(size(type), { size: 2 })]);
}

describe.each(Object.keys(safeVersions) as SafeVersion[])("safe-module wallet on a real Safe %s → ExtensibleFallbackHandler → Warden module", (version) => {
  test(
    "a session's order, with the client's trailer appended, is accepted on the three exchanges once granted, and refused after revocation",
    async () => {
      const f = await wardenFixture(version);
      try {
        const keys = createSafeSessionKeys({ dir: join(mkdtempSync(join(tmpdir(), "warden-safe-chain-")), "keys"), passphrase: "p", scryptN: 16384 });
        const activations = new Map<string, SafeSessionActivation>();
        const wallet = createSafeModuleWallet({ safe: f.safe, module: f.module.address, chainId: f.chainId, keys, activation: (id) => activations.get(id) ?? null });
        const key = keys.create("ses_1");
        expect(wallet.readiness?.(Date.now(), { sessionId: "ses_1" })).toMatchObject({ ready: false });

        const onchainSessionId = await f.grant(await f.defaultGrant(getAddress(key.address)));
        activations.set("ses_1", { active: true, onchainSessionId });
        const order = await f.makeOrder();
        const signed = [0, 1, 2].map((i) => concatHex([wallet.signIntent(intentFor(f, order, i), { sessionId: "ses_1" }), clientTrailer(f, order, i)]));
        for (const [i, signature] of signed.entries()) expect(await f.exchangeAccepts(order, signature, i), NAMES[i]).toBe(true);
        // Without the trailer too (the payload is the handler's form; the trailer is ignored).
        expect(await f.exchangeAccepts(order, wallet.signIntent(intentFor(f, order, 0), { sessionId: "ses_1" }), 0)).toBe(true);
        // A signature for one exchange is not one for another.
        expect(await f.exchangeAccepts(order, signed[0]!, 2)).toBe(false);

        await f.moduleCall(encodeFunctionData({ abi: wardenModuleAbi, functionName: "revokeSession", args: [onchainSessionId] }));
        activations.set("ses_1", { active: false, problem: "revoked", onchainSessionId });
        keys.destroy("ses_1");
        for (const [i, signature] of signed.entries()) expect(await f.exchangeAccepts(order, signature, i), NAMES[i]).toBe(false);
        expect(() => wallet.signIntent(intentFor(f, order, 0), { sessionId: "ses_1" })).toThrow(/WALLET_SAFE_SESSION_NOT_ACTIVE|not active/i);
      } finally {
        await f.connection.close();
      }
    },
    120_000,
  );
});
