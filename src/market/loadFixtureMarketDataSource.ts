import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { isAbsolute, join } from "node:path";
import { packageRoot } from "../core/packageRoot.js";
import { createFixtureMarketDataSource, type CreateFixtureMarketDataSourceParameters } from "./createFixtureMarketDataSource.js";
import { MarketDataMalformedError, MarketDataNotFoundError, MarketDataUnavailableError } from "../errors/marketErrors.js";
import type { MarketDataSource } from "./types.js";

/** Parameters of {@link loadFixtureMarketDataSource}. */
export type LoadFixtureMarketDataSourceParameters = Omit<CreateFixtureMarketDataSourceParameters, "fixtures" | "origin"> & {
  /** Path of the fixture JSON file (e.g. `fixtures/markets.json`). */
  path: string;
};

/** The fixture-backed source. */
export type LoadFixtureMarketDataSourceReturnType = MarketDataSource;

/**
 * Reads a fixture file and creates a {@link createFixtureMarketDataSource} over it.
 *
 * @param parameters - `{ path, maxBookAgeMs?, maxClockSkewMs?, now? }`.
 * @returns The source.
 * @throws {MarketDataNotFoundError} When the file does not exist.
 * @throws {MarketDataMalformedError} When it is not JSON.
 * @throws {MarketDataSchemaError} When an entry is invalid.
 *
 * @example
 * ```ts
 * const source = await loadFixtureMarketDataSource({ path: "fixtures/markets.json" });
 * const positions = await source.getPositions("0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266");
 * ```
 */
export async function loadFixtureMarketDataSource({
  path,
  ...rest
}: LoadFixtureMarketDataSourceParameters): Promise<LoadFixtureMarketDataSourceReturnType> {
  const source = `fixture:${path}`;
  let text: string;
  try {
    text = await readFile(shippedPath(path), "utf8");
  } catch (error) {
    if (error instanceof Error && "code" in error && error.code === "ENOENT") throw new MarketDataNotFoundError({ source, key: "file" });
    throw new MarketDataUnavailableError({ source, key: "file", reason: "io", details: "cannot read the fixture file", cause: error });
  }
  let fixtures: unknown;
  try {
    fixtures = JSON.parse(text) as unknown;
  } catch (error) {
    throw new MarketDataMalformedError({ source, key: "file", cause: error });
  }
  return createFixtureMarketDataSource({ fixtures, origin: path, ...rest });
}

/**
 * A relative path that does not exist from the cwd but names a file shipped with the package (the
 * default `fixtures/markets.json`) resolves from the package, so `npx warden` works from anywhere.
 */
function shippedPath(path: string): string {
  if (isAbsolute(path) || existsSync(path)) return path;
  const root = packageRoot();
  const shipped = root ? join(root, path) : null;
  return shipped && existsSync(shipped) ? shipped : path;
}
