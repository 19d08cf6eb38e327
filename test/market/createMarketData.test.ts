import { describe, expect, test } from "vitest";
import { createMarketData } from "../../src/market/createMarketData.js";
import { marketDataConfigSchema } from "../../src/market/marketDataConfigSchema.js";
import { UNASSIGNED_CLUSTER } from "../../src/market/types.js";
import { startLocalHttpServer } from "./localHttpServer.js";
import { CONDITION_ID, WALLET, YES_TOKEN, clobBook, dataPosition, gammaMarket } from "./payloads.js";

const MAMDANI = "0x847f0ba7d329a199b800fac0b2c78dd691c341464cdd3982ade30da80151093c";
const MAMDANI_YES = "56050775050513754249968416146311773202039231612794917583797412702471556383608";
const FED_YES = "104656997773343516662479546460498331313910828479746660942916932994008403069514";

describe("createMarketData", () => {
  test("offline by default: fixture source, store and clusters wired together", async () => {
    const config = marketDataConfigSchema.parse({ clusters: { "us-politics": [MAMDANI] } });
    const { store, clusters } = await createMarketData({ config });
    store.track({ tokenIds: [MAMDANI_YES, FED_YES] });
    const report = await store.refreshNow();
    expect(report.failed).toEqual([]);
    expect(store.getBook(MAMDANI_YES)).toMatchObject({ status: "ok", snapshot: { negRisk: true } });
    expect(clusters.clusterOfToken(MAMDANI_YES)).toMatchObject({ status: "ok", clusterId: "us-politics" });
    expect(clusters.clusterOfToken(FED_YES)).toMatchObject({ status: "ok", clusterId: UNASSIGNED_CLUSTER });
  });

  test("http source against a local server", async () => {
    const server = await startLocalHttpServer((url) => {
      if (url.pathname === "/markets") return { kind: "json", body: [gammaMarket()] };
      if (url.pathname === "/book") return { kind: "json", body: clobBook(Date.now()) };
      return { kind: "json", body: [dataPosition()] };
    });
    try {
      const config = marketDataConfigSchema.parse({
        source: { kind: "http", gammaBaseUrl: server.baseUrl, clobBaseUrl: server.baseUrl, dataBaseUrl: server.baseUrl },
        clusters: { macro: [CONDITION_ID] },
      });
      const { source, store, clusters } = await createMarketData({ config });
      expect((await source.getBook(YES_TOKEN)).bestAsk).toBe(0.42);
      store.track({ tokenIds: [YES_TOKEN], wallets: [WALLET] });
      expect((await store.refreshNow()).failed).toEqual([]);
      expect(clusters.clusterOfToken(YES_TOKEN)).toMatchObject({ status: "ok", clusterId: "macro" });
      expect(store.getPositions(WALLET).status).toBe("ok");
    } finally {
      await server.close();
    }
  });
});
