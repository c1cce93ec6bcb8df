import { and, asc, eq, gt } from "drizzle-orm";
import type { Scope } from "./scope.ts";
import { webhookEndpoints } from "./schema/index.ts";

export type WebhookEndpoint = typeof webhookEndpoints.$inferSelect;
type Editable = Pick<WebhookEndpoint, "url" | "description" | "event_types" | "enabled" | "disabled_reason" | "secret_enc">;

export async function insertEndpoint({ db, tenantId }: Scope, row: Omit<typeof webhookEndpoints.$inferInsert, "tenant_id" | "created_at" | "updated_at">) {
  const now = Date.now();
  await db.insert(webhookEndpoints).values({ ...row, tenant_id: tenantId, created_at: now, updated_at: now });
}

export const findEndpoint = ({ db, tenantId }: Scope, id: string) =>
  db.select().from(webhookEndpoints).where(and(eq(webhookEndpoints.tenant_id, tenantId), eq(webhookEndpoints.id, id))).get();

export const listEndpoints = ({ db, tenantId }: Scope, opts: { limit: number; cursor?: string }) =>
  db
    .select()
    .from(webhookEndpoints)
    .where(and(eq(webhookEndpoints.tenant_id, tenantId), opts.cursor ? gt(webhookEndpoints.id, opts.cursor) : undefined))
    .orderBy(asc(webhookEndpoints.id))
    .limit(opts.limit + 1);

export const updateEndpoint = ({ db, tenantId }: Scope, id: string, set: Partial<Editable>) =>
  db
    .update(webhookEndpoints)
    .set({ ...set, updated_at: Date.now() })
    .where(and(eq(webhookEndpoints.tenant_id, tenantId), eq(webhookEndpoints.id, id)));

export const deleteEndpoint = ({ db, tenantId }: Scope, id: string) =>
  db.delete(webhookEndpoints).where(and(eq(webhookEndpoints.tenant_id, tenantId), eq(webhookEndpoints.id, id))).returning({ id: webhookEndpoints.id });
