/**
 * Who may call a route. Operator roles are ordered (an `admin` token may do what a `risk` token
 * may, which may do what a `viewer` may); `strategy` is a live session credential, `owner` a
 * wallet signature carried in the body, `open` nobody in particular (only `/livez` and `/readyz`).
 */
export type RouteRole = "open" | "strategy" | "owner" | "viewer" | "risk" | "admin";

/** The role an operator token carries. */
export type OperatorRole = "viewer" | "risk" | "admin";

export const OPERATOR_ROLES: readonly OperatorRole[] = ["viewer", "risk", "admin"];

/** True when a token of role `held` may call a route that needs `needed`. */
export function operatorRoleCovers(held: OperatorRole, needed: OperatorRole): boolean {
  return OPERATOR_ROLES.indexOf(held) >= OPERATOR_ROLES.indexOf(needed);
}
