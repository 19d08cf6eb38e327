import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { createWarden } from "../../src/warden/createWarden";
import type { CreateWardenParameters, Warden } from "../../src/warden/Warden";
import type { WardenConfigInput } from "../../src/config/wardenConfigSchema";
import type { SessionRequest } from "../../src/core/sessionRequestSchema";
import { WalletKey } from "../../src/signer/WalletKey";

export const EXCHANGE_V2 = "0xE111180000d2663C0091e4f400237545B87B996B";
export const NEG_RISK_V2 = "0xe2222d279d744050d28e00520010520000310F59";
export const EXCHANGE_V3 = "0xe3333700cA9d93003F00f0F71f8515005F6c00Aa";
/** "Yes" of the normal market in fixtures/markets.json (open, fresh book: best bid 0.41, best ask 0.42). */
export const FIXTURE_TOKEN = "104656997773343516662479546460498331313910828479746660942916932994008403069514";

/**
 * A config whose risk limits stay out of the way of tests about sessions and signing: the fixture
 * market data, a capital base for the DrawdownGuard, and caps far above any test's volume.
 */
export const roomyRisk: WardenConfigInput = {
  equity: { base_capital_usd: 1_000_000 },
  market_data: { track: { token_ids: [FIXTURE_TOKEN] } },
  risk: {
    exposure: {
      global_gross_cap_usd: 1e9,
      global_net_cap_usd: 1e9,
      cluster: { gross_cap_usd: 1e9, net_cap_usd: 1e9, max_instruments: 1000 },
      market: { gross_cap_usd: 1e9, net_cap_usd: 1e9 },
      strategy: { gross_cap_usd: 1e9, net_cap_usd: 1e9, max_order_size_usd: 1e9, max_envelopes_per_min: 1_000_000, max_notional_per_min_usd: 1e9 },
    },
  },
};

/** A fresh data directory under the OS temp dir. */
export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), "warden-test-"));
}

/**
 * A Warden on a fresh embedded store, with its owner's viem account (same key) for signing grants.
 * `overrides.config` is merged over the test config (top-level sections replace).
 */
export async function testWarden({ config, ...overrides }: Partial<CreateWardenParameters> = {}): Promise<{
  warden: Warden;
  owner: ReturnType<typeof privateKeyToAccount>;
  privateKey: `0x${string}`;
}> {
  const privateKey = generatePrivateKey();
  const owner = privateKeyToAccount(privateKey);
  const warden = await createWarden({
    wallet: WalletKey.fromPrivateKey(privateKey),
    config: { ...roomyRisk, store: { path: join(tempDir(), "warden.db"), synchronous: "NORMAL" }, log: { level: "silent" }, ...config },
    ...overrides,
  });
  return { warden, owner, privateKey };
}

/** Requests and grants a session in one go (the owner signs the SessionGrant); orders only unless told otherwise. */
export async function grant(
  warden: Warden,
  owner: ReturnType<typeof privateKeyToAccount>,
  request: Partial<SessionRequest> = {},
) {
  const req = await warden.requestSession({
    strategy_id: "nba-mm",
    method_whitelist: ["CTFExchangeV2.matchOrders"],
    contract_allowlist: [EXCHANGE_V2, NEG_RISK_V2, EXCHANGE_V3],
    ...request,
  });
  const signature = await owner.signTypedData(req.typed_data);
  return warden.grantSession({ grant_id: req.grant_id, signature });
}

/** The ClobAuth EIP-712 type as the CLOB documents it: the tests' own statement of the spec, not src's. */
export const CLOB_AUTH_TYPES = {
  ClobAuth: [
    { name: "address", type: "address" },
    { name: "timestamp", type: "string" },
    { name: "nonce", type: "uint256" },
    { name: "message", type: "string" },
  ],
} as const;

/** A V2 order typed-data document for the wallet, as the CLOB client builds it. */
export function orderTypedData(
  wallet: string,
  o: Partial<{
    exchange: string;
    version: string;
    salt: string;
    tokenId: string;
    makerAmount: string;
    takerAmount: string;
    side: number;
    timestamp: string;
    chainId: number;
  }> = {},
) {
  return {
    domain: {
      name: "Polymarket CTF Exchange",
      version: o.version ?? "2",
      chainId: o.chainId ?? 137,
      verifyingContract: o.exchange ?? EXCHANGE_V2,
    },
    types: {
      Order: [
        { name: "salt", type: "uint256" },
        { name: "maker", type: "address" },
        { name: "signer", type: "address" },
        { name: "tokenId", type: "uint256" },
        { name: "makerAmount", type: "uint256" },
        { name: "takerAmount", type: "uint256" },
        { name: "side", type: "uint8" },
        { name: "signatureType", type: "uint8" },
        { name: "timestamp", type: "uint256" },
        { name: "metadata", type: "bytes32" },
        { name: "builder", type: "bytes32" },
      ],
    },
    primaryType: "Order",
    message: {
      salt: o.salt ?? "123456789",
      maker: wallet,
      signer: wallet,
      tokenId: o.tokenId ?? FIXTURE_TOKEN,
      // BUY 100 shares at 0.40 pUSD: inside the fixture book's band (best ask 0.42).
      makerAmount: o.makerAmount ?? "40000000",
      takerAmount: o.takerAmount ?? "100000000",
      side: o.side ?? 0,
      signatureType: 0,
      timestamp: o.timestamp ?? String(Date.now()),
      metadata: `0x${"00".repeat(32)}`,
      builder: `0x${"00".repeat(32)}`,
    },
  } as const;
}
