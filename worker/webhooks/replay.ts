import { findDelivery, markDeliveriesEnqueued, reopenDeliveryStatement } from "../db/outbox.ts";
import type { Scope } from "../db/scope.ts";
import { resolveDeadLettersOfRefStatement, type WebhookDeadLetter } from "../db/webhook-dead-letters.ts";
import { clearEffectMarkerStatement, findInboundEvent, markInboundEnqueued, reopenStatement } from "../db/webhook-events.ts";
import type { Env } from "../env.ts";

/**
 * Replays an inbound event that failed, died or was discarded: attempts start
 * again from one. A processed event is never replayed — its effect happened.
 * Returns false when the event is not in a replayable state.
 */
export async function replayInbound(env: Env, scope: Scope, eventId: string): Promise<boolean> {
  const event = await findInboundEvent(scope, eventId);
  if (!event || !["failed", "dead", "discarded"].includes(event.status)) return false;
  const [reopened] = await scope.db.batch([
    reopenStatement(scope, eventId),
    clearEffectMarkerStatement(scope, eventId),
    resolveDeadLettersOfRefStatement(scope, eventId),
  ]);
  if (reopened.meta.changes === 0) return false;
  await env.INBOX_QUEUE.send({ kind: "webhook.process", tenant_id: scope.tenantId, event_id: eventId });
  await markInboundEnqueued(scope, eventId, Date.now());
  return true;
}

/** Sends a dead (or skipped) delivery again, from attempt one. */
export async function retryDelivery(env: Env, scope: Scope, deliveryId: string): Promise<boolean> {
  const delivery = await findDelivery(scope, deliveryId);
  if (!delivery) return false;
  const [reopened] = await scope.db.batch([reopenDeliveryStatement(scope, deliveryId), resolveDeadLettersOfRefStatement(scope, deliveryId)]);
  if (reopened.meta.changes === 0) return false;
  await env.DELIVERIES_QUEUE.send({ kind: "webhook.deliver", tenant_id: scope.tenantId, delivery_id: deliveryId });
  await markDeliveriesEnqueued(scope, [deliveryId], Date.now());
  return true;
}

/** Retries what a dead letter points at. */
export const retryDeadLetter = (env: Env, scope: Scope, letter: WebhookDeadLetter) =>
  letter.direction === "inbound" ? replayInbound(env, scope, letter.ref_id) : retryDelivery(env, scope, letter.ref_id);
