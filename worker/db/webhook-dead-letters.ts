import { eq, sql } from "drizzle-orm";
import { keyset, pageOf, type PageRequest } from "./paging.ts";
import { ofTenant, type Scope } from "./scope.ts";
import { webhookDeadLetters } from "./schema/index.ts";

export type WebhookDeadLetter = typeof webhookDeadLetters.$inferSelect;

export const insertDeadLetterStatement = (scope: Scope, row: Pick<WebhookDeadLetter, "direction" | "ref_id" | "event_type" | "failure_reason" | "attempts">) =>
  scope.db.insert(webhookDeadLetters).values({ ...row, id: crypto.randomUUID(), tenant_id: scope.tenantId, created_at: Date.now() });

export const findDeadLetter = (scope: Scope, id: string) =>
  scope.db
    .select()
    .from(webhookDeadLetters)
    .where(ofTenant(scope, webhookDeadLetters, eq(webhookDeadLetters.id, id)))
    .get();

export function listDeadLetters(scope: Scope, page: PageRequest, opts: { status?: WebhookDeadLetter["resolution_status"]; type?: string }) {
  const { after, orderBy } = keyset(webhookDeadLetters.created_at, webhookDeadLetters.id, page);
  return scope.db
    .select()
    .from(webhookDeadLetters)
    .where(
      ofTenant(
        scope,
        webhookDeadLetters,
        opts.status ? eq(webhookDeadLetters.resolution_status, opts.status) : undefined,
        opts.type ? eq(webhookDeadLetters.event_type, opts.type) : undefined,
        after,
      ),
    )
    .orderBy(...orderBy)
    .limit(page.limit + 1)
    .then((rows) => pageOf(rows, page.limit, (d) => [d.created_at, d.id]));
}

/** Moves pending dead letters to a resolution; returns the rows it moved (none when another caller got there first). */
export const resolveDeadLetters = (scope: Scope, where: { id?: string; type?: string }, status: "retried" | "discarded", note: string | null) =>
  scope.db
    .update(webhookDeadLetters)
    .set({ resolution_status: status, resolution_note: note, resolved_at: Date.now() })
    .where(
      ofTenant(
        scope,
        webhookDeadLetters,
        eq(webhookDeadLetters.resolution_status, "pending"),
        where.id ? eq(webhookDeadLetters.id, where.id) : undefined,
        where.type ? eq(webhookDeadLetters.event_type, where.type) : undefined,
      ),
    )
    .returning();

/** Settles pending dead letters of a ref that was replayed some other way. */
export const resolveDeadLettersOfRefStatement = (scope: Scope, refId: string) =>
  scope.db
    .update(webhookDeadLetters)
    .set({ resolution_status: "retried", resolved_at: Date.now() })
    .where(ofTenant(scope, webhookDeadLetters, eq(webhookDeadLetters.ref_id, refId), eq(webhookDeadLetters.resolution_status, "pending")));

export const deadLetterCounts = (scope: Scope) =>
  scope.db
    .select({ direction: webhookDeadLetters.direction, status: webhookDeadLetters.resolution_status, count: sql<number>`count(*)` })
    .from(webhookDeadLetters)
    .where(ofTenant(scope, webhookDeadLetters))
    .groupBy(webhookDeadLetters.direction, webhookDeadLetters.resolution_status);
