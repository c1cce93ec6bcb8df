import { requireScopeForTenant } from "../db/shards.ts";
import { findInboundByExternalId, storeInboundEvent } from "../db/webhook-events.ts";
import type { Env } from "../env.ts";
import { PermanentError } from "../queues/index.ts";
import type { QueueMessage } from "../queues/messages.ts";
import { webhookInbox } from "../../durable-objects/stubs.ts";
import { processInboundEvent, processStoredEvent } from "./process-inbound.ts";

/**
 * `webhook.ingest`: an event its WebhookInbox accepted and holds. Writes it to
 * D1 (once: a redelivery finds it there by its sender's id) and runs its
 * handler, which applies the effect once however often this runs.
 */
export async function ingestInboundEvent(message: QueueMessage, env: Env) {
  if (message.kind !== "webhook.ingest") throw new PermanentError(`inbox ingest got ${message.kind}`);
  const scope = await requireScopeForTenant(env, message.tenant_id);
  const payload = "payload" in message ? message.payload : await heldPayload(env, message);
  const stored = await storeInboundEvent(scope, {
    id: message.event_id,
    source_id: message.source_id,
    source: message.source,
    external_id: message.external_id,
    type: message.type,
    payload,
    received_at: message.received_at,
  });
  if (stored) return processStoredEvent(env, scope, stored);
  // A redelivery (or an event stored before events were held in the inbox): process the stored one.
  const existing = await findInboundByExternalId(scope, message.source_id, message.external_id);
  if (!existing) throw new PermanentError(`event ${message.external_id} of ${message.source} is neither new nor stored`);
  await processInboundEvent({ kind: "webhook.process", tenant_id: message.tenant_id, event_id: existing.id }, env);
}

async function heldPayload(env: Env, message: Extract<QueueMessage, { kind: "webhook.ingest" }>) {
  const text = await webhookInbox(env, { tenantId: message.tenant_id }, message.source).heldPayload(message.external_id);
  if (text === null) throw new PermanentError(`the payload of event ${message.external_id} is no longer held`);
  return JSON.parse(text) as unknown;
}
