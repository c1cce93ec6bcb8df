import type { SQL } from "drizzle-orm";
import { eachShard, requireScopeForTenant } from "../db/shards.ts";
import { markDeliveriesEnqueued, outboxEventStatements, strandedDeliveries, unqueuedDeliveriesOf } from "../db/outbox.ts";
import type { Scope } from "../db/scope.ts";
import { markInboundEnqueued, strandedInboundEvents } from "../db/webhook-events.ts";
import type { Env } from "../env.ts";
import type { QueueMessage } from "../queues/messages.ts";
import { notifyOutboxEvents } from "../notifications/from-outbox.ts";
import { isSensitive, outboundEvents, type OutboundPayload, type OutboundType } from "./outbound-events.ts";

/** drawing.progress_update: at most one per request every 5 s (seed §5.2.5). */
const PROGRESS_WINDOW_MS = 5000;

/**
 * The outbox rows for one outbound event. Put `statements` in the same
 * `db.batch([...])` as the state change the event reports, then call
 * `dispatchOutbox(env, tenantId, [eventId])` once the batch has committed.
 * With `onlyIf`, the event is written only if that condition holds when its
 * statements run in the batch.
 */
export function outboxStatements<T extends OutboundType>(scope: Scope, type: T, payload: OutboundPayload<T>, onlyIf?: SQL) {
  const spec = outboundEvents[type];
  const data = spec.schema.parse(payload) as Record<string, unknown>;
  const eventId = `evt_${crypto.randomUUID().replaceAll("-", "")}`;
  const throttle = type === "drawing.progress_update" ? { key: `${type}:${String(data.request_id)}`, windowMs: PROGRESS_WINDOW_MS } : undefined;
  const statements = outboxEventStatements(
    scope,
    { id: eventId, type, payload: data, priority: spec.priority, createdAt: Date.now() },
    { throttle, onlyIf, byNameOnly: isSensitive(type) },
  );
  return { eventId, statements };
}

const SEND_BATCH = 100;

async function enqueueDeliveries(env: Env, scope: Scope, ids: string[]) {
  for (let i = 0; i < ids.length; i += SEND_BATCH) {
    const chunk = ids.slice(i, i + SEND_BATCH);
    await env.DELIVERIES_QUEUE.sendBatch(
      chunk.map((id) => ({ body: { kind: "webhook.deliver", tenant_id: scope.tenantId, delivery_id: id } satisfies QueueMessage })),
    );
    await markDeliveriesEnqueued(scope, chunk, Date.now());
  }
}

/**
 * Puts the deliveries of committed outbox events on the queue (a failure here
 * is repaired by the sweep), and tells people of the events they hear of too
 * (worker/notifications/from-outbox.ts).
 */
export async function dispatchOutbox(env: Env, tenantId: string, eventIds: string[]) {
  const scope = await requireScopeForTenant(env, tenantId);
  try {
    const rows = await unqueuedDeliveriesOf(scope, eventIds);
    await enqueueDeliveries(
      env,
      scope,
      rows.map((r) => r.id),
    );
  } finally {
    await notifyOutboxEvents(env, scope, eventIds);
  }
}

/** Rows younger than this are left to the request that wrote them. */
const SWEEP_GRACE_MS = 60_000;
const SWEEP_LIMIT = 500;

/**
 * The scheduled repair: outbound deliveries and inbound events that were
 * committed but never reached their queue (the Worker died between the batch
 * and the send) are sent now. Consumers are idempotent, so a rare double send
 * costs nothing.
 */
export async function sweepWebhookQueues(env: Env, now = Date.now()) {
  const swept = { deliveries: 0, inbound: 0 };
  for (const db of eachShard(env)) {
    const deliveries = await strandedDeliveries(db, now - SWEEP_GRACE_MS, SWEEP_LIMIT);
    const byTenant = new Map<string, string[]>();
    for (const d of deliveries) byTenant.set(d.tenant_id, [...(byTenant.get(d.tenant_id) ?? []), d.id]);
    for (const [tenantId, ids] of byTenant) await enqueueDeliveries(env, { db, tenantId }, ids);
    const events = await strandedInboundEvents(db, now - SWEEP_GRACE_MS, SWEEP_LIMIT);
    for (const e of events) {
      await env.INBOX_QUEUE.send({ kind: "webhook.process", tenant_id: e.tenant_id, event_id: e.id });
      await markInboundEnqueued({ db, tenantId: e.tenant_id }, e.id, Date.now());
    }
    swept.deliveries += deliveries.length;
    swept.inbound += events.length;
  }
  return swept;
}
