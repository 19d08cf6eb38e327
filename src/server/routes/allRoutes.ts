import type { RouteContext, WardenRoute } from "../WardenRoute";
import { auditTailRoute } from "./auditTailRoute";
import { closestToBreachRoute } from "./closestToBreachRoute";
import { guardHealthRoute } from "./guardHealthRoute";
import { healthRoute } from "./healthRoute";
import { killSwitchRoute } from "./killSwitchRoute";
import { killSwitchStateRoute } from "./killSwitchStateRoute";
import { livezRoute } from "./livezRoute";
import { metricsRoute } from "./metricsRoute";
import { openapiRoute } from "./openapiRoute";
import { orderReleaseRoute } from "./orderReleaseRoute";
import { overrideRoute } from "./overrideRoute";
import { readyzRoute } from "./readyzRoute";
import { sessionGrantRoute } from "./sessionGrantRoute";
import { sessionListRoute } from "./sessionListRoute";
import { sessionRequestRoute } from "./sessionRequestRoute";
import { sessionRevokeDocumentRoute } from "./sessionRevokeDocumentRoute";
import { sessionRevokeRoute } from "./sessionRevokeRoute";
import { sessionShowRoute } from "./sessionShowRoute";
import { sessionActivationRoute } from "./sessionActivationRoute";
import { sessionRevokeSafeRoute } from "./sessionRevokeSafeRoute";
import { signRoute } from "./signRoute";
import { tokenRoutes } from "./tokenRoutes";
import { unpauseUserRoute } from "./unpauseUserRoute";
import { walletRoute } from "./walletRoute";

/** Every route of the API, each with its role and schema (one file per route). */
export function allRoutes(ctx: RouteContext, inFlight: () => number): WardenRoute[] {
  return [
    livezRoute(),
    readyzRoute(ctx),
    healthRoute(ctx),
    guardHealthRoute(ctx),
    metricsRoute(ctx, inFlight),
    openapiRoute(ctx),
    walletRoute(ctx),
    signRoute(ctx),
    sessionRequestRoute(ctx),
    sessionGrantRoute(ctx),
    sessionRevokeDocumentRoute(ctx),
    sessionRevokeRoute(ctx),
    sessionRevokeSafeRoute(ctx),
    sessionActivationRoute(ctx),
    sessionListRoute(ctx),
    sessionShowRoute(ctx),
    auditTailRoute(ctx),
    orderReleaseRoute(ctx),
    closestToBreachRoute(ctx),
    overrideRoute(ctx),
    unpauseUserRoute(ctx),
    killSwitchStateRoute(ctx),
    killSwitchRoute(ctx),
    ...tokenRoutes(ctx),
  ];
}
