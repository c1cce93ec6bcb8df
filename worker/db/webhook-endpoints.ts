import { eq } from "drizzle-orm";
import { keyset, pageOf, type PageRequest } from "./paging.ts";
import { ofTenant, type Scope } from "./scope.ts";
import { webhookEndpoints } from "./schema/index.ts";

export type WebhookEndpoint = typeof webhookEndpoints.$inferSelect;
type Editable = Pick<WebhookEndpoint, "url" | "description" | "event_types" | "enabled" | "disabled_reason" | "secret_enc">;

export async function insertEndpoint(scope: Scope, row: Omit<typeof webhookEndpoints.$inferInsert, "tenant_id" | "created_at" | "updated_at">) {
  const now = Date.now();
  await scope.db.insert(webhookEndpoints).values({ ...row, tenant_id: scope.tenantId, created_at: now, updated_at: now });
}

export const findEndpoint = (scope: Scope, id: string) =>
  scope.db
    .select()
    .from(webhookEndpoints)
    .where(ofTenant(scope, webhookEndpoints, eq(webhookEndpoints.id, id)))
    .get();

export function listEndpoints(scope: Scope, page: PageRequest) {
  const { after, orderBy } = keyset(webhookEndpoints.created_at, webhookEndpoints.id, page);
  return scope.db
    .select()
    .from(webhookEndpoints)
    .where(ofTenant(scope, webhookEndpoints, after))
    .orderBy(...orderBy)
    .limit(page.limit + 1)
    .then((rows) => pageOf(rows, page.limit, (e) => [e.created_at, e.id]));
}

export const updateEndpoint = (scope: Scope, id: string, set: Partial<Editable>) =>
  scope.db
    .update(webhookEndpoints)
    .set({ ...set, updated_at: Date.now() })
    .where(ofTenant(scope, webhookEndpoints, eq(webhookEndpoints.id, id)));

export const deleteEndpoint = (scope: Scope, id: string) =>
  scope.db
    .delete(webhookEndpoints)
    .where(ofTenant(scope, webhookEndpoints, eq(webhookEndpoints.id, id)))
    .returning({ id: webhookEndpoints.id });
