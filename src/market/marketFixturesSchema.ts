import { z } from "zod";

const rawObject = z.record(z.string(), z.unknown());

/**
 * zod schema of a market fixture file (`fixtures/markets.json`). Each entry wraps a payload in
 * the API's own raw shape, so fixtures go through the same parsers as live data:
 * - `markets[]`: `{ gamma, endsInHours? }`: a Gamma `GET /markets` item; `endsInHours` replaces
 *   `endDate` with load time + that many hours, so "near resolution" stays near.
 * - `books[]`: `{ clob, ageMs? }`: a CLOB `GET /book` response; its `timestamp` is replaced at each
 *   read by read time − `ageMs` (default 0), so books are always as fresh (or as stale) as written.
 * - `positions[]`: `{ wallet, data }`: a data API `GET /positions` page for `wallet`.
 *
 * @example
 * ```ts
 * const fixtures = marketFixturesSchema.parse(JSON.parse(readFileSync("fixtures/markets.json", "utf8")));
 * ```
 */
export const marketFixturesSchema = z.object({
  $comment: z.string().optional(),
  markets: z.array(z.object({ $comment: z.string().optional(), endsInHours: z.number().finite().optional(), gamma: rawObject })),
  books: z.array(z.object({ $comment: z.string().optional(), ageMs: z.number().int().nonnegative().default(0), clob: rawObject })),
  positions: z.array(z.object({ $comment: z.string().optional(), wallet: z.string(), data: z.array(z.unknown()) })),
});

/** A fixture file after validation. */
export type MarketFixtures = z.infer<typeof marketFixturesSchema>;
