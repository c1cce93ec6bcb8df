import { insertEventOnce, markEventEnqueued, strandedEvents } from "../db/notifications.ts";
import type { Db } from "../db/client.ts";
import type { Scope } from "../db/scope.ts";
import type { Env } from "../env.ts";
import type { QueueMessage } from "../queues/messages.ts";
import { eventKey, type NotifyEvent } from "./events.ts";

/**
 * The one call that tells people something happened: records the event once
 * per key and puts its fan-out on the notifications queue, which writes the
 * in-app entries and sends the e-mails. Call it after the change it reports
 * has committed. It never fails its caller: a request that did its work is
 * not undone by a notification; an event whose message did not reach the
 * queue is sent by the scheduled sweep. `invitationPath` is an invitation's
 * one-time link, carried by the queue message only.
 */
export async function notify(env: Env, scope: Scope, event: NotifyEvent, invitationPath?: string): Promise<void> {
  try {
    const { type, ...subject } = event;
    const id = await insertEventOnce(scope, { id: crypto.randomUUID(), key: eventKey(event), type, subject });
    if (!id) return;
    await enqueueFanOut(env, scope, id, invitationPath);
  } catch (error) {
    console.error(JSON.stringify({ level: "error", event: "notification.notify_failed", tenant_id: scope.tenantId, type: event.type, error: String(error) }));
  }
}

async function enqueueFanOut(env: Env, scope: Scope, eventId: string, invitationPath?: string) {
  const message: QueueMessage = {
    kind: "notification.fanout",
    tenant_id: scope.tenantId,
    event_id: eventId,
    ...(invitationPath ? { invitation_path: invitationPath } : {}),
  };
  await env.NOTIFICATIONS_QUEUE.send(message);
  await markEventEnqueued(scope, eventId, Date.now());
}

/** Events younger than this are left to the request that wrote them. */
const SWEEP_GRACE_MS = 60_000;
const SWEEP_LIMIT = 200;

/** The scheduled repair: events recorded but never queued (the Worker died between the two) are queued now. */
export async function sweepNotificationEvents(env: Env, db: Db, now = Date.now()) {
  const stranded = await strandedEvents(db, now - SWEEP_GRACE_MS, SWEEP_LIMIT);
  for (const e of stranded) await enqueueFanOut(env, { db, tenantId: e.tenant_id }, e.id);
  return stranded.length;
}
