import { eq } from "drizzle-orm";
import { keyset, pageOf, type PageRequest } from "./paging.ts";
import { ofTenant, type Scope } from "./scope.ts";
import { webhookSources } from "./schema/index.ts";

export type WebhookSource = typeof webhookSources.$inferSelect;

export async function insertSource(scope: Scope, row: Omit<typeof webhookSources.$inferInsert, "tenant_id" | "created_at" | "updated_at">) {
  const now = Date.now();
  await scope.db.insert(webhookSources).values({ ...row, tenant_id: scope.tenantId, created_at: now, updated_at: now });
}

export const findSource = (scope: Scope, id: string) =>
  scope.db
    .select()
    .from(webhookSources)
    .where(ofTenant(scope, webhookSources, eq(webhookSources.id, id)))
    .get();

export const findSourceByName = (scope: Scope, name: string) =>
  scope.db
    .select()
    .from(webhookSources)
    .where(ofTenant(scope, webhookSources, eq(webhookSources.name, name)))
    .get();

export function listSources(scope: Scope, page: PageRequest) {
  const { after, orderBy } = keyset(webhookSources.created_at, webhookSources.id, page);
  return scope.db
    .select()
    .from(webhookSources)
    .where(ofTenant(scope, webhookSources, after))
    .orderBy(...orderBy)
    .limit(page.limit + 1)
    .then((rows) => pageOf(rows, page.limit, (s) => [s.created_at, s.id]));
}

export const updateSource = (scope: Scope, id: string, set: Partial<Pick<WebhookSource, "name" | "secrets" | "tolerance_seconds" | "scheme">>) =>
  scope.db
    .update(webhookSources)
    .set({ ...set, updated_at: Date.now() })
    .where(ofTenant(scope, webhookSources, eq(webhookSources.id, id)));

export const deleteSource = (scope: Scope, id: string) =>
  scope.db
    .delete(webhookSources)
    .where(ofTenant(scope, webhookSources, eq(webhookSources.id, id)))
    .returning({ id: webhookSources.id, name: webhookSources.name });
