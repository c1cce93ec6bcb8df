import { atHome } from "./shards.ts";
import { and, eq, inArray, isNull, lt, sql, type SQL } from "drizzle-orm";
import type { Db } from "./client.ts";
import { keyset, pageOf, type PageRequest } from "./paging.ts";
import { ofTenant, type Scope } from "./scope.ts";
import { inboundEffects, inboundEvents, type InboundStatus } from "./schema/index.ts";

export type InboundEvent = typeof inboundEvents.$inferSelect;

export async function insertInboundEvent(
  scope: Scope,
  row: Pick<InboundEvent, "id" | "source_id" | "source" | "external_id" | "type" | "payload" | "received_at">,
) {
  await scope.db.insert(inboundEvents).values({ ...row, tenant_id: scope.tenantId, status: "received", updated_at: row.received_at });
}

/**
 * Stores an event its WebhookInbox accepted, as already enqueued (the queue is
 * delivering it), and returns it; undefined when an event with that sender's id is stored already.
 */
export async function storeInboundEvent(
  { db, tenantId }: Scope,
  row: Pick<InboundEvent, "id" | "source_id" | "source" | "external_id" | "type" | "payload" | "received_at">,
) {
  const inserted = await db
    .insert(inboundEvents)
    .values({ ...row, tenant_id: tenantId, status: "received", enqueued_at: Date.now(), updated_at: Date.now() })
    .onConflictDoNothing()
    .returning();
  return inserted.at(0);
}

/** The stored event with a sender's event id, if any (the unique index `webhook_events_tenant_source_external`). */
export const findInboundByExternalId = (scope: Scope, sourceId: string, externalId: string) =>
  scope.db
    .select({ id: inboundEvents.id })
    .from(inboundEvents)
    .where(ofTenant(scope, inboundEvents, eq(inboundEvents.source_id, sourceId), eq(inboundEvents.external_id, externalId)))
    .get();

export const findInboundEvent = (scope: Scope, id: string) =>
  scope.db
    .select()
    .from(inboundEvents)
    .where(ofTenant(scope, inboundEvents, eq(inboundEvents.id, id)))
    .get();

export function listInboundEvents(scope: Scope, page: PageRequest, opts: { status?: InboundStatus; type?: string }) {
  const { after, orderBy } = keyset(inboundEvents.received_at, inboundEvents.id, page);
  return scope.db
    .select()
    .from(inboundEvents)
    .where(
      ofTenant(
        scope,
        inboundEvents,
        opts.status ? eq(inboundEvents.status, opts.status) : undefined,
        opts.type ? eq(inboundEvents.type, opts.type) : undefined,
        after,
      ),
    )
    .orderBy(...orderBy)
    .limit(page.limit + 1)
    .then((rows) => pageOf(rows, page.limit, (e) => [e.received_at, e.id]));
}

export const updateInboundEventStatement = (scope: Scope, id: string, set: Partial<Omit<InboundEvent, "id" | "tenant_id">>) =>
  scope.db
    .update(inboundEvents)
    .set({ ...set, updated_at: Date.now() })
    .where(ofTenant(scope, inboundEvents, eq(inboundEvents.id, id)));

const OPEN_STATUSES: InboundStatus[] = ["received", "retrying", "processing"];

/**
 * Counts a processing attempt and returns its number, or null when the event
 * is already settled (processed, failed, dead, discarded) — a late redelivery.
 */
export async function beginProcessing(scope: Scope, id: string) {
  const [row] = await scope.db
    .update(inboundEvents)
    .set({ attempts: sql`${inboundEvents.attempts} + 1`, status: "processing", updated_at: Date.now() })
    .where(ofTenant(scope, inboundEvents, eq(inboundEvents.id, id), inArray(inboundEvents.status, OPEN_STATUSES)))
    .returning({ attempts: inboundEvents.attempts });
  return row?.attempts ?? null;
}

/** Settles an event being processed; a concurrent consumer that settled it first is not overwritten. */
export const settleStatement = (scope: Scope, id: string, set: Partial<Pick<InboundEvent, "status" | "last_error" | "processed_at">>) =>
  scope.db
    .update(inboundEvents)
    .set({ ...set, updated_at: Date.now() })
    .where(ofTenant(scope, inboundEvents, eq(inboundEvents.id, id), eq(inboundEvents.status, "processing")));

/** Puts a failed, dead or discarded event back to be processed again. */
export const reopenStatement = (scope: Scope, id: string) =>
  scope.db
    .update(inboundEvents)
    .set({ status: "received", attempts: 0, last_error: null, processed_at: null, enqueued_at: null, updated_at: Date.now() })
    .where(ofTenant(scope, inboundEvents, eq(inboundEvents.id, id), inArray(inboundEvents.status, ["failed", "dead", "discarded"])));

/** A failed event's only effect was its validation.failed notice; a replay may send another. */
export const clearEffectMarkerStatement = (scope: Scope, eventId: string) =>
  scope.db.delete(inboundEffects).where(ofTenant(scope, inboundEffects, eq(inboundEffects.event_id, eventId)));

/** The marker written in the same batch as an event's effect (see schema: inboundEffects). */
export const effectMarkerStatement = (scope: Scope, eventId: string) =>
  scope.db.insert(inboundEffects).values({ tenant_id: scope.tenantId, event_id: eventId, applied_at: Date.now() });

/**
 * For an effect whose change is guarded (written only if the row is as read):
 * after that change in the batch, a second marker unless `took` holds, so the
 * batch fails on the marker's key and rolls back, and the event is retried
 * against the row as it now stands instead of being settled with no effect.
 */
export const effectTookStatement = (scope: Scope, eventId: string, took: SQL) =>
  scope.db.insert(inboundEffects).select(sql`SELECT ${scope.tenantId}, ${eventId}, ${Date.now()} WHERE NOT (${took})`);

export const effectApplied = async (scope: Scope, eventId: string) =>
  (await scope.db
    .select({ id: inboundEffects.event_id })
    .from(inboundEffects)
    .where(ofTenant(scope, inboundEffects, eq(inboundEffects.event_id, eventId)))
    .get()) !== undefined;

export const inboundStatusCounts = (scope: Scope) =>
  scope.db
    .select({ status: inboundEvents.status, type: inboundEvents.type, count: sql<number>`count(*)` })
    .from(inboundEvents)
    .where(ofTenant(scope, inboundEvents))
    .groupBy(inboundEvents.status, inboundEvents.type);

/** Events of every tenant that never reached the inbox queue (the sweep). */
export const strandedInboundEvents = (db: Db, olderThan: number, limit: number) =>
  db
    .select({ id: inboundEvents.id, tenant_id: inboundEvents.tenant_id })
    .from(inboundEvents)
    .where(and(isNull(inboundEvents.enqueued_at), lt(inboundEvents.received_at, olderThan), atHome(inboundEvents)))
    .limit(limit);

export const markInboundEnqueued = (scope: Scope, id: string, at: number) =>
  scope.db
    .update(inboundEvents)
    .set({ enqueued_at: at })
    .where(ofTenant(scope, inboundEvents, eq(inboundEvents.id, id)));
