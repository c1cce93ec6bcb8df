import { and, asc, eq, gt } from "drizzle-orm";
import type { Scope } from "./scope.ts";
import { webhookSources } from "./schema/index.ts";

export type WebhookSource = typeof webhookSources.$inferSelect;

export async function insertSource({ db, tenantId }: Scope, row: Omit<typeof webhookSources.$inferInsert, "tenant_id" | "created_at" | "updated_at">) {
  const now = Date.now();
  await db.insert(webhookSources).values({ ...row, tenant_id: tenantId, created_at: now, updated_at: now });
}

export const findSource = ({ db, tenantId }: Scope, id: string) =>
  db.select().from(webhookSources).where(and(eq(webhookSources.tenant_id, tenantId), eq(webhookSources.id, id))).get();

export const findSourceByName = ({ db, tenantId }: Scope, name: string) =>
  db.select().from(webhookSources).where(and(eq(webhookSources.tenant_id, tenantId), eq(webhookSources.name, name))).get();

export const listSources = ({ db, tenantId }: Scope, opts: { limit: number; cursor?: string }) =>
  db
    .select()
    .from(webhookSources)
    .where(and(eq(webhookSources.tenant_id, tenantId), opts.cursor ? gt(webhookSources.id, opts.cursor) : undefined))
    .orderBy(asc(webhookSources.id))
    .limit(opts.limit + 1);

export const updateSource = ({ db, tenantId }: Scope, id: string, set: Partial<Pick<WebhookSource, "name" | "secrets" | "tolerance_seconds" | "scheme">>) =>
  db
    .update(webhookSources)
    .set({ ...set, updated_at: Date.now() })
    .where(and(eq(webhookSources.tenant_id, tenantId), eq(webhookSources.id, id)));

export const deleteSource = ({ db, tenantId }: Scope, id: string) =>
  db.delete(webhookSources).where(and(eq(webhookSources.tenant_id, tenantId), eq(webhookSources.id, id))).returning({ id: webhookSources.id, name: webhookSources.name });
