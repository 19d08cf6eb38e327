import type { FastifyRequest } from "fastify";
import { hashCredential } from "../warden/createSignRequest";
import type { Warden } from "../warden/Warden";
import type { OperatorTokens } from "./createOperatorTokens";
import type { HttpMetrics } from "./createHttpMetrics";
import { HttpError } from "./HttpError";
import { operatorRoleCovers, type RouteRole } from "./roles";

function bearer(req: FastifyRequest): string | null {
  const h = req.headers.authorization;
  return typeof h === "string" && h.startsWith("Bearer ") && h.length > 7 ? h.slice(7) : null;
}

/**
 * Checks a request against its route's role before the body is read. Refusals are counted on
 * `/metrics` (`warden_http_refused_total`) and never audited: an anonymous caller cannot fill the
 * store. A route without a role is refused (fail closed). `strategy` needs a credential naming a
 * stored session (revoked or expired ones pass here and are denied, audited, by the pipeline);
 * `GET /v1/wallet` also takes any operator token. `owner` routes carry the wallet's signature in
 * the body, checked by Warden.
 *
 * @example
 * app.addHook("onRequest", createAuthorizer({ warden, tokens, metrics }))
 */
export function createAuthorizer({ warden, tokens, metrics }: { warden: Warden; tokens: OperatorTokens; metrics: HttpMetrics }) {
  // The tokens file unreadable is the server's state, not the caller's mistake: 503, never a 400.
  const verify = (token: string) => {
    try {
      return tokens.verify(token);
    } catch {
      throw new HttpError(503, { error: "operator_tokens_unreadable", fix: "Warden cannot read its operator-tokens file; an admin restores it (WARDEN_OPERATOR_TOKEN still opens the admin routes)." });
    }
  };
  return async (req: FastifyRequest): Promise<void> => {
    if (req.is404) return;
    const role: RouteRole | undefined = req.routeOptions.config.role;
    if (role === undefined) throw new HttpError(403, { error: "route_without_role", fix: "This route declares no role; it is refused until it does." });
    if (role === "open" || role === "owner") return;
    const token = bearer(req);
    const refuse = (status: 401 | 403, body: Record<string, unknown>): never => {
      metrics.refused(`${req.method} ${req.routeOptions.url ?? ""}`, status === 401 ? "unauthenticated" : "forbidden");
      throw new HttpError(status, body);
    };
    if (token === null) return refuse(401, { error: "token_required", fix: role === "strategy" ? "Send Authorization: Bearer <session credential>." : `Send Authorization: Bearer <operator token of role ${role} or above>.` });
    if (role === "strategy") {
      if (token.startsWith("wdn_")) {
        const session = await warden.store.findSessionByCredentialHash(hashCredential(token));
        if (session !== undefined) {
          req.credential = token;
          return;
        }
      } else if (req.routeOptions.url === "/v1/wallet" && verify(token) !== null) return;
      return refuse(401, { error: "credential_invalid", fix: "Send the session credential Warden issued at grant (wdn_…)." });
    }
    const operator = verify(token);
    if (operator === null) return refuse(401, { error: "operator_token_invalid", fix: "Send Authorization: Bearer <operator token>; create one with `warden token create`." });
    if (!operatorRoleCovers(operator.role, role)) return refuse(403, { error: "role_insufficient", role_required: role, fix: `This route needs ${role === "admin" ? "an" : "a"} ${role} token (or a higher role); this token is ${operator.role}.` });
    req.operator = operator;
  };
}
