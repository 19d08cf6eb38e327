import { z } from "zod";

/** A 32-byte id or signature-sized hex string, as the session routes take them. */
export const hex32 = (field: string) => z.string({ error: `${field} is required: 0x + 64 hex` }).regex(/^0x[0-9a-fA-F]{64}$/, { error: `${field} must be 0x + 64 hex` });
export const signatureHex = (field: string) =>
  z.string({ error: `${field} is required: the owner's signature, 0x + 130 hex` }).regex(/^0x[0-9a-fA-F]{130}$/, { error: `${field} must be 0x + 130 hex (65 bytes)` });
export const label = (field: string, max = 200) =>
  z.string({ error: `${field} must be a string` }).max(max, { error: `${field} must be at most ${max} characters` });
export const strategyId = z
  .string({ error: "strategy_id is required: name the strategy" })
  .regex(/^[A-Za-z0-9._:-]{1,64}$/, { error: "strategy_id must be 1–64 characters of letters, digits, '.', '_', ':' or '-'" });
/** The override requester's justification and label (seed 001): the auditor refuses an empty one with its own code. */
export const overrideFields = {
  requestor_id: label("requestor_id", 100),
  justification: label("justification", 2000).optional(),
};
