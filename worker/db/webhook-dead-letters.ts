import { and, desc, eq, lt, sql } from "drizzle-orm";
import type { Scope } from "./scope.ts";
import { webhookDeadLetters } from "./schema/index.ts";

export type WebhookDeadLetter = typeof webhookDeadLetters.$inferSelect;

export const insertDeadLetterStatement = ({ db, tenantId }: Scope, row: Pick<WebhookDeadLetter, "direction" | "ref_id" | "event_type" | "failure_reason" | "attempts">) =>
  db.insert(webhookDeadLetters).values({ ...row, id: crypto.randomUUID(), tenant_id: tenantId, created_at: Date.now() });

export const findDeadLetter = ({ db, tenantId }: Scope, id: string) =>
  db.select().from(webhookDeadLetters).where(and(eq(webhookDeadLetters.tenant_id, tenantId), eq(webhookDeadLetters.id, id))).get();

export const listDeadLetters = ({ db, tenantId }: Scope, opts: { limit: number; before?: number; status?: WebhookDeadLetter["resolution_status"]; type?: string }) =>
  db
    .select()
    .from(webhookDeadLetters)
    .where(
      and(
        eq(webhookDeadLetters.tenant_id, tenantId),
        opts.status ? eq(webhookDeadLetters.resolution_status, opts.status) : undefined,
        opts.type ? eq(webhookDeadLetters.event_type, opts.type) : undefined,
        opts.before ? lt(webhookDeadLetters.created_at, opts.before) : undefined,
      ),
    )
    .orderBy(desc(webhookDeadLetters.created_at))
    .limit(opts.limit + 1);

/** Moves pending dead letters to a resolution; returns the rows it moved (none when another caller got there first). */
export const resolveDeadLetters = ({ db, tenantId }: Scope, where: { id?: string; type?: string }, status: "retried" | "discarded", note: string | null) =>
  db
    .update(webhookDeadLetters)
    .set({ resolution_status: status, resolution_note: note, resolved_at: Date.now() })
    .where(
      and(
        eq(webhookDeadLetters.tenant_id, tenantId),
        eq(webhookDeadLetters.resolution_status, "pending"),
        where.id ? eq(webhookDeadLetters.id, where.id) : undefined,
        where.type ? eq(webhookDeadLetters.event_type, where.type) : undefined,
      ),
    )
    .returning();

/** Settles pending dead letters of a ref that was replayed some other way. */
export const resolveDeadLettersOfRefStatement = ({ db, tenantId }: Scope, refId: string) =>
  db
    .update(webhookDeadLetters)
    .set({ resolution_status: "retried", resolved_at: Date.now() })
    .where(and(eq(webhookDeadLetters.tenant_id, tenantId), eq(webhookDeadLetters.ref_id, refId), eq(webhookDeadLetters.resolution_status, "pending")));

export const deadLetterCounts = ({ db, tenantId }: Scope) =>
  db
    .select({ direction: webhookDeadLetters.direction, status: webhookDeadLetters.resolution_status, count: sql<number>`count(*)` })
    .from(webhookDeadLetters)
    .where(eq(webhookDeadLetters.tenant_id, tenantId))
    .groupBy(webhookDeadLetters.direction, webhookDeadLetters.resolution_status);
