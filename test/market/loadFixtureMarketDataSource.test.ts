import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { MarketDataMalformedError, MarketDataNotFoundError, MarketDataSchemaError } from "../../src/errors/marketErrors.js";
import { loadFixtureMarketDataSource } from "../../src/market/loadFixtureMarketDataSource.js";

const directory = mkdtempSync(join(tmpdir(), "warden-fixtures-"));
const file = (name: string, text: string) => {
  const path = join(directory, name);
  writeFileSync(path, text);
  return path;
};

describe("loadFixtureMarketDataSource", () => {
  test("loads the shipped fixture file and names it in source", async () => {
    const source = await loadFixtureMarketDataSource({ path: "fixtures/markets.json" });
    const { source: origin } = await source.getPositions("0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266");
    expect(origin).toBe("fixture:fixtures/markets.json");
  });

  test("a missing file → MarketDataNotFoundError", async () => {
    await expect(loadFixtureMarketDataSource({ path: join(directory, "absent.json") })).rejects.toThrow(MarketDataNotFoundError);
  });

  test("a file that is not JSON → MarketDataMalformedError", async () => {
    await expect(loadFixtureMarketDataSource({ path: file("broken.json", "{ markets: [") })).rejects.toThrow(MarketDataMalformedError);
  });

  test("JSON of the wrong shape → MarketDataSchemaError", async () => {
    await expect(loadFixtureMarketDataSource({ path: file("wrong.json", '{"markets": {}}') })).rejects.toThrow(MarketDataSchemaError);
  });
});
