import { hasZodFastifySchemaValidationErrors } from "fastify-type-provider-zod";
import { OverrideDeniedError } from "../errors/OverrideDeniedError";
import { SessionGrantError } from "../errors/SessionGrantError";
import { SigningDeniedError } from "../errors/SigningDeniedError";
import { WardenError } from "../errors/WardenError";
import { HttpError } from "./HttpError";

/** What the error handler sends: a status, a JSON body, extra headers; `unexpected` when it is a bug (logged by name). */
export type ErrorReply = { status: number; body: Record<string, unknown>; headers: Record<string, string>; unexpected: boolean };

/**
 * Maps every error a route can throw to one answer, in one place: bad input is a 4xx naming the
 * field and the fix, refusals carry their reason code, a store that cannot record is a 503, and
 * anything else a bare 500 `internal` (never a stack trace or a message of the error).
 *
 * @example
 * toErrorReply(new HttpError(401, { error: "token_required" })) // { status: 401, … }
 */
export function toErrorReply(e: unknown): ErrorReply {
  const reply = (status: number, body: Record<string, unknown>, headers: Record<string, string> = {}): ErrorReply => ({ status, body, headers, unexpected: false });
  if (e instanceof HttpError) return reply(e.status, e.body, e.headers);
  if (hasZodFastifySchemaValidationErrors(e)) {
    const issues = e.validation;
    const where = (i: (typeof issues)[number]) => {
      const path = i.instancePath.replace(/^\//, "").replaceAll("/", ".");
      const keys = i.keyword === "unrecognized_keys" ? ((i.params as { keys?: string[] }).keys ?? []) : [];
      return [path, keys.join(",")].filter(Boolean).join(".") || "(body)";
    };
    const first = issues[0];
    return reply(400, {
      error: "invalid_request",
      field: first ? where(first) : "(body)",
      fix: issues.map((i) => (i.keyword === "unrecognized_keys" ? `remove ${where(i)}: this route does not take it` : i.message)),
    });
  }
  if (e instanceof OverrideDeniedError) {
    const status = e.reasonCode === "OVERRIDE_AUDITOR_DATA_UNAVAILABLE" ? 503 : e.reasonCode === "OVERRIDE_AUDITOR_RATE_EXCEEDED" ? 429 : 403;
    return reply(status, { decision: "DENY", reason_code: e.reasonCode, message: e.shortMessage, vote: e.vote });
  }
  if (e instanceof SigningDeniedError)
    return reply(e.reasonCode === "STORE_DATA_UNAVAILABLE" ? 503 : 403, { decision: "DENY", reason_code: e.reasonCode, message: e.shortMessage, vote: e.vote });
  if (e instanceof SessionGrantError && e.reason === "too_many_pending_grants")
    return reply(429, { error: e.code, reason_code: e.reasonCode ?? null, message: e.shortMessage, fix: e.metaMessages }, { "retry-after": "60" });
  if (e instanceof WardenError)
    return reply(e.code === "WARDEN_ERR_STORE_UNAVAILABLE" || e.code === "WARDEN_ERR_CHAIN_UNAVAILABLE" ? 503 : 400, { error: e.code, reason_code: e.reasonCode ?? null, message: e.shortMessage, fix: e.metaMessages });
  const fastify = e as { code?: unknown; statusCode?: unknown };
  if (fastify.code === "FST_ERR_CTP_BODY_TOO_LARGE") return reply(413, { error: "request_too_large", fix: "Send a smaller body (see server.max_body_bytes)." });
  if (fastify.code === "FST_ERR_CTP_INVALID_MEDIA_TYPE") return reply(415, { error: "unsupported_media_type", fix: "Send a JSON body (content-type: application/json)." });
  if (typeof fastify.statusCode === "number" && fastify.statusCode >= 400 && fastify.statusCode < 500)
    return reply(fastify.statusCode, { error: typeof fastify.code === "string" ? fastify.code.toLowerCase() : "bad_request", fix: "Check the request against GET /openapi.json." });
  return { status: 500, body: { error: "internal" }, headers: {}, unexpected: true };
}
