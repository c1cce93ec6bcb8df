import { and, desc, eq, isNull } from "drizzle-orm";
import type { ApiKeyTier } from "../rate-limits/tiers.ts";
import type { Scope } from "./scope.ts";
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

export const insertApiKey = ({ db, tenantId }: Scope, row: Omit<typeof apiKeys.$inferInsert, "tenant_id">) =>
  db.insert(apiKeys).values({ ...row, tenant_id: tenantId });

export const listApiKeys = ({ db, tenantId }: Scope) =>
  db.select(publicColumns).from(apiKeys).where(eq(apiKeys.tenant_id, tenantId)).orderBy(desc(apiKeys.created_at));

export const findApiKey = ({ db, tenantId }: Scope, id: string) =>
  db.select(publicColumns).from(apiKeys).where(and(eq(apiKeys.tenant_id, tenantId), eq(apiKeys.id, id))).get();

/** The key with this prefix and the role of the user who made it. */
export const findApiKeyByPrefix = ({ db, tenantId }: Scope, prefix: string) =>
  db
    .select({ key: apiKeys, role: users.role, customer_id: users.customer_id })
    .from(apiKeys)
    .leftJoin(users, and(eq(users.id, apiKeys.created_by), eq(users.tenant_id, apiKeys.tenant_id)))
    .where(and(eq(apiKeys.tenant_id, tenantId), eq(apiKeys.prefix, prefix)))
    .get();

export const revokeApiKey = ({ db, tenantId }: Scope, id: string, at: number) =>
  db
    .update(apiKeys)
    .set({ revoked_at: at })
    .where(and(eq(apiKeys.tenant_id, tenantId), eq(apiKeys.id, id), isNull(apiKeys.revoked_at)))
    .returning({ id: apiKeys.id });

export const setApiKeyExpiry = ({ db, tenantId }: Scope, id: string, expiresAt: number) =>
  db.update(apiKeys).set({ expires_at: expiresAt }).where(and(eq(apiKeys.tenant_id, tenantId), eq(apiKeys.id, id)));

export const setApiKeyTier = ({ db, tenantId }: Scope, id: string, tier: ApiKeyTier) =>
  db.update(apiKeys).set({ tier }).where(and(eq(apiKeys.tenant_id, tenantId), eq(apiKeys.id, id)));

export const touchApiKey = ({ db, tenantId }: Scope, id: string, at: number) =>
  db.update(apiKeys).set({ last_used_at: at }).where(and(eq(apiKeys.tenant_id, tenantId), eq(apiKeys.id, id)));
