import { and, eq, isNull } from "drizzle-orm";
import type { ApiKeyTier } from "../rate-limits/tiers.ts";
import { keyset, pageOf, type PageRequest } from "./paging.ts";
import { ofTenant, type Scope } from "./scope.ts";
import { apiKeys, users } from "./schema/index.ts";

export type ApiKey = typeof apiKeys.$inferSelect;

const publicColumns = {
  id: apiKeys.id,
  name: apiKeys.name,
  prefix: apiKeys.prefix,
  scopes: apiKeys.scopes,
  tier: apiKeys.tier,
  expires_at: apiKeys.expires_at,
  revoked_at: apiKeys.revoked_at,
  last_used_at: apiKeys.last_used_at,
  created_at: apiKeys.created_at,
};

export const insertApiKey = (scope: Scope, row: Omit<typeof apiKeys.$inferInsert, "tenant_id">) =>
  scope.db.insert(apiKeys).values({ ...row, tenant_id: scope.tenantId });

export function listApiKeys(scope: Scope, page: PageRequest) {
  const { after, orderBy } = keyset(apiKeys.created_at, apiKeys.id, page);
  return scope.db
    .select(publicColumns)
    .from(apiKeys)
    .where(ofTenant(scope, apiKeys, after))
    .orderBy(...orderBy)
    .limit(page.limit + 1)
    .then((rows) => pageOf(rows, page.limit, (k) => [k.created_at, k.id]));
}

export const findApiKey = (scope: Scope, id: string) =>
  scope.db
    .select(publicColumns)
    .from(apiKeys)
    .where(ofTenant(scope, apiKeys, eq(apiKeys.id, id)))
    .get();

/** The key with this prefix and the role of the user who made it. */
export const findApiKeyByPrefix = (scope: Scope, prefix: string) =>
  scope.db
    .select({ key: apiKeys, role: users.role, customer_id: users.customer_id })
    .from(apiKeys)
    .leftJoin(users, and(eq(users.id, apiKeys.created_by), eq(users.tenant_id, apiKeys.tenant_id)))
    .where(ofTenant(scope, apiKeys, eq(apiKeys.prefix, prefix)))
    .get();

export const revokeApiKey = (scope: Scope, id: string, at: number) =>
  scope.db
    .update(apiKeys)
    .set({ revoked_at: at })
    .where(ofTenant(scope, apiKeys, eq(apiKeys.id, id), isNull(apiKeys.revoked_at)))
    .returning({ id: apiKeys.id });

export const setApiKeyExpiry = (scope: Scope, id: string, expiresAt: number) =>
  scope.db
    .update(apiKeys)
    .set({ expires_at: expiresAt })
    .where(ofTenant(scope, apiKeys, eq(apiKeys.id, id)));

export const setApiKeyTier = (scope: Scope, id: string, tier: ApiKeyTier) =>
  scope.db
    .update(apiKeys)
    .set({ tier })
    .where(ofTenant(scope, apiKeys, eq(apiKeys.id, id)));

export const touchApiKey = (scope: Scope, id: string, at: number) =>
  scope.db
    .update(apiKeys)
    .set({ last_used_at: at })
    .where(ofTenant(scope, apiKeys, eq(apiKeys.id, id)));
