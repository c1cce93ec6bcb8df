import { atHome } from "./shards.ts";
import { and, eq, gt, inArray, isNull, lt, sql, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import type { Db } from "./client.ts";
import { keyset, pageOf, type PageRequest } from "./paging.ts";
import { ofTenant, type Scope } from "./scope.ts";
import { deliveryAttempts, outboundEvents, webhookDeliveries, webhookEndpoints, type DeliveryStatus, type Priority } from "./schema/index.ts";

/** `e` in the raw SQL that fans an event out to the endpoints subscribed to it. */
const endpointAlias = alias(webhookEndpoints, "e");

/** Rate-limited events: a second one with the same key inside the window is not written. */
export interface Throttle {
  key: string;
  windowMs: number;
}

/**
 * The outbox rows of one event: the event, and one delivery per enabled
 * endpoint subscribed to its type. Both are plain statements for the caller's
 * own `db.batch`, so they commit or vanish with the state change they report.
 * Subscriptions are resolved inside the batch (INSERT … SELECT), not read
 * beforehand, so an endpoint added meanwhile is not missed. `onlyIf` is
 * evaluated there too: the event (and its deliveries) is written only if it holds.
 * With `byNameOnly`, endpoints subscribed to `*` get no delivery.
 */
export function outboxEventStatements(
  scope: Scope,
  event: { id: string; type: string; payload: Record<string, unknown>; priority: Priority; createdAt: number },
  { throttle, onlyIf, byNameOnly = false }: { throttle?: Throttle; onlyIf?: SQL; byNameOnly?: boolean } = {},
) {
  // insert(…).select(sql) lists every column in table order, so each SELECT yields them in that order.
  // (drizzle's raw scope.db.run() cannot carry bound parameters inside a D1 batch.)
  const payload = JSON.stringify(event.payload);
  const conditions = [
    throttle &&
      sql`NOT EXISTS (SELECT 1 FROM ${outboundEvents} WHERE ${ofTenant(scope, outboundEvents, eq(outboundEvents.throttle_key, throttle.key), gt(outboundEvents.created_at, event.createdAt - throttle.windowMs))})`,
    onlyIf,
  ].filter((c) => c !== undefined);
  const insertEvent =
    conditions.length > 0
      ? scope.db
          .insert(outboundEvents)
          .select(sql`SELECT ${event.id}, ${scope.tenantId}, ${event.type}, ${payload}, ${event.priority}, ${throttle?.key ?? null}, ${event.createdAt}
        WHERE ${sql.join(conditions, sql` AND `)}`)
      : scope.db
          .insert(outboundEvents)
          .values({ id: event.id, tenant_id: scope.tenantId, type: event.type, payload: event.payload, priority: event.priority, created_at: event.createdAt });
  const insertDeliveries = scope.db.insert(webhookDeliveries).select(sql`
    SELECT lower(hex(randomblob(16))), e.tenant_id, ev.id, e.id, 'pending', 0, NULL, NULL, NULL, ev.created_at, ev.created_at
    FROM webhook_endpoints e JOIN outbound_events ev ON ev.tenant_id = e.tenant_id AND ev.id = ${event.id}
    WHERE ${ofTenant(scope, endpointAlias)} AND e.enabled = 1
      AND EXISTS (SELECT 1 FROM json_each(e.event_types) j WHERE ${byNameOnly ? sql`j.value = ev.type` : sql`j.value IN (ev.type, '*')`})`);
  return [insertEvent, insertDeliveries] as const;
}

export const unqueuedDeliveriesOf = (scope: Scope, eventIds: string[]) =>
  eventIds.length === 0
    ? Promise.resolve([])
    : scope.db
        .select({ id: webhookDeliveries.id })
        .from(webhookDeliveries)
        .where(ofTenant(scope, webhookDeliveries, inArray(webhookDeliveries.event_id, eventIds), isNull(webhookDeliveries.enqueued_at)));

export const markDeliveriesEnqueued = (scope: Scope, ids: string[], at: number) =>
  scope.db
    .update(webhookDeliveries)
    .set({ enqueued_at: at })
    .where(ofTenant(scope, webhookDeliveries, inArray(webhookDeliveries.id, ids)));

/** Deliveries of every tenant that never reached the queue (the sweep); served by the partial index. */
export const strandedDeliveries = (db: Db, olderThan: number, limit: number) =>
  db
    .select({ id: webhookDeliveries.id, tenant_id: webhookDeliveries.tenant_id })
    .from(webhookDeliveries)
    .where(and(isNull(webhookDeliveries.enqueued_at), lt(webhookDeliveries.created_at, olderThan), atHome(webhookDeliveries)))
    .limit(limit);

/** A delivery with its event and endpoint, for the consumer. */
export const findDeliveryContext = (scope: Scope, id: string) =>
  scope.db
    .select({ delivery: webhookDeliveries, event: outboundEvents, endpoint: webhookEndpoints })
    .from(webhookDeliveries)
    .innerJoin(outboundEvents, and(eq(outboundEvents.tenant_id, webhookDeliveries.tenant_id), eq(outboundEvents.id, webhookDeliveries.event_id)))
    .innerJoin(webhookEndpoints, and(eq(webhookEndpoints.tenant_id, webhookDeliveries.tenant_id), eq(webhookEndpoints.id, webhookDeliveries.endpoint_id)))
    .where(ofTenant(scope, webhookDeliveries, eq(webhookDeliveries.id, id)))
    .get();

export const findDelivery = (scope: Scope, id: string) =>
  scope.db
    .select()
    .from(webhookDeliveries)
    .where(ofTenant(scope, webhookDeliveries, eq(webhookDeliveries.id, id)))
    .get();

export const updateDeliveryStatement = (
  scope: Scope,
  id: string,
  set: Partial<Omit<typeof webhookDeliveries.$inferSelect, "id" | "tenant_id">> & { status?: DeliveryStatus },
) =>
  scope.db
    .update(webhookDeliveries)
    .set({ ...set, updated_at: Date.now() })
    .where(ofTenant(scope, webhookDeliveries, eq(webhookDeliveries.id, id)));

/** Counts an HTTP attempt and returns its number; concurrent redeliveries each get their own. */
export async function beginAttempt(scope: Scope, id: string) {
  const [row] = await scope.db
    .update(webhookDeliveries)
    .set({ attempts: sql`${webhookDeliveries.attempts} + 1`, updated_at: Date.now() })
    .where(ofTenant(scope, webhookDeliveries, eq(webhookDeliveries.id, id)))
    .returning({ attempts: webhookDeliveries.attempts });
  return row?.attempts ?? 0;
}

export const insertAttemptStatement = (scope: Scope, row: Omit<typeof deliveryAttempts.$inferInsert, "id" | "tenant_id">) =>
  scope.db.insert(deliveryAttempts).values({ ...row, id: crypto.randomUUID(), tenant_id: scope.tenantId });

/** The delivery log of one endpoint, newest first. */
export function listAttempts(scope: Scope, endpointId: string, page: PageRequest) {
  const { after, orderBy } = keyset(deliveryAttempts.created_at, deliveryAttempts.id, page);
  return scope.db
    .select({ attempt: deliveryAttempts, event_type: outboundEvents.type, event_id: outboundEvents.id, delivery_status: webhookDeliveries.status })
    .from(deliveryAttempts)
    .innerJoin(webhookDeliveries, and(eq(webhookDeliveries.tenant_id, deliveryAttempts.tenant_id), eq(webhookDeliveries.id, deliveryAttempts.delivery_id)))
    .innerJoin(outboundEvents, and(eq(outboundEvents.tenant_id, webhookDeliveries.tenant_id), eq(outboundEvents.id, webhookDeliveries.event_id)))
    .where(ofTenant(scope, deliveryAttempts, eq(deliveryAttempts.endpoint_id, endpointId), after))
    .orderBy(...orderBy)
    .limit(page.limit + 1)
    .then((rows) => pageOf(rows, page.limit, (r) => [r.attempt.created_at, r.attempt.id]));
}

export const deliveryStatusCounts = (scope: Scope) =>
  scope.db
    .select({ status: webhookDeliveries.status, count: sql<number>`count(*)` })
    .from(webhookDeliveries)
    .where(ofTenant(scope, webhookDeliveries))
    .groupBy(webhookDeliveries.status);

/** A `webhook.test` event and its delivery to one endpoint, subscribed or not. */
export function testEventStatements(scope: Scope, endpointId: string, at: number) {
  const eventId = `evt_${crypto.randomUUID().replaceAll("-", "")}`;
  const deliveryId = crypto.randomUUID();
  return {
    eventId,
    deliveryId,
    statements: [
      scope.db.insert(outboundEvents).values({
        id: eventId,
        tenant_id: scope.tenantId,
        type: "webhook.test",
        payload: { endpoint_id: endpointId, message: "Test event from Fabquote" },
        priority: "low",
        created_at: at,
      }),
      scope.db
        .insert(webhookDeliveries)
        .values({ id: deliveryId, tenant_id: scope.tenantId, event_id: eventId, endpoint_id: endpointId, status: "pending", created_at: at, updated_at: at }),
    ] as const,
  };
}

/** Puts a dead delivery back to be attempted afresh. */
export const reopenDeliveryStatement = (scope: Scope, id: string) =>
  scope.db
    .update(webhookDeliveries)
    .set({ status: "pending", attempts: 0, last_error: null, enqueued_at: null, updated_at: Date.now() })
    .where(ofTenant(scope, webhookDeliveries, eq(webhookDeliveries.id, id), inArray(webhookDeliveries.status, ["dead", "skipped"])));
