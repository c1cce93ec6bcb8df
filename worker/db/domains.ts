import { and, asc, eq, isNotNull, isNull, lt, lte, or } from "drizzle-orm";
import type { Db } from "./client.ts";
import { controlOf, ofTenant, type Scope } from "./scope.ts";
import { tenantDomains } from "./schema/index.ts";

export type TenantDomain = typeof tenantDomains.$inferSelect;

/** An unverified claim gives way after this long, so nobody can hold a shop's hostname by adding it first. */
export const CLAIM_EXPIRES_MS = 7 * 24 * 3600 * 1000;

export const domainsOf = (scope: Scope) =>
  controlOf(scope).select().from(tenantDomains).where(ofTenant(scope, tenantDomains)).orderBy(asc(tenantDomains.created_at), asc(tenantDomains.hostname));

export const findDomain = (scope: Scope, id: string) =>
  controlOf(scope)
    .select()
    .from(tenantDomains)
    .where(ofTenant(scope, tenantDomains, eq(tenantDomains.id, id)))
    .get();

/** Inserts the claim; the hostname's primary key refuses one another shop (or this one) holds. */
export const insertDomain = (scope: Scope, row: Omit<TenantDomain, "tenant_id" | "created_at" | "checked_at" | "verified_at">) =>
  controlOf(scope)
    .insert(tenantDomains)
    .values({ ...row, tenant_id: scope.tenantId, checked_at: Date.now(), verified_at: null, created_at: Date.now() });

export const updateDomain = (
  scope: Scope,
  id: string,
  patch: Partial<Pick<TenantDomain, "status" | "dns_records" | "problem" | "checked_at" | "verified_at">>,
) =>
  controlOf(scope)
    .update(tenantDomains)
    .set(patch)
    .where(ofTenant(scope, tenantDomains, eq(tenantDomains.id, id)));

export const deleteDomain = (scope: Scope, id: string) =>
  controlOf(scope)
    .delete(tenantDomains)
    .where(ofTenant(scope, tenantDomains, eq(tenantDomains.id, id)));

/**
 * Drops any shop's unverified claim on `hostname` older than CLAIM_EXPIRES_MS (cross-tenant on purpose: the
 * claim is global); answers the provider's refs of what it dropped, which the caller removes there too.
 */
export const releaseStaleClaim = (scope: Scope, hostname: string, now = Date.now()) =>
  controlOf(scope)
    .delete(tenantDomains)
    .where(and(eq(tenantDomains.hostname, hostname), isNull(tenantDomains.verified_at), lt(tenantDomains.created_at, now - CLAIM_EXPIRES_MS)))
    .returning({ provider_ref: tenantDomains.provider_ref });

/**
 * Pending hostnames of every shop last checked at or before `checkedBefore`, the longest unchecked first
 * (cross-tenant on purpose: the scheduled re-check, decision 78).
 */
export const pendingDomainsDue = (control: Db, checkedBefore: number, limit: number) =>
  control
    .select()
    .from(tenantDomains)
    .where(
      and(
        eq(tenantDomains.status, "pending"),
        isNotNull(tenantDomains.provider_ref),
        or(isNull(tenantDomains.checked_at), lte(tenantDomains.checked_at, checkedBefore)),
      ),
    )
    .orderBy(asc(tenantDomains.checked_at), asc(tenantDomains.hostname))
    .limit(limit);
