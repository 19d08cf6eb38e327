import { z } from "zod";
import { HttpError } from "../HttpError";
import type { RouteContext, WardenRoute } from "../WardenRoute";
import { OPERATOR_ROLES, type OperatorRole } from "../roles";
import { label } from "./schemas";

const createBody = z.strictObject({ role: z.enum(OPERATOR_ROLES as [OperatorRole, ...OperatorRole[]], { error: "role must be viewer, risk or admin" }), label: label("label").optional() });
const revokeBody = z.strictObject({ id: z.string({ error: "id is required: the token's id (tok_…)" }).regex(/^tok_[0-9a-f]{16}$/, { error: "id must be a token id, tok_ + 16 hex" }) });

/**
 * The admin routes over operator tokens: `POST /v1/tokens` (the token is in this answer only),
 * `GET /v1/tokens`, `POST /v1/tokens/revoke`. Every change is audited (kind `operator_token`) with
 * the acting token's id as actor and the subject's id — never a token.
 */
export const tokenRoutes = ({ warden, tokens }: RouteContext): WardenRoute[] => {
  const audit = (payload: Record<string, unknown>) => warden.store.appendAudit({ kind: "operator_token", at_ms: Date.now(), payload });
  return [
    {
      method: "POST",
      url: "/v1/tokens",
      role: "admin",
      summary: "Create an operator token (viewer, risk or admin); the token is shown once.",
      body: createBody,
      handler: async (req) => {
        const b = req.body as z.infer<typeof createBody>;
        const created = tokens.create({ role: b.role, label: b.label ?? "" });
        await audit({ action: "created", actor: req.operator?.id ?? null, token_id: created.id, role: created.role, label: b.label ?? "" });
        return created;
      },
    },
    { method: "GET", url: "/v1/tokens", role: "admin", summary: "List operator tokens (ids, roles, labels; never the tokens).", handler: async () => ({ tokens: tokens.list() }) },
    {
      method: "POST",
      url: "/v1/tokens/revoke",
      role: "admin",
      summary: "Revoke an operator token by id.",
      body: revokeBody,
      handler: async (req) => {
        const { id } = req.body as z.infer<typeof revokeBody>;
        if (!tokens.revoke(id)) throw new HttpError(404, { error: "token_not_found", fix: `No token has id ${id}; list them with GET /v1/tokens.` });
        await audit({ action: "revoked", actor: req.operator?.id ?? null, token_id: id });
        return { revoked: id };
      },
    },
  ];
};
