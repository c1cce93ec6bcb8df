import { asc, eq, gt } from "drizzle-orm";
import { ofTenant, type Scope } from "./scope.ts";
import { webhookEndpoints } from "./schema/index.ts";

export type WebhookEndpoint = typeof webhookEndpoints.$inferSelect;
type Editable = Pick<WebhookEndpoint, "url" | "description" | "event_types" | "enabled" | "disabled_reason" | "secret_enc">;

export async function insertEndpoint(scope: Scope, row: Omit<typeof webhookEndpoints.$inferInsert, "tenant_id" | "created_at" | "updated_at">) {
  const now = Date.now();
  await scope.db.insert(webhookEndpoints).values({ ...row, tenant_id: scope.tenantId, created_at: now, updated_at: now });
}

export const findEndpoint = (scope: Scope, id: string) =>
  scope.db.select().from(webhookEndpoints).where(ofTenant(scope, webhookEndpoints, eq(webhookEndpoints.id, id))).get();

export const listEndpoints = (scope: Scope, opts: { limit: number; cursor?: string }) =>
  scope.db
    .select()
    .from(webhookEndpoints)
    .where(ofTenant(scope, webhookEndpoints, opts.cursor ? gt(webhookEndpoints.id, opts.cursor) : undefined))
    .orderBy(asc(webhookEndpoints.id))
    .limit(opts.limit + 1);

export const updateEndpoint = (scope: Scope, id: string, set: Partial<Editable>) =>
  scope.db
    .update(webhookEndpoints)
    .set({ ...set, updated_at: Date.now() })
    .where(ofTenant(scope, webhookEndpoints, eq(webhookEndpoints.id, id)));

export const deleteEndpoint = (scope: Scope, id: string) =>
  scope.db.delete(webhookEndpoints).where(ofTenant(scope, webhookEndpoints, eq(webhookEndpoints.id, id))).returning({ id: webhookEndpoints.id });
