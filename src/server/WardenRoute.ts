import type { FastifyReply, FastifyRequest } from "fastify";
import type { ZodType } from "zod";
import type { Warden } from "../warden/Warden";
import type { OperatorIdentity, OperatorTokens } from "./createOperatorTokens";
import type { HttpMetrics } from "./createHttpMetrics";
import type { RouteRole } from "./roles";

declare module "fastify" {
  interface FastifyRequest {
    /** The verified operator token's identity (routes of role viewer, risk, admin). */
    operator: OperatorIdentity | null;
    /** The strategy's session credential, checked to name a stored session (routes of role strategy). */
    credential: string | null;
  }
  interface FastifyContextConfig {
    /** Who may call the route; a route without one is refused (and fails the route test). */
    role?: RouteRole;
  }
}

/** What every route can use. */
export type RouteContext = {
  warden: Warden;
  tokens: OperatorTokens;
  metrics: HttpMetrics;
  extraMetricsText?: (() => string) | undefined;
  extraHealth?: (() => Record<string, unknown>) | undefined;
  /** More readiness checks ("ok" or what is wrong), e.g. market data freshness; merged into `/readyz`. */
  readiness?: (() => Promise<Record<string, string>>) | undefined;
  /** The OpenAPI document (from @fastify/swagger), once the server is ready. */
  openapi: () => unknown;
};

/** One HTTP route: its path, role, schema (the OpenAPI document is generated from it) and handler. */
export type WardenRoute = {
  method: "GET" | "POST";
  url: string;
  role: RouteRole;
  summary: string;
  body?: ZodType;
  params?: ZodType;
  querystring?: ZodType;
  /** Returns the JSON body of a 200, or sends the reply itself (and returns it). */
  handler: (request: FastifyRequest, reply: FastifyReply) => Promise<unknown>;
};
