import { type IncomingMessage, type Server, type ServerResponse, createServer as createHttpServer } from "node:http";
import { timingSafeEqual, createHash } from "node:crypto";
import type { Logger } from "pino";
import type { Warden } from "../warden/Warden";
import { OverrideDeniedError } from "../errors/OverrideDeniedError";
import { SigningDeniedError } from "../errors/SigningDeniedError";
import { WardenError } from "../errors/WardenError";
import { toJson } from "../core/toJson";
import { findDuplicateJsonKey } from "./findDuplicateJsonKey";

/** Options of {@link createServer}. */
export type CreateServerParameters = {
  warden: Warden;
  logger: Logger;
  /** sha256 (hex) of the operator token that may arm and disarm kill switches; none disables those routes. */
  operatorTokenSha256?: string;
  /** Largest request body accepted, bytes. */
  maxBodyBytes?: number;
  /** More Prometheus text appended to `GET /metrics` (e.g. the order-status watcher's counters). */
  extraMetricsText?: () => string;
  /** More facts for `GET /health` (e.g. the heartbeat's state), merged into its body. */
  extraHealth?: () => Record<string, unknown>;
};

class HttpError {
  constructor(
    readonly status: number,
    readonly body: Record<string, unknown>,
  ) {}
}

async function readJson(req: IncomingMessage, limit: number): Promise<Record<string, unknown>> {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new HttpError(413, { error: "request_too_large", fix: `Send at most ${limit} bytes.` });
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString("utf8");
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    throw new HttpError(400, { error: "malformed_json", fix: "Send one JSON object." });
  }
  if (typeof v !== "object" || v === null || Array.isArray(v)) throw new HttpError(400, { error: "malformed_json", fix: "Send one JSON object." });
  // S8: a key sent twice has two readings (JSON.parse keeps the last); refuse it rather than guess.
  const duplicate = findDuplicateJsonKey(text);
  if (duplicate !== null) {
    const key = duplicate.length > 200 ? `${duplicate.slice(0, 200)}…` : duplicate;
    throw new HttpError(400, { error: "duplicate_key", key, fix: `Send each key once: ${key} appears more than once.` });
  }
  return v as Record<string, unknown>;
}

function bearer(req: IncomingMessage): string | null {
  const h = req.headers.authorization;
  return typeof h === "string" && h.startsWith("Bearer ") ? h.slice(7) : null;
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = toJson(body);
  res.writeHead(status, { "content-type": "application/json", "cache-control": "no-store" });
  res.end(text);
}

/**
 * Warden's HTTP API (node:http, JSON). Strategies sign with `POST /v1/sign` and their session
 * credential as a bearer token; owners request, grant and revoke sessions with wallet signatures;
 * operators arm and disarm kill switches with the operator token. Refusals answer 403 with the
 * reason code and the user-facing message; a store that cannot record answers 503. Request logs
 * name the route and outcome only: never headers or bodies.
 *
 * @returns An unstarted `http.Server`; call `listen(port, "127.0.0.1")`.
 * @example
 * createServer({ warden, logger }).listen(8787, "127.0.0.1")
 */
export function createServer({ warden, logger, operatorTokenSha256, maxBodyBytes = 64 * 1024, extraMetricsText, extraHealth }: CreateServerParameters): Server {
  const log = logger.child({ component: "http" });
  // Who an operator request comes from: the first 16 hex of sha256(token), stable and not secret
  // (it names the token; it cannot be turned back into it). The override limit counts this.
  const operatorId = operatorTokenSha256 ? `op_${operatorTokenSha256.slice(0, 16).toLowerCase()}` : null;
  const operator = (req: IncomingMessage): void => {
    const token = bearer(req);
    if (!operatorTokenSha256)
      throw new HttpError(403, { error: "operator_routes_disabled", fix: "Start Warden with WARDEN_OPERATOR_TOKEN set." });
    const given = createHash("sha256").update(token ?? "").digest();
    if (!token || !timingSafeEqual(given, Buffer.from(operatorTokenSha256, "hex")))
      throw new HttpError(401, { error: "operator_token_invalid", fix: "Send Authorization: Bearer <operator token>." });
  };

  const routes: Record<string, (req: IncomingMessage) => Promise<[number, unknown]>> = {
    "GET /health": async () => {
      const health = await warden.store.health().catch(() => ({ ok: false }) as const);
      const extra = extraHealth?.() ?? {};
      if (health.ok) return [200, { status: "ok", store: warden.config.store.kind, wallet: warden.walletAddress, chain_id: warden.config.chain_id, ...extra }];
      return [503, { status: "unavailable", store: warden.config.store.kind, ...extra }];
    },
    "GET /v1/wallet": async () => [200, { address: warden.walletAddress, signer: warden.signerAddress ?? warden.walletAddress, chain_id: warden.config.chain_id }],
    "POST /v1/sign": async (req) => {
      const body = await readJson(req, maxBodyBytes);
      const signature = await warden.sign({
        credential: bearer(req) ?? "",
        strategy_id: typeof body.strategy_id === "string" ? body.strategy_id : "",
        request: body.request as never,
        ...(typeof body.declared === "object" && body.declared !== null ? { declared: body.declared as never } : {}),
      });
      return [200, { signature }];
    },
    "POST /v1/sessions/request": async (req) => [200, await warden.requestSession((await readJson(req, maxBodyBytes)) as never)],
    "POST /v1/sessions/grant": async (req) => {
      const b = await readJson(req, maxBodyBytes);
      return [200, await warden.grantSession({ grant_id: b.grant_id as never, signature: b.signature as never })];
    },
    "POST /v1/sessions/revoke-document": async (req) => {
      const b = await readJson(req, maxBodyBytes);
      return [200, warden.sessionRevokeTypedData(b.session_id as never)];
    },
    "POST /v1/sessions/revoke": async (req) => {
      const b = await readJson(req, maxBodyBytes);
      await warden.revokeSession({ session_id: b.session_id as never, signature: b.signature as never });
      return [200, { revoked: b.session_id }];
    },
    // Releasing exposure is an operator act: a strategy that could free its own caps would not be capped.
    "POST /v1/orders/release": async (req) => {
      operator(req);
      const b = await readJson(req, maxBodyBytes);
      const reason = b.reason;
      if (typeof b.intent_id !== "string" || !(reason === "cancelled" || reason === "filled" || reason === "expired"))
        throw new HttpError(400, { error: "release_invalid", fix: "Send intent_id and reason: cancelled, filled or expired." });
      const released = await warden.releaseOrder({ intent_id: b.intent_id, reason, actor: String(b.actor ?? "operator") });
      return [200, { intent_id: b.intent_id, released }];
    },
    "POST /v1/risk/closest-to-breach": async (req) => {
      operator(req);
      const b = await readJson(req, maxBodyBytes);
      if (typeof b.strategy_id !== "string" || typeof b.token_id !== "string" || !/^[0-9]{1,78}$/.test(b.token_id))
        throw new HttpError(400, { error: "breach_query_invalid", fix: "Send strategy_id and a decimal token_id." });
      const caps = await warden.closestToBreach({
        strategy_id: b.strategy_id,
        token_id: b.token_id,
        ...(typeof b.min_utilisation_pct === "number" ? { minUtilisationPct: b.min_utilisation_pct } : {}),
      });
      if (caps === null) throw new HttpError(503, { error: "exposure_unavailable", fix: "Market data or positions for this token are not loaded yet." });
      return [200, { caps }];
    },
    "POST /v1/overrides": async (req) => {
      operator(req);
      const b = await readJson(req, maxBodyBytes);
      const r = await warden.requestOverride({
        // operator() passed, so the token is the operator's: the body cannot choose whose limit it spends.
        operator_id: operatorId ?? "",
        requestor_id: String(b.requestor_id ?? ""),
        justification: typeof b.justification === "string" ? b.justification : "",
        target: String(b.target ?? ""),
        value: b.value,
      });
      return [200, { decision: r.vote.decision, warnings: r.warnings.map((w) => w.reason_code), vote: r.vote }];
    },
    // Lifting the exchanges' pause of the wallet is an override (refused while the global switch is armed).
    "POST /v1/kill-switch/unpause-user": async (req) => {
      operator(req);
      const b = await readJson(req, maxBodyBytes);
      const r = await warden.unpauseUser({ operator_id: operatorId ?? "", requestor_id: String(b.requestor_id ?? ""), justification: typeof b.justification === "string" ? b.justification : "" });
      return [200, { decision: r.vote.decision, warnings: r.warnings.map((w) => w.reason_code), vote: r.vote, report: r.report }];
    },
    "GET /v1/kill-switch": async (req) => {
      operator(req);
      const { switches } = await warden.store.killSwitches();
      return [200, { switches, reports: warden.killSwitchReports() }];
    },
    // Arming needs an actor and a reason; disarming is an override (requestor_id, justification), 403 with the auditor's code when refused.
    "POST /v1/kill-switch": async (req) => {
      operator(req);
      const b = await readJson(req, maxBodyBytes);
      const which = { scope: b.scope as never, strategy_id: b.strategy_id as never, cluster_id: b.cluster_id as never, family: b.family as never };
      if (b.armed === true) {
        // Answers once the switch is recorded; the cancels it started are read with GET /v1/kill-switch.
        const r = await warden.armKillSwitch({ ...which, actor: String(b.actor ?? ""), reason: String(b.reason ?? "") });
        return [200, { scope: r.switch.scope, target: r.switch.target, armed: true, revoked_sessions: r.revoked_sessions.length }];
      }
      if (b.armed === false) {
        const r = await warden.disarmKillSwitch({
          ...which,
          // The token's operator spends the rate limit, whatever requestor the body names.
          operator_id: operatorId ?? "",
          requestor_id: String(b.requestor_id ?? ""),
          justification: typeof b.justification === "string" ? b.justification : "",
        });
        return [200, { scope: b.scope, armed: false, decision: r.vote.decision, warnings: r.warnings.map((w) => w.reason_code), vote: r.vote }];
      }
      throw new HttpError(400, { error: "armed_required", fix: "Send armed: true (with actor, reason) or armed: false (with requestor_id, justification)." });
    },
  };

  return createHttpServer(async (req, res) => {
    const route = `${req.method} ${(req.url ?? "").split("?")[0]}`;
    if (route === "GET /metrics") {
      const text = await warden.metricsText().catch(() => null);
      if (text === null) {
        send(res, 503, { error: "store_unavailable", fix: "Check the store; metrics read sessions and kill switches from it." });
        return;
      }
      res.writeHead(200, { "content-type": "text/plain; version=0.0.4" });
      res.end(text + (extraMetricsText?.() ?? ""));
      return;
    }
    const handler = routes[route];
    let status = 500;
    try {
      if (!handler) throw new HttpError(404, { error: "not_found" });
      const [s, body] = await handler(req);
      status = s;
      send(res, s, body);
    } catch (e) {
      if (e instanceof HttpError) {
        status = e.status;
        send(res, e.status, e.body);
      } else if (e instanceof OverrideDeniedError) {
        status = e.reasonCode === "OVERRIDE_AUDITOR_DATA_UNAVAILABLE" ? 503 : e.reasonCode === "OVERRIDE_AUDITOR_RATE_EXCEEDED" ? 429 : 403;
        send(res, status, { decision: "DENY", reason_code: e.reasonCode, message: e.shortMessage, vote: e.vote });
      } else if (e instanceof SigningDeniedError) {
        status = e.reasonCode === "STORE_DATA_UNAVAILABLE" ? 503 : 403;
        send(res, status, { decision: "DENY", reason_code: e.reasonCode, message: e.shortMessage, vote: e.vote });
      } else if (e instanceof WardenError) {
        status = e.code === "WARDEN_ERR_STORE_UNAVAILABLE" ? 503 : 400;
        send(res, status, { error: e.code, reason_code: e.reasonCode ?? null, message: e.shortMessage, fix: e.metaMessages });
      } else {
        status = 500;
        log.error({ route, error: e instanceof Error ? e.name : "unknown" }, "unexpected error");
        send(res, 500, { error: "internal" });
      }
    } finally {
      log.info({ route, status }, "request");
    }
  });
}
