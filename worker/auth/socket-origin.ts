import type { Context } from "hono";
import type { RequestEnv } from "../api/context.ts";
import { ApiError } from "../api/errors.ts";

/**
 * WebSocket upgrades are not covered by CORS or the CSRF check of unsafe methods: any page a
 * signed-in visitor opens could open one with their cookie (SameSite=Lax lets sibling shop
 * subdomains through, being same-site). Browsers always send Origin on an upgrade; it must be this
 * shop's own. Without Origin the caller is not a browser and carries no ambient authority.
 */
export function requireOwnSocketOrigin<E extends RequestEnv>(c: Context<E>) {
  const origin = c.req.header("origin");
  const own = new URL(c.req.url).origin;
  if (origin === undefined || origin === own) return;
  throw new ApiError("FORBIDDEN", "Cross-origin WebSocket refused", [{ field: "Origin", message: `must be ${own}`, value: origin }]);
}
