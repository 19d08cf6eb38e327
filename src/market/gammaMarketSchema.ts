import { z } from "zod";

const conditionIdSchema = z.string().regex(/^0x[0-9a-fA-F]{64}$/, "expected a bytes32 hex condition id");
const decimalIdSchema = z.string().regex(/^[0-9]{1,78}$/, "expected a decimal id");
const decimalStringSchema = z.string().regex(/^-?\d+(\.\d+)?$/, "expected a decimal string");
/** Gamma sends some numbers as JSON numbers and some as decimal strings. */
const decimalishSchema = z.union([z.number().finite(), decimalStringSchema.transform(Number)]);
const isoDateTimeSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/, "expected an ISO date-time")
  .refine((value) => !Number.isNaN(Date.parse(value)), "expected a parseable date-time");

/** Gamma encodes some arrays as JSON text; decode it, leaving undecodable text to fail as "not an array". */
function decodeJsonText(value: unknown): unknown {
  if (typeof value !== "string") return value;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return value;
  }
}

const jsonArray = <TItem extends z.ZodType>(item: TItem) => z.preprocess(decodeJsonText, z.array(item));
const emptyToNull = (value: unknown): unknown => (value === "" ? null : value);

/**
 * zod schema of the Gamma market fields Warden relies on (`GET /markets` items), after Gamma's
 * quirks are decoded: `outcomes`, `outcomePrices`, `clobTokenIds` and `umaResolutionStatuses`
 * are JSON text; `positionIds` is a real array (JSON text is accepted too). Fields a guard needs
 * are required; unknown fields are dropped. Cross-field rules: `version` picks the id list
 * (`"v1"` → `clobTokenIds`, `"v2"` → `positionIds`), which must match `outcomes` in length, as must
 * a non-empty `outcomePrices`.
 *
 * Field list: Polymarket `ts-sdk` `packages/bindings/src/gamma/market.ts`; `version` semantics:
 * docs.polymarket.com `migrate/polymarket-v2/api-integrations` ("reject missing or unsupported versions").
 *
 * @example
 * ```ts
 * const result = gammaMarketSchema.safeParse(JSON.parse(body)[0]);
 * if (!result.success) console.log(z.prettifyError(result.error));
 * ```
 */
export const gammaMarketSchema = z
  .object({
    id: z.union([z.string().min(1), z.number().int().transform(String)]),
    conditionId: conditionIdSchema,
    questionID: z.preprocess(emptyToNull, conditionIdSchema.nullish()),
    question: z.string(),
    slug: z.string().nullish(),
    description: z.string(),
    resolutionSource: z.string().nullish(),
    endDate: isoDateTimeSchema,
    active: z.boolean(),
    closed: z.boolean(),
    archived: z.boolean(),
    acceptingOrders: z.boolean(),
    enableOrderBook: z.boolean(),
    negRisk: z.boolean(),
    negRiskMarketID: z.preprocess(emptyToNull, z.string().nullish()),
    version: z.enum(["v1", "v2"]),
    outcomes: jsonArray(z.string().min(1)).refine((labels) => labels.length >= 2, "expected at least two outcomes"),
    outcomePrices: z.preprocess(decodeJsonText, z.array(decimalishSchema).nullish()),
    clobTokenIds: z.preprocess(decodeJsonText, z.array(decimalIdSchema).nullish()),
    positionIds: z.preprocess(decodeJsonText, z.array(decimalIdSchema).nullish()),
    umaResolutionStatus: z.preprocess(
      emptyToNull,
      z.enum(["requested", "proposed", "disputed", "resolved", "settled"]).nullish(),
    ),
    umaResolutionStatuses: jsonArray(z.string()),
    umaBond: z.preprocess(emptyToNull, z.union([decimalStringSchema, z.number().finite().transform(String)]).nullish()),
    customLiveness: z.number().int().nonnegative().nullish(),
    orderPriceMinTickSize: decimalishSchema.nullish(),
    orderMinSize: decimalishSchema.nullish(),
  })
  .superRefine((market, context) => {
    const ids = market.version === "v1" ? market.clobTokenIds : market.positionIds;
    const field = market.version === "v1" ? "clobTokenIds" : "positionIds";
    if (ids === null || ids === undefined) {
      context.addIssue({ code: "custom", path: [field], message: `version ${market.version} requires ${field}` });
    } else if (ids.length !== market.outcomes.length) {
      context.addIssue({ code: "custom", path: [field], message: `${ids.length} ids for ${market.outcomes.length} outcomes` });
    } else if (new Set(ids).size !== ids.length) {
      context.addIssue({ code: "custom", path: [field], message: "duplicate outcome ids" });
    }
    const prices = market.outcomePrices;
    if (prices !== null && prices !== undefined && prices.length > 0) {
      if (prices.length !== market.outcomes.length) {
        context.addIssue({ code: "custom", path: ["outcomePrices"], message: `${prices.length} prices for ${market.outcomes.length} outcomes` });
      } else if (prices.some((price) => price < 0 || price > 1)) {
        context.addIssue({ code: "custom", path: ["outcomePrices"], message: "prices must lie in [0, 1]" });
      }
    }
  });

/** A Gamma market after validation and decoding. */
export type GammaMarket = z.infer<typeof gammaMarketSchema>;
