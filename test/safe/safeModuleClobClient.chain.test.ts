import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { OrderBuilder, Side, SignatureTypeV2 } from "@polymarket/clob-client-v2";
import { type Address, type Hex, createWalletClient, http } from "viem";
import { toAccount } from "viem/accounts";
import { polygon } from "viem/chains";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { type SafeSessionActivation, createSafeModuleWallet } from "../../src/chain/createSafeModuleWallet";
import { encodeRevokeSession } from "../../src/chain/encodeRevokeSession";
import { prepareSafeSessionGrant } from "../../src/chain/prepareSafeSessionGrant";
import { readSafeSessionActivation } from "../../src/chain/readSafeSessionActivation";
import { createOrderHasher } from "../../src/signer/createOrderHasher";
import { decodeSigningRequest } from "../../src/signer/decodeSigningRequest";
import { createSafeSessionKeys } from "../../src/signer/wallets/createSafeSessionKeys";
import { FIXTURE_TOKEN } from "../helpers/testWarden";
import { type SafeVersion, safeVersions } from "../contracts/helpers/safes";
import { type ClientSignedOrder, toOrderStruct } from "../helpers/clobClientShapes";
import { safeModuleChain } from "./safeModuleChain";

type SignedOrder = ClientSignedOrder;
const struct = toOrderStruct;

describe.each(Object.keys(safeVersions) as SafeVersion[])("stock clob-client-v2 POLY_1271 with a Safe %s as funder, signed by the safe-module wallet", (version) => {
  let c: Awaited<ReturnType<typeof safeModuleChain>>;
  beforeAll(async () => {
    c = await safeModuleChain(version);
  }, 120_000);
  afterAll(async () => c?.close());

  test("the decoder accepts exactly the client's TypedDataSign document, and the exchange accepts the client's signature as posted until the owners revoke", async () => {
    const keys = createSafeSessionKeys({ dir: join(mkdtempSync(join(tmpdir(), "warden-safe-clob-")), "keys"), passphrase: "p", scryptN: 16384 });
    const activations = new Map<string, SafeSessionActivation>();
    const wallet = createSafeModuleWallet({ safe: c.safe, module: c.module.address, chainId: 137, keys, activation: (id) => activations.get(id) ?? null });
    const { key: _k, ...scope } = {
      key: c.safe,
      limits: { validUntil: (await c.now()) + 86_400, maxOrderAgeSec: 3_600, maxPerCallMicroUsd: 1_000_000_000n, minSellPriceMicroUsd: 0, maxBuyPriceMicroUsd: 1_000_000, maxCalls: 10, maxValuePerCallWei: 0n, exchangeMask: 0b111, strategy: 0, tokenAllowlist: true },
      calls: [],
      spenders: [],
      recipients: [],
      tokenIds: [BigInt(FIXTURE_TOKEN)],
    };
    const prepared = prepareSafeSessionGrant({ keys, sessionId: "ses_1", chainId: 137, module: c.module.address, safe: c.safe, grantNonce: await c.module.read.grantNonce([c.safe]), scope });
    const activate = async () =>
      activations.set("ses_1", await readSafeSessionActivation({ client: c.publicClient, module: c.module.address, safe: c.safe, onchainSessionId: prepared.onchainSessionId, expected: prepared.grant, nowSec: await c.now() }));

    const hasher = createOrderHasher({ chainId: 137 });
    const documents: unknown[] = [];
    // Warden's side of toSessionAccount, in process: decode with the wallet's expectations, then sign.
    const account = toAccount({
      address: prepared.grant.key as Address,
      signMessage: async () => Promise.reject(new Error("not an order")),
      signTransaction: async () => Promise.reject(new Error("not an order")),
      signTypedData: async (typedData) => {
        documents.push(typedData);
        const decoded = decodeSigningRequest({ kind: "typed_data", typedData: typedData as never }, { chainId: 137, hasher, expects: wallet.expects, nowMs: Date.now(), maxOrderAgeMs: 600_000, maxOrderFutureSkewMs: 60_000, maxClobAuthAgeMs: 300_000, maxAmountUnits: 10n ** 15n });
        if (!decoded.ok || decoded.intent.kind !== "order") throw new Error(`refused: ${decoded.ok ? decoded.intent.kind : JSON.stringify(decoded)}`);
        const readiness = wallet.readiness?.(Date.now(), { sessionId: "ses_1" });
        if (!readiness?.ready) throw new Error(`not ready: ${readiness?.reason_code}`);
        return wallet.signIntent(decoded.intent, { sessionId: "ses_1" });
      },
    });
    const client = createWalletClient({ account, chain: polygon, transport: http("http://127.0.0.1:1") });
    const build = (version: 2 | 3, negRisk: boolean) =>
      new OrderBuilder(client, 137, SignatureTypeV2.POLY_1271, c.safe).buildOrder({ tokenID: FIXTURE_TOKEN, price: 0.4, size: 100, side: Side.BUY }, { tickSize: "0.01", negRisk }, version) as unknown as Promise<SignedOrder>;

    // Before the owners execute the grant: nothing is signed.
    await activate();
    await expect(build(2, false)).rejects.toThrow(/WALLET_SAFE_SESSION_NOT_ACTIVE/);
    await c.exec({ to: prepared.transaction.to, data: prepared.transaction.data });
    await activate();

    const signed: SignedOrder[] = [];
    for (const [version, negRisk, index] of [[2, false, 0], [2, true, 1], [3, false, 2]] as const) {
      const order = await build(version, negRisk);
      expect(order).toMatchObject({ maker: c.safe, signer: c.safe, signatureType: 3 });
      expect(await c.exchanges[index]!.contract.read.isValidOrderSignature([struct(order), order.signature as Hex]), c.exchanges[index]!.name).toBe(true);
      signed.push(order);
    }
    expect(documents[0]).toMatchObject({ primaryType: "TypedDataSign", message: { name: "DepositWallet", version: "1", verifyingContract: c.safe } });

    const revoke = encodeRevokeSession({ module: c.module.address, sessionId: prepared.onchainSessionId });
    await c.exec({ to: revoke.to, data: revoke.data });
    await activate();
    keys.destroy("ses_1");
    for (const [index, order] of signed.entries()) expect(await c.exchanges[index]!.contract.read.isValidOrderSignature([struct(order), order.signature as Hex])).toBe(false);
    await expect(build(2, false)).rejects.toThrow(/WALLET_SAFE_SESSION_NOT_ACTIVE/);
  }, 120_000);
});
