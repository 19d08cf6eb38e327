import { z } from "zod";

const NAME = /^[A-Za-z0-9._:-]{1,64}$/;

/**
 * zod schema of the optional `strategies` section: what the operator says about each strategy id
 * beyond its sessions. Today one fact, its bot family (seed 003's bot-family kill switch): the
 * strategies with the same `family` are stopped together. The signed SessionGrant does not carry
 * it; Warden reads it from here whenever it decides.
 *
 * @example
 * ```ts
 * strategiesConfigSchema.parse({ "nba-mm": { family: "market-makers" }, "fed-mm": { family: "market-makers" } });
 * ```
 */
export const strategiesConfigSchema = z
  .record(
    z.string(),
    z
      .object({
        family: z
          .string({ error: "strategies.<id>.family is required: name the strategy's bot family, e.g. market-makers" })
          .regex(NAME, { error: "strategies.<id>.family must be 1–64 letters, digits, '.', '_', ':' or '-', e.g. market-makers" }),
      })
      .strict(),
  )
  // Checked here rather than as the record's key schema, whose own message zod replaces.
  .superRefine((strategies, ctx) => {
    for (const id of Object.keys(strategies))
      if (!NAME.test(id)) ctx.addIssue({ code: "custom", path: [id], message: "strategies keys must be strategy ids: 1–64 letters, digits, '.', '_', ':' or '-'" });
  });

/** The validated `strategies` section: strategy id → `{ family }`. */
export type StrategiesConfig = z.infer<typeof strategiesConfigSchema>;
