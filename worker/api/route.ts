import { createRoute, type RouteConfig } from "@hono/zod-openapi";
import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "./context.ts";
import { scopesGranting } from "../auth/permissions.ts";
import { enforce, type Access } from "../middleware/auth.ts";
import { requireRoot, requireTenant } from "../middleware/tenant.ts";

/** Which host serves the route: a shop's (the default), the platform's root, or either. */
type Host = "tenant" | "root" | "any";

/** How the OpenAPI document states a route's access: `security` with the API-key scopes that grant it. */
function security({ permission, guest }: Access) {
  if (permission === "public") return [];
  const apiKey = permission === "signed_in" ? [] : scopesGranting(permission);
  return [...(guest ? [{}] : []), ...(permission === "signed_in" || apiKey.length > 0 ? [{ apiKey }] : []), { session: [] }];
}

const HOST_GUARD: Record<Host, MiddlewareHandler<AppEnv>[]> = { tenant: [requireTenant], root: [requireRoot], any: [] };

/**
 * createRoute with the route's access declared in the same place: the
 * enforcing middleware runs before the request is validated, and the OpenAPI
 * operation carries it as `x-permission` (with `x-guest` when a guest may
 * call it) and as `security` scopes. Every route of the API is made here.
 */
export function defineRoute<P extends string, R extends Omit<RouteConfig, "path"> & { path: P }>(config: R & Access & { host?: Host }) {
  const { permission, guest = false, host = "tenant", middleware = [], ...route } = config;
  const access: Access = { permission, guest };
  return createRoute({
    ...route,
    middleware: [...HOST_GUARD[host], enforce(access), ...(Array.isArray(middleware) ? middleware : [middleware])],
    security: security(access),
    "x-permission": permission,
    ...(guest ? { "x-guest": true } : {}),
  } as unknown as R);
}
