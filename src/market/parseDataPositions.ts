import { z } from "zod";
import { dataPositionSchema } from "./dataPositionSchema.js";
import { MarketDataSchemaError } from "../errors/marketErrors.js";
import { toMicros } from "./toMicros.js";
import type { Hex, Position } from "./types.js";

/** Parameters of {@link parseDataPositions}. */
export type ParseDataPositionsParameters = {
  /** One page of a data API `GET /positions` response, as parsed JSON. */
  raw: unknown;
  /** Normalized (lower-case) wallet the positions were asked for; others' positions are refused. */
  wallet: Hex;
  source: string;
  key: string;
};

/** The page's positions, normalized. */
export type ParseDataPositionsReturnType = Position[];

const pageSchema = z.array(dataPositionSchema);

function micros(value: number, path: string, context: { source: string; key: string }): bigint {
  const result = toMicros({ value });
  if (result === undefined) throw new MarketDataSchemaError({ ...context, issues: `${path} is not a representable amount` });
  return result;
}

/**
 * Validates one page of data API positions and normalizes amounts to bigint micro-units. A page
 * holding another wallet's position is refused: a server that ignored `user=` must not make
 * someone else's book look like ours.
 *
 * @param parameters - `{ raw, wallet, source, key }`.
 * @returns The positions of the page.
 * @throws {MarketDataSchemaError} When the page is not an array of positions of `wallet`.
 *
 * @example
 * ```ts
 * const positions = parseDataPositions({ raw: [], wallet: "0x0000000000000000000000000000000000000001", source: "data-api:inline", key: "positions:0x…" });
 * positions.length; // 0
 * ```
 */
export function parseDataPositions({ raw, wallet, source, key }: ParseDataPositionsParameters): ParseDataPositionsReturnType {
  const result = pageSchema.safeParse(raw);
  if (!result.success) throw new MarketDataSchemaError({ source, key, issues: z.prettifyError(result.error) });
  const context = { source, key };
  return result.data.map((position, index): Position => {
    if (position.proxyWallet.toLowerCase() !== wallet) {
      throw new MarketDataSchemaError({ source, key, issues: `[${index}].proxyWallet is ${position.proxyWallet}, not ${wallet}` });
    }
    return {
      tokenId: position.asset,
      conditionId: position.conditionId.toLowerCase() as Hex,
      outcome: position.outcome ?? null,
      outcomeIndex: position.outcomeIndex ?? null,
      sizeMicros: micros(position.size, `[${index}].size`, context),
      avgPrice: position.avgPrice,
      curPrice: position.curPrice,
      initialValueMicros: micros(position.initialValue, `[${index}].initialValue`, context),
      currentValueMicros: micros(position.currentValue, `[${index}].currentValue`, context),
      cashPnlMicros: micros(position.cashPnl, `[${index}].cashPnl`, context),
      redeemable: position.redeemable ?? null,
      mergeable: position.mergeable ?? null,
      negativeRisk: position.negativeRisk ?? null,
      title: position.title ?? null,
    };
  });
}
