import { join } from "node:path";
import { hashTypedData } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import type { WardenConfigInput } from "../../src/config/wardenConfigSchema";
import { killSwitchGuard } from "../../src/guards/killSwitchGuard";
import { sessionKeyManagerGuard } from "../../src/guards/sessionKeyManagerGuard";
import { walletPermissionGuard } from "../../src/guards/walletPermissionGuard";
import { WalletKey } from "../../src/signer/WalletKey";
import { createWarden } from "../../src/warden/createWarden";
import type { CreateWardenParameters, Warden } from "../../src/warden/Warden";
import { clobCredentials } from "./fakeClob";
import { type FakeClobBook, fakeClobBook } from "./fakeClobCancels";
import { EXCHANGE_V2, EXCHANGE_V3, FIXTURE_TOKEN, NEG_RISK_V2, orderTypedData, tempDir } from "./testWarden";
import { type LocalHttpServer, startLocalHttpServer } from "../market/localHttpServer";

/** Fixture markets (fixtures/markets.json) with their condition id and one outcome token. */
export const MARKETS = {
  FED: { condition: "0xa357894de1a2acda2e846b00232642a4fefd80c122c8d2ec5c91173931f8994e", token: FIXTURE_TOKEN },
  BTC: { condition: "0xec91b724088ce23425b888be12d0dd3cd9a7411b112610ca8f395d23f33034ff", token: "105293170700673572814352416486693665391941880950714227925650671110031172263872" },
  MAMDANI: { condition: "0x847f0ba7d329a199b800fac0b2c78dd691c341464cdd3982ade30da80151093c", token: "56050775050513754249968416146311773202039231612794917583797412702471556383608" },
  ADAMS: { condition: "0x21f077f8b212bd6ee0ddeac274ee2bbcecc6121d4245cc3910a2915a05ba955e", token: "9708099819283373187505765520265275078477740354887689469457985990077493585313" },
  CEASEFIRE: { condition: "0x032e43c25852eac13a143343d291cc1bb8b5041af3c020611ff601fed57fcef3", token: "31219274674619522624634483069146857481607365544578436069746690431911974006564" },
} as const;
export type MarketName = keyof typeof MARKETS;

/** Strategies and their families (`solo` has none); clusters of the markets (CEASEFIRE is unassigned). */
export const STRATEGIES = { "nba-mm": "market-makers", "fed-mm": "market-makers", "btc-arb": "arbitrage", solo: null } as const;
export type StrategyName = keyof typeof STRATEGIES;
export const CLUSTERS = { FED_RATES: [MARKETS.FED.condition], NYC_2029: [MARKETS.MAMDANI.condition, MARKETS.ADAMS.condition], CRYPTO: [MARKETS.BTC.condition] };

/** A signed order Warden holds exposure for and the fake CLOB has on its book. */
export type PlacedOrder = { id: string; strategy: StrategyName; market: MarketName };

/**
 * A Warden for the wallet of `owner` with one session per strategy, the foundation pipeline (its
 * KillSwitch guard knows the families), a fake CLOB on a local HTTP server holding the wallet's L2
 * API key, and `place(strategy, market)`: Warden signs an order and the CLOB has it resting.
 */
export async function cancelWorld(
  over: { config?: WardenConfigInput; killSwitch?: NonNullable<WardenConfigInput["kill_switch"]>; warden?: Partial<CreateWardenParameters>; keyByte?: string } = {},
) {
  const pk = `0x${(over.keyByte ?? "6e").repeat(32)}` as const;
  const owner = privateKeyToAccount(pk);
  const credentials = clobCredentials();
  const server: LocalHttpServer = await startLocalHttpServer();
  const clob: FakeClobBook = fakeClobBook({ credentials, address: owner.address });
  server.setRoute(clob.route);
  const families = Object.fromEntries(Object.entries(STRATEGIES).filter(([, f]) => f !== null).map(([s, family]) => [s, { family: family as string }]));
  const warden: Warden = await createWarden({
    wallet: WalletKey.fromPrivateKey(pk),
    guards: [
      killSwitchGuard({ familyOf: (id) => (STRATEGIES as Record<string, string | null>)[id] ?? null }),
      sessionKeyManagerGuard({ mode: "hard_guard" }),
      walletPermissionGuard({ mode: "hard_guard" }),
    ],
    config: {
      store: { path: join(tempDir(), "w.db"), synchronous: "NORMAL" },
      log: { level: "silent" },
      market_data: { track: { token_ids: Object.values(MARKETS).map((m) => m.token) }, clusters: CLUSTERS },
      strategies: families,
      kill_switch: {
        clob: { clob_url: server.baseUrl, api_key: credentials.key, api_secret: credentials.secret, api_passphrase: credentials.passphrase },
        // Generous per attempt (a loaded CI machine), short backoff; tests of timeouts set their own.
        cancel: { timeout_ms: 2_000, max_attempts: 3, backoff_ms: 20, deadline_ms: 8_000 },
        ...over.killSwitch,
      },
      ...over.config,
    },
    ...over.warden,
  });
  const sessions = new Map<string, string>();
  for (const strategy of Object.keys(STRATEGIES)) {
    const req = await warden.requestSession({
      strategy_id: strategy,
      method_whitelist: ["CTFExchangeV2.matchOrders"],
      contract_allowlist: [EXCHANGE_V2, NEG_RISK_V2, EXCHANGE_V3],
      max_calls_per_session: 1_000_000,
    });
    sessions.set(strategy, (await warden.grantSession({ grant_id: req.grant_id, signature: await owner.signTypedData(req.typed_data) })).credential);
  }
  let salt = 1;
  const sign = (strategy: StrategyName, market: MarketName, o: { salt?: string; timestamp?: string } = {}) => {
    const typedData = orderTypedData(owner.address, { tokenId: MARKETS[market].token, salt: o.salt ?? String(salt++), ...(o.timestamp ? { timestamp: o.timestamp } : {}) });
    return warden.sign({ credential: sessions.get(strategy) as string, strategy_id: strategy, request: { kind: "typed_data", typedData } }).then(() => hashTypedData(typedData as never));
  };
  const place = async (strategy: StrategyName, market: MarketName): Promise<PlacedOrder> => {
    const id = await sign(strategy, market);
    clob.place({ id, market: MARKETS[market].condition, asset_id: MARKETS[market].token });
    return { id, strategy, market };
  };
  /** An order of this wallet on the book that Warden did not sign (or no longer counts). */
  let foreign = 1;
  const placeForeign = (market: MarketName) => {
    const id = `0x${(foreign++).toString(16).padStart(64, "f")}`;
    clob.place({ id, market: MARKETS[market].condition, asset_id: MARKETS[market].token });
    return id;
  };
  const openIds = async () => new Set((await warden.listOpenOrders()).map((o) => o.order_hash));
  const close = async () => {
    clob.stop();
    await warden.close();
    await server.close();
  };
  return { warden, owner, credentials, server, clob, sessions, sign, place, placeForeign, openIds, close };
}
