import { OrderBuilder, Side, SignatureTypeV2, createL1Headers } from "@polymarket/clob-client-v2";
import { createWalletClient, http, recoverTypedDataAddress, verifyTypedData } from "viem";
import { polygon } from "viem/chains";
import { describe, expect, test } from "vitest";
import { orderTypeFields } from "../../src/core/polymarket/orderTypes";
import { toSessionAccount } from "../../src/signer/toSessionAccount";
import { CLOB_AUTH_TYPES, FIXTURE_TOKEN, grant, testWarden } from "../helpers/testWarden";

describe("@polymarket/clob-client-v2 signs through a Warden session account", () => {
  test.each([
    { label: "CTFExchangeV2", version: 2, negRisk: false },
    { label: "NegRisk CTFExchangeV2", version: 2, negRisk: true },
  ])("builds a valid signed V2 order on $label", async ({ version, negRisk }) => {
    const { warden, owner } = await testWarden();
    const session = await grant(warden, owner);
    const account = toSessionAccount({ warden, credential: session.credential, strategyId: "nba-mm" });
    const client = createWalletClient({ account, chain: polygon, transport: http("http://127.0.0.1:1") });
    const builder = new OrderBuilder(client, 137, SignatureTypeV2.EOA);
    const signed = (await builder.buildOrder(
      { tokenID: FIXTURE_TOKEN, price: 0.4, size: 100, side: Side.BUY },
      { tickSize: "0.01", negRisk },
      version,
    )) as unknown as Record<string, string | number>;
    const domain = {
      name: "Polymarket CTF Exchange",
      version: "2",
      chainId: 137,
      verifyingContract: negRisk ? "0xe2222d279d744050d28e00520010520000310F59" : "0xE111180000d2663C0091e4f400237545B87B996B",
    } as const;
    const message = {
      salt: BigInt(signed.salt as string),
      maker: signed.maker as `0x${string}`,
      signer: signed.signer as `0x${string}`,
      tokenId: BigInt(signed.tokenId as string),
      makerAmount: BigInt(signed.makerAmount as string),
      takerAmount: BigInt(signed.takerAmount as string),
      side: Number(signed.side === "BUY" ? 0 : signed.side === "SELL" ? 1 : signed.side),
      signatureType: Number(signed.signatureType),
      timestamp: BigInt(signed.timestamp as string),
      metadata: signed.metadata as `0x${string}`,
      builder: signed.builder as `0x${string}`,
    };
    const recovered = await recoverTypedDataAddress({
      domain,
      types: { Order: orderTypeFields },
      primaryType: "Order",
      message,
      signature: signed.signature as `0x${string}`,
    });
    expect(recovered).toBe(owner.address);
    expect(message.makerAmount).toBe(40_000_000n);
    expect((await warden.getSession(session.session_id))?.calls_used).toBe(1);
    await warden.close();
  });

  test("signs the ClobAuth L1 message so the client can derive its API key", async () => {
    const { warden, owner } = await testWarden({ config: { sessions: { allow_clob_auth: true } } });
    const session = await grant(warden, owner, { method_whitelist: ["CTFExchangeV2.matchOrders", "ClobAuth.sign"] });
    const account = toSessionAccount({ warden, credential: session.credential, strategyId: "nba-mm" });
    const client = createWalletClient({ account, chain: polygon, transport: http("http://127.0.0.1:1") });
    const headers = await createL1Headers(client, 137);
    const valid = await verifyTypedData({
      address: owner.address,
      domain: { name: "ClobAuthDomain", version: "1", chainId: 137 },
      types: CLOB_AUTH_TYPES,
      primaryType: "ClobAuth",
      message: {
        address: owner.address,
        timestamp: headers.POLY_TIMESTAMP,
        nonce: 0n,
        message: "This message attests that I control the given wallet",
      },
      signature: headers.POLY_SIGNATURE as `0x${string}`,
    });
    expect(valid).toBe(true);
    await warden.close();
  });
});
