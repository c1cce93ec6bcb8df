import type { MiddlewareHandler } from "hono";
import type { AppEnv, TenantEnv } from "../api/context.ts";
import { ApiError } from "../api/errors.ts";
import type { Db } from "../db/client.ts";
import type { Scope } from "../db/scope.ts";
import { findTenantByDomain, findTenantBySlug, type Tenant } from "../db/tenants.ts";
import type { Env } from "../env.ts";
import { bookmarkLabel, movingError, tenantScope } from "../db/shards.ts";

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

const UNSAFE = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/**
 * Resolves the tenant on the control plane and opens its data shard, once per request: the scope
 * carries the shard (worker/db/shards.ts). While the shop is being moved, reads go on from the shard
 * it is leaving and writes are refused with a 503 that clients retry.
 */
export const tenantFromHost: MiddlewareHandler<AppEnv> = async (c, next) => {
  const db = c.get("db");
  const host = await resolveHost(c.env, db, new URL(c.req.url));
  if (host.kind === "unknown") throw new ApiError("NOT_FOUND", `No shop is served at ${host.hostname}`);
  const tenant = host.kind === "tenant" ? host.tenant : null;
  if (tenant && tenant.shard_moving_to !== null && UNSAFE.has(c.req.method)) throw movingError();
  c.set("tenant", tenant);
  c.set("scope", tenant ? tenantScope(c.env, tenant, db, c.get("bookmarks").get(bookmarkLabel(tenant.shard))) : null);
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

/**
 * The tenant scope of a tenant route: every tenant-owned query takes it. Non-null by type, because
 * tenant routers are typed with TenantEnv and their routes pass requireTenant (defineRoute's default).
 */
export const scopeOf = (c: { var: TenantEnv["Variables"] }): Scope => c.var.scope;

/** The tenant of a tenant route. */
export const tenantOf = (c: { var: TenantEnv["Variables"] }): Tenant => c.var.tenant;
