// A small strategy in its own process: it holds only its session credential, asks the running
// Warden for signatures over HTTP, and builds orders with Polymarket's client.
// Run after `npx warden session grant --strategy demo --scope examples/scope.json --save .warden/demo.credential`.
import { readFileSync } from "node:fs";
import { OrderBuilder, Side, SignatureTypeV2 } from "@polymarket/clob-client-v2";
import { createWalletClient, http } from "viem";
import { polygon } from "viem/chains";
import { SigningDeniedError, connectWarden, toSessionAccount } from "warden";

const url = process.env.WARDEN_URL ?? `http://127.0.0.1:${process.env.WARDEN_PORT ?? 8787}`;
const credential = process.env.WARDEN_CREDENTIAL ?? readFileSync(process.env.WARDEN_CREDENTIAL_FILE ?? ".warden/demo.credential", "utf8").trim();
// The "Fed cut in December" market of the offline fixture data (fixtures/markets.json).
const FED_CUT_YES = "104656997773343516662479546460498331313910828479746660942916932994008403069514";

const account = toSessionAccount({ warden: await connectWarden({ url, credential }), credential, strategyId: "demo" });
const builder = new OrderBuilder(createWalletClient({ account, chain: polygon, transport: http() }), 137, SignatureTypeV2.EOA);
const market = { tickSize: "0.01", negRisk: false } as const;

const order = await builder.buildOrder({ tokenID: FED_CUT_YES, price: 0.42, size: 100, side: Side.BUY }, market, 2);
console.log(`signed order ${order.signature.slice(0, 12)}… maker ${order.maker}`);

// 1,000 shares at 0.42 = 420 pUSD, over the scope's max_per_call_size_usd (100): refused.
try {
  await builder.buildOrder({ tokenID: FED_CUT_YES, price: 0.42, size: 1000, side: Side.BUY }, market, 2);
  console.log("unexpected: the oversized order was signed");
  process.exitCode = 1;
} catch (e) {
  if (!(e instanceof SigningDeniedError)) throw e;
  console.log(`denied ${e.vote.reason_code} - ${e.shortMessage}`);
}
