import { asc, eq, gt } from "drizzle-orm";
import { ofTenant, type Scope } from "./scope.ts";
import { webhookSources } from "./schema/index.ts";

export type WebhookSource = typeof webhookSources.$inferSelect;

export async function insertSource(scope: Scope, row: Omit<typeof webhookSources.$inferInsert, "tenant_id" | "created_at" | "updated_at">) {
  const now = Date.now();
  await scope.db.insert(webhookSources).values({ ...row, tenant_id: scope.tenantId, created_at: now, updated_at: now });
}

export const findSource = (scope: Scope, id: string) =>
  scope.db.select().from(webhookSources).where(ofTenant(scope, webhookSources, eq(webhookSources.id, id))).get();

export const findSourceByName = (scope: Scope, name: string) =>
  scope.db.select().from(webhookSources).where(ofTenant(scope, webhookSources, eq(webhookSources.name, name))).get();

export const listSources = (scope: Scope, opts: { limit: number; cursor?: string }) =>
  scope.db
    .select()
    .from(webhookSources)
    .where(ofTenant(scope, webhookSources, opts.cursor ? gt(webhookSources.id, opts.cursor) : undefined))
    .orderBy(asc(webhookSources.id))
    .limit(opts.limit + 1);

export const updateSource = (scope: Scope, id: string, set: Partial<Pick<WebhookSource, "name" | "secrets" | "tolerance_seconds" | "scheme">>) =>
  scope.db
    .update(webhookSources)
    .set({ ...set, updated_at: Date.now() })
    .where(ofTenant(scope, webhookSources, eq(webhookSources.id, id)));

export const deleteSource = (scope: Scope, id: string) =>
  scope.db.delete(webhookSources).where(ofTenant(scope, webhookSources, eq(webhookSources.id, id))).returning({ id: webhookSources.id, name: webhookSources.name });
