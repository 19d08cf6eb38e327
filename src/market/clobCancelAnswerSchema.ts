import { z } from "zod";

/**
 * zod schema of the CLOB's answer to every cancel (`DELETE /order`, `/orders`, `/cancel-all`,
 * `/cancel-market-orders`; docs.polymarket.com API reference): `canceled`, the order ids it
 * cancelled, and `not_canceled`, order id → why not (free text, e.g. "already canceled or
 * matched"). A missing or `null` list or map is read as empty; ids are lower-cased (the CLOB's
 * order id is the order's EIP-712 digest, hex); unknown extra fields are ignored.
 *
 * @example
 * ```ts
 * clobCancelAnswerSchema.parse({ canceled: ["0xAB…"], not_canceled: {} }); // { canceled: ["0xab…"], not_canceled: {} }
 * ```
 */
export const clobCancelAnswerSchema = z.object({
  canceled: z
    .array(z.string().max(200, "expected order ids"))
    .max(100_000)
    .nullish()
    .transform((ids) => (ids ?? []).map((id) => id.toLowerCase())),
  not_canceled: z
    .record(z.string().max(200, "expected order ids"), z.unknown())
    .nullish()
    .transform((m) => Object.fromEntries(Object.entries(m ?? {}).map(([id, why]) => [id.toLowerCase(), (typeof why === "string" ? why : JSON.stringify(why) ?? "").slice(0, 500)]))),
});

/** A cancel answer: ids cancelled, and why the others were not. */
export type ClobCancelAnswer = z.infer<typeof clobCancelAnswerSchema>;
