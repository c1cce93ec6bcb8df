import { and, desc, eq, inArray, isNull, lt, sql, type SQL } from "drizzle-orm";
import type { Db } from "./client.ts";
import type { Scope } from "./scope.ts";
import { deliveryAttempts, outboundEvents, webhookDeliveries, webhookEndpoints, type DeliveryStatus, type Priority } from "./schema/index.ts";


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
  { db, tenantId }: Scope,
  event: { id: string; type: string; payload: Record<string, unknown>; priority: Priority; createdAt: number },
  { throttle, onlyIf, byNameOnly = false }: { throttle?: Throttle; onlyIf?: SQL; byNameOnly?: boolean } = {},
) {
  // insert(…).select(sql) lists every column in table order, so each SELECT yields them in that order.
  // (drizzle's raw db.run() cannot carry bound parameters inside a D1 batch.)
  const payload = JSON.stringify(event.payload);
  const conditions = [
    throttle && sql`NOT EXISTS (SELECT 1 FROM outbound_events WHERE tenant_id = ${tenantId} AND throttle_key = ${throttle.key} AND created_at > ${event.createdAt - throttle.windowMs})`,
    onlyIf,
  ].filter((c) => c !== undefined);
  const insertEvent =
    conditions.length > 0
      ? db.insert(outboundEvents).select(sql`SELECT ${event.id}, ${tenantId}, ${event.type}, ${payload}, ${event.priority}, ${throttle?.key ?? null}, ${event.createdAt}
        WHERE ${sql.join(conditions, sql` AND `)}`)
      : db.insert(outboundEvents).values({ id: event.id, tenant_id: tenantId, type: event.type, payload: event.payload, priority: event.priority, created_at: event.createdAt });
  const insertDeliveries = db.insert(webhookDeliveries).select(sql`
    SELECT lower(hex(randomblob(16))), e.tenant_id, ev.id, e.id, 'pending', 0, NULL, NULL, NULL, ev.created_at, ev.created_at
    FROM webhook_endpoints e JOIN outbound_events ev ON ev.tenant_id = e.tenant_id AND ev.id = ${event.id}
    WHERE e.tenant_id = ${tenantId} AND e.enabled = 1
      AND EXISTS (SELECT 1 FROM json_each(e.event_types) j WHERE ${byNameOnly ? sql`j.value = ev.type` : sql`j.value IN (ev.type, '*')`})`);
  return [insertEvent, insertDeliveries] as const;
}

export const unqueuedDeliveriesOf = ({ db, tenantId }: Scope, eventIds: string[]) =>
  eventIds.length === 0
    ? Promise.resolve([])
    : db
        .select({ id: webhookDeliveries.id })
        .from(webhookDeliveries)
        .where(and(eq(webhookDeliveries.tenant_id, tenantId), inArray(webhookDeliveries.event_id, eventIds), isNull(webhookDeliveries.enqueued_at)));

export const markDeliveriesEnqueued = ({ db, tenantId }: Scope, ids: string[], at: number) =>
  db
    .update(webhookDeliveries)
    .set({ enqueued_at: at })
    .where(and(eq(webhookDeliveries.tenant_id, tenantId), inArray(webhookDeliveries.id, ids)));

/** Deliveries of every tenant that never reached the queue (the sweep); served by the partial index. */
export const strandedDeliveries = (db: Db, olderThan: number, limit: number) =>
  db
    .select({ id: webhookDeliveries.id, tenant_id: webhookDeliveries.tenant_id })
    .from(webhookDeliveries)
    .where(and(isNull(webhookDeliveries.enqueued_at), lt(webhookDeliveries.created_at, olderThan)))
    .limit(limit);

/** A delivery with its event and endpoint, for the consumer. */
export const findDeliveryContext = ({ db, tenantId }: Scope, id: string) =>
  db
    .select({ delivery: webhookDeliveries, event: outboundEvents, endpoint: webhookEndpoints })
    .from(webhookDeliveries)
    .innerJoin(outboundEvents, and(eq(outboundEvents.tenant_id, webhookDeliveries.tenant_id), eq(outboundEvents.id, webhookDeliveries.event_id)))
    .innerJoin(webhookEndpoints, and(eq(webhookEndpoints.tenant_id, webhookDeliveries.tenant_id), eq(webhookEndpoints.id, webhookDeliveries.endpoint_id)))
    .where(and(eq(webhookDeliveries.tenant_id, tenantId), eq(webhookDeliveries.id, id)))
    .get();

export const findDelivery = ({ db, tenantId }: Scope, id: string) =>
  db.select().from(webhookDeliveries).where(and(eq(webhookDeliveries.tenant_id, tenantId), eq(webhookDeliveries.id, id))).get();

export const updateDeliveryStatement = ({ db, tenantId }: Scope, id: string, set: Partial<Omit<typeof webhookDeliveries.$inferSelect, "id" | "tenant_id">> & { status?: DeliveryStatus }) =>
  db
    .update(webhookDeliveries)
    .set({ ...set, updated_at: Date.now() })
    .where(and(eq(webhookDeliveries.tenant_id, tenantId), eq(webhookDeliveries.id, id)));

/** Counts an HTTP attempt and returns its number; concurrent redeliveries each get their own. */
export async function beginAttempt({ db, tenantId }: Scope, id: string) {
  const [row] = await db
    .update(webhookDeliveries)
    .set({ attempts: sql`${webhookDeliveries.attempts} + 1`, updated_at: Date.now() })
    .where(and(eq(webhookDeliveries.tenant_id, tenantId), eq(webhookDeliveries.id, id)))
    .returning({ attempts: webhookDeliveries.attempts });
  return row?.attempts ?? 0;
}

export const insertAttemptStatement = ({ db, tenantId }: Scope, row: Omit<typeof deliveryAttempts.$inferInsert, "id" | "tenant_id">) =>
  db.insert(deliveryAttempts).values({ ...row, id: crypto.randomUUID(), tenant_id: tenantId });

/** The delivery log of one endpoint, newest first. */
export const listAttempts = ({ db, tenantId }: Scope, endpointId: string, opts: { limit: number; before?: number }) =>
  db
    .select({ attempt: deliveryAttempts, event_type: outboundEvents.type, event_id: outboundEvents.id, delivery_status: webhookDeliveries.status })
    .from(deliveryAttempts)
    .innerJoin(webhookDeliveries, and(eq(webhookDeliveries.tenant_id, deliveryAttempts.tenant_id), eq(webhookDeliveries.id, deliveryAttempts.delivery_id)))
    .innerJoin(outboundEvents, and(eq(outboundEvents.tenant_id, webhookDeliveries.tenant_id), eq(outboundEvents.id, webhookDeliveries.event_id)))
    .where(and(eq(deliveryAttempts.tenant_id, tenantId), eq(deliveryAttempts.endpoint_id, endpointId), opts.before ? lt(deliveryAttempts.created_at, opts.before) : undefined))
    .orderBy(desc(deliveryAttempts.created_at))
    .limit(opts.limit + 1);

export const deliveryStatusCounts = ({ db, tenantId }: Scope) =>
  db
    .select({ status: webhookDeliveries.status, count: sql<number>`count(*)` })
    .from(webhookDeliveries)
    .where(eq(webhookDeliveries.tenant_id, tenantId))
    .groupBy(webhookDeliveries.status);

/** A `webhook.test` event and its delivery to one endpoint, subscribed or not. */
export function testEventStatements({ db, tenantId }: Scope, endpointId: string, at: number) {
  const eventId = `evt_${crypto.randomUUID().replaceAll("-", "")}`;
  const deliveryId = crypto.randomUUID();
  return {
    eventId,
    deliveryId,
    statements: [
      db.insert(outboundEvents).values({ id: eventId, tenant_id: tenantId, type: "webhook.test", payload: { endpoint_id: endpointId, message: "Test event from Fabquote" }, priority: "low", created_at: at }),
      db.insert(webhookDeliveries).values({ id: deliveryId, tenant_id: tenantId, event_id: eventId, endpoint_id: endpointId, status: "pending", created_at: at, updated_at: at }),
    ] as const,
  };
}

/** Puts a dead delivery back to be attempted afresh. */
export const reopenDeliveryStatement = ({ db, tenantId }: Scope, id: string) =>
  db
    .update(webhookDeliveries)
    .set({ status: "pending", attempts: 0, last_error: null, enqueued_at: null, updated_at: Date.now() })
    .where(and(eq(webhookDeliveries.tenant_id, tenantId), eq(webhookDeliveries.id, id), inArray(webhookDeliveries.status, ["dead", "skipped"])));
