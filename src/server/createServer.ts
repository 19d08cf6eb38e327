import { readFileSync } from "node:fs";
import { type IncomingMessage, type Server, type ServerResponse, createServer as createHttpServer } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import { createSecureContext } from "node:tls";
import swagger from "@fastify/swagger";
import Fastify, { type FastifyBaseLogger, type FastifyInstance, LogController } from "fastify";
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from "fastify-type-provider-zod";
import type { Logger } from "pino";
import { toJson } from "../core/toJson";
import { ConfigError } from "../errors/ConfigError";
import type { Warden } from "../warden/Warden";
import { createAuthorizer } from "./createAuthorizer";
import { createHttpMetrics } from "./createHttpMetrics";
import { createOperatorTokens, type OperatorTokens } from "./createOperatorTokens";
import { HttpError } from "./HttpError";
import { parseJsonBody } from "./parseJsonBody";
import { allRoutes } from "./routes/allRoutes";
import { type ServerOptions, serverOptionsSchema } from "./serverOptionsSchema";
import { toErrorReply } from "./toErrorReply";
import type { RouteContext, WardenRoute } from "./WardenRoute";
import type { RouteRole } from "./roles";

/** Options of {@link createServer}. */
export type CreateServerParameters = {
  warden: Warden;
  logger: Logger;
  /** sha256 (hex) of `WARDEN_OPERATOR_TOKEN`: an admin token (id `op_` + 16 hex of the hash). */
  operatorTokenSha256?: string;
  /** The hashed operator tokens (default: in memory, only the environment's admin token). */
  tokens?: OperatorTokens;
  /** Largest request body accepted, bytes (shortcut for `options.max_body_bytes`). */
  maxBodyBytes?: number;
  /** Backpressure and body limit (seed 004 §21), validated. */
  options?: ServerOptions;
  /** More Prometheus text appended to `GET /metrics` (e.g. the order-status watcher's counters). */
  extraMetricsText?: () => string;
  /** More facts for `GET /health` (e.g. the heartbeat's state), merged into its body. */
  extraHealth?: () => Record<string, unknown>;
  /** More readiness checks for `GET /readyz` ("ok" or what is wrong). */
  readiness?: () => Promise<Record<string, string>>;
  /** Called for every route fastify registers, with its declared role (tests enumerate routes with it). */
  onRoute?: (route: { method: string; url: string; role: RouteRole | undefined }) => void;
};

/** The fastify app behind {@link createServer}, ready once `ready` resolves. */
export type WardenHttp = { app: FastifyInstance; server: Server; ready: Promise<void>; inFlight: () => number };

/**
 * Warden's HTTP API on fastify: one file per route under `routes/`, each with its role and zod
 * schema (the OpenAPI 3.1 document at `GET /openapi.json` is generated from them), bodies read as
 * one JSON object (duplicate keys and inexact numbers refused), errors mapped once by
 * `toErrorReply`, at most `max_in_flight` requests handled at once (the newest beyond gets 429
 * with `Retry-After`). Request logs name the route, status and operator token id only.
 *
 * @example
 * const { server, ready } = createWardenHttp({ warden, logger }); await ready; server.listen(8787, "127.0.0.1")
 */
export function createWardenHttp(params: CreateServerParameters): WardenHttp {
  const parsed = serverOptionsSchema.safeParse({ ...(params.maxBodyBytes !== undefined ? { max_body_bytes: params.maxBodyBytes } : {}), ...params.options });
  if (!parsed.success) throw new ConfigError({ subject: "server options", problems: parsed.error.issues.map((i) => `✖ ${i.message}`).join("\n") });
  const options = parsed.data;
  const { warden, logger } = params;
  const log = logger.child({ component: "http" });
  // The request line carries only the route pattern, the status and the operator token's public id,
  // never a header, body or URL, so it skips pino's redaction, which cost ~30 µs a line here (every
  // other line, fastify's included, is still redacted). See the Benchmark section of the README.
  const requestLog = log.child({}, { redact: [] });
  const tokens = params.tokens ?? createOperatorTokens({ path: null, envAdminTokenSha256: params.operatorTokenSha256 });
  const metrics = createHttpMetrics();
  let inFlight = 0;
  let server: Server | null = null;
  let ready: Promise<void> = Promise.resolve();
  let isReady = false;
  const tls = options.tls ? readTlsFiles(options.tls) : null;
  const serverFactory = (handler: (req: IncomingMessage, res: ServerResponse) => void): Server => {
    const onRequest = (req: IncomingMessage, res: ServerResponse) => {
      // Backpressure (seed 004 §21): drop the newest beyond the limit, before any parsing.
      if (inFlight >= options.max_in_flight) {
        metrics.overloaded();
        res.writeHead(429, { "content-type": "application/json", "retry-after": String(options.retry_after_s), "cache-control": "no-store" });
        res.end(JSON.stringify({ error: "overloaded", fix: `Warden is handling server.max_in_flight (${options.max_in_flight}) requests; retry after ${options.retry_after_s} s.` }));
        return;
      }
      inFlight += 1;
      let done = false;
      const release = () => {
        if (!done) (done = true), (inFlight -= 1);
      };
      res.once("finish", release);
      res.once("close", release);
      // Once fastify is ready, straight to it (no promise and microtask per request).
      if (isReady) handler(req, res);
      else void ready.then(() => handler(req, res), () => res.destroy());
    };
    // HTTPS as fastify's `https` option would make it (the factory replaces fastify's own server);
    // an https.Server has the listen/close/address/on the callers use.
    server = tls ? (createHttpsServer(tls, onRequest) as unknown as Server) : createHttpServer(onRequest);
    return server;
  };
  const fastify = Fastify({
    loggerInstance: log as unknown as FastifyBaseLogger,
    logController: new LogController({ disableRequestLogging: true }),
    // fastify's default makes a pino child (with a request id) per request, ~15 µs and garbage each;
    // Warden's own request line needs none, and fastify's rare own lines go to the http logger.
    childLoggerFactory: (parent) => parent,
    bodyLimit: options.max_body_bytes, exposeHeadRoutes: false, serverFactory, return503OnClosing: true }) as unknown as FastifyInstance;
  fastify.setValidatorCompiler(validatorCompiler);
  fastify.setSerializerCompiler(serializerCompiler);
  // Amounts are bigints in the library: the project's JSON writer spells them as decimal strings.
  fastify.setReplySerializer((payload) => toJson(payload));
  fastify.decorateRequest("operator", null);
  fastify.decorateRequest("credential", null);
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser("*", { parseAs: "string" }, (_req, body, done) => {
    try {
      done(null, parseJsonBody(body as string));
    } catch (e) {
      done(e as Error, undefined);
    }
  });
  fastify.addHook("onRoute", (r) => {
    for (const method of [r.method].flat()) params.onRoute?.({ method, url: r.url, role: r.config?.role });
  });
  fastify.addHook("onRequest", createAuthorizer({ warden, tokens, metrics }));
  // A callback hook, not an async one: fastify then makes no promise per request for it.
  fastify.addHook("onResponse", (req, reply, done) => {
    requestLog.info({ route: `${req.method} ${req.routeOptions.url ?? "(none)"}`, status: reply.statusCode, ...(req.operator ? { operator: req.operator.id } : {}) }, "request");
    done();
  });
  fastify.setErrorHandler(async (e, req, reply) => {
    const r = toErrorReply(e);
    if (r.unexpected) log.error({ route: `${req.method} ${req.routeOptions.url ?? ""}`, error: e instanceof Error ? e.name : "unknown" }, "unexpected error");
    return reply.code(r.status).headers({ "cache-control": "no-store", ...r.headers }).send(r.body);
  });
  fastify.setNotFoundHandler(async (_req, reply) => reply.code(404).send({ error: "not_found", fix: "See GET /openapi.json for the routes." }));
  fastify.register(swagger, {
    openapi: { openapi: "3.1.0", info: { title: "Warden", version: "1" }, components: { securitySchemes: { bearer: { type: "http", scheme: "bearer" } } } },
    transform: jsonSchemaTransform,
  });
  const ctx: RouteContext = { warden, tokens, metrics, extraMetricsText: params.extraMetricsText, extraHealth: params.extraHealth, readiness: params.readiness, openapi: () => fastify.swagger() };
  fastify.register(async (scope) => {
    for (const route of allRoutes(ctx, () => inFlight)) register(scope, route);
  });
  ready = Promise.resolve(fastify.ready()).then(() => {
    isReady = true;
  });
  ready.catch((e: unknown) => log.error({ error: e instanceof Error ? e.message : "unknown" }, "http server failed to start"));
  return { app: fastify, server: server as unknown as Server, ready, inFlight: () => inFlight };
}

/** Reads `server.tls`'s files at start and checks they make a key pair, with errors naming the field and the fix. */
function readTlsFiles(t: { cert_file: string; key_file: string }): { cert: Buffer; key: Buffer } {
  const read = (field: "cert_file" | "key_file", path: string): Buffer => {
    try {
      return readFileSync(path);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code ?? "unreadable";
      throw new ConfigError({ subject: "server options", problems: `✖ server.tls.${field} ${path} cannot be read (${code}): point it at a readable PEM file` });
    }
  };
  const pair = { cert: read("cert_file", t.cert_file), key: read("key_file", t.key_file) };
  try {
    createSecureContext(pair);
  } catch (e) {
    // OpenSSL's reason (e.g. "key values mismatch", "no start line") names no key material.
    const reason = e instanceof Error ? e.message : "invalid";
    throw new ConfigError({ subject: "server options", problems: `✖ server.tls.cert_file and server.tls.key_file must be a PEM certificate and its private key (${reason}): check both files` });
  }
  return pair;
}

function register(scope: FastifyInstance, route: WardenRoute): void {
  scope.route({
    method: route.method,
    url: route.url,
    config: { role: route.role },
    schema: {
      summary: route.summary,
      ...(route.role === "open" || route.role === "owner" ? {} : { security: [{ bearer: [] }] }),
      ...(route.body ? { body: route.body } : {}),
      ...(route.params ? { params: route.params } : {}),
      ...(route.querystring ? { querystring: route.querystring } : {}),
    },
    handler: async (req, reply) => {
      const out = await route.handler(req, reply);
      if (out === reply) return reply;
      reply.header("cache-control", "no-store");
      return out;
    },
  });
}

/**
 * Warden's HTTP API (see {@link createWardenHttp}) as an unstarted `http.Server`: requests that
 * arrive before fastify is ready wait for it.
 *
 * @returns An unstarted `http.Server`; call `listen(port, "127.0.0.1")`.
 * @example
 * createServer({ warden, logger }).listen(8787, "127.0.0.1")
 */
export function createServer(params: CreateServerParameters): Server {
  return createWardenHttp(params).server;
}

export { HttpError };
