import { MarketDataInvalidKeyError } from "../errors/marketErrors.js";
import type { Hex } from "./types.js";

/** Which identifier is being parsed. */
export type MarketKeyKind = "condition" | "token" | "wallet";

/** Parameters of {@link parseMarketKey}. */
export type ParseMarketKeyParameters<TKind extends MarketKeyKind> = {
  kind: TKind;
  value: string;
  /** Source named in the error when the value is invalid. */
  source: string;
};

/** A normalized identifier: lower-case hex for conditions and wallets, a decimal string for tokens. */
export type ParseMarketKeyReturnType<TKind extends MarketKeyKind> = TKind extends "token" ? string : Hex;

const patterns: Record<MarketKeyKind, { pattern: RegExp; expected: string }> = {
  condition: { pattern: /^0x[0-9a-fA-F]{64}$/, expected: "bytes32 hex condition id" },
  token: { pattern: /^[0-9]{1,78}$/, expected: "decimal token id" },
  wallet: { pattern: /^0x[0-9a-fA-F]{40}$/, expected: "20-byte hex address" },
};

/**
 * Validates and normalizes a condition id, token id or wallet address given to the port, so
 * cache keys and comparisons never depend on letter case.
 *
 * @param parameters - `{ kind, value, source }`.
 * @returns The normalized identifier.
 * @throws {MarketDataInvalidKeyError} When the value cannot be such an identifier.
 *
 * @example
 * ```ts
 * parseMarketKey({ kind: "wallet", value: "0xAbC0000000000000000000000000000000000001", source: "fixture:inline" });
 * // "0xabc0000000000000000000000000000000000001"
 * ```
 */
export function parseMarketKey<TKind extends MarketKeyKind>({
  kind,
  value,
  source,
}: ParseMarketKeyParameters<TKind>): ParseMarketKeyReturnType<TKind> {
  const { pattern, expected } = patterns[kind];
  if (!pattern.test(value)) {
    throw new MarketDataInvalidKeyError({ source, key: `${kind}:${value.slice(0, 80)}`, expected });
  }
  return (kind === "token" ? value : value.toLowerCase()) as ParseMarketKeyReturnType<TKind>;
}
