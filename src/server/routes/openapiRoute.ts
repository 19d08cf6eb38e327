import type { RouteContext, WardenRoute } from "../WardenRoute";

/** `GET /openapi.json` (viewer): the OpenAPI 3.1 document generated from every route's zod schema. */
export const openapiRoute = ({ openapi }: RouteContext): WardenRoute => ({
  method: "GET",
  url: "/openapi.json",
  role: "viewer",
  summary: "This API's OpenAPI 3.1 document.",
  handler: async () => openapi(),
});
