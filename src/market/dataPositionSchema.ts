import { z } from "zod";

const finite = z.number().finite();

/**
 * zod schema of one item of the Polymarket data API `GET /positions?user=` response (a bare JSON
 * array; docs.polymarket.com `api-spec/data-openapi.yaml` `Position`): numbers are JSON numbers,
 * `asset` is the token id, `conditionId` the bytes32 condition, `proxyWallet` the holder. Amounts a
 * guard needs are required; descriptive fields are optional.
 *
 * @example
 * ```ts
 * const positions = z.array(dataPositionSchema).parse(await response.json());
 * ```
 */
export const dataPositionSchema = z.object({
  proxyWallet: z.string().regex(/^0x[0-9a-fA-F]{40}$/, "expected an address"),
  asset: z.string().regex(/^[0-9]{1,78}$/, "expected a decimal token id"),
  conditionId: z.string().regex(/^0x[0-9a-fA-F]{64}$/, "expected a bytes32 hex condition id"),
  size: finite.nonnegative(),
  avgPrice: finite.min(0).max(1),
  initialValue: finite,
  currentValue: finite,
  cashPnl: finite,
  curPrice: finite.min(0).max(1),
  redeemable: z.boolean().nullish(),
  mergeable: z.boolean().nullish(),
  negativeRisk: z.boolean().nullish(),
  outcome: z.string().nullish(),
  outcomeIndex: z.number().int().nonnegative().nullish(),
  title: z.string().nullish(),
});

/** One data API position after validation. */
export type DataPosition = z.infer<typeof dataPositionSchema>;
