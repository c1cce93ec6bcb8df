import type { Context, MiddlewareHandler } from "hono";
import type { AppEnv } from "../api/context.ts";
import { ApiError } from "../api/errors.ts";
import type { Db } from "../db/client.ts";
import type { Scope } from "../db/scope.ts";
import { findTenantByDomain, findTenantBySlug, type Tenant } from "../db/tenants.ts";
import type { Env } from "../env.ts";

export type HostKind = { kind: "root" } | { kind: "tenant"; tenant: Tenant } | { kind: "unknown"; hostname: string };

/**
 * The tenant comes from the Host alone: `{slug}.{APP_DOMAIN}` or a custom
 * hostname in tenant_domains. X-Forwarded-Host and tenant headers are ignored.
 */
export async function resolveHost(env: Env, db: Db, url: URL): Promise<HostKind> {
  const hostname = url.hostname.toLowerCase();
  const root = env.APP_DOMAIN.toLowerCase();
  if (hostname === root) return { kind: "root" };
  if (hostname.endsWith(`.${root}`)) {
    const slug = hostname.slice(0, -root.length - 1);
    const tenant = slug.includes(".") ? undefined : await findTenantBySlug(db, slug);
    return tenant ? { kind: "tenant", tenant } : { kind: "unknown", hostname };
  }
  const tenant = await findTenantByDomain(db, hostname);
  return tenant ? { kind: "tenant", tenant } : { kind: "unknown", hostname };
}

export const tenantFromHost: MiddlewareHandler<AppEnv> = async (c, next) => {
  const host = await resolveHost(c.env, c.get("db"), new URL(c.req.url));
  if (host.kind === "unknown") throw new ApiError("NOT_FOUND", `No shop is served at ${host.hostname}`);
  c.set("tenant", host.kind === "tenant" ? host.tenant : null);
  await next();
};

export const requireTenant: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (!c.get("tenant")) throw new ApiError("NOT_FOUND", "This endpoint is served on a shop's host");
  await next();
};

export const requireRoot: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (c.get("tenant")) throw new ApiError("NOT_FOUND", "This endpoint is served on the platform's root host");
  await next();
};

/** The tenant scope of a request that passed requireTenant: tenant routes reach D1 only through it. */
export const scopeOf = (c: Context<AppEnv>): Scope => ({ db: c.get("db"), tenantId: tenantOf(c).id });

/** The tenant of a request that passed requireTenant. */
export const tenantOf = (c: { get(key: "tenant"): Tenant | null }): Tenant => {
  const tenant = c.get("tenant");
  if (!tenant) throw new ApiError("NOT_FOUND", "This endpoint is served on a shop's host");
  return tenant;
};
