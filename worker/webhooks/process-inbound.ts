import type { BatchItem } from "drizzle-orm/batch";
import { requireScopeForTenant } from "../db/shards.ts";
import type { z } from "zod";
import { isUniqueViolation, type Scope } from "../db/scope.ts";
import { insertDeadLetterStatement } from "../db/webhook-dead-letters.ts";
import { beginProcessing, effectApplied, effectMarkerStatement, findInboundEvent, settleStatement, type InboundEvent } from "../db/webhook-events.ts";
import { findSource } from "../db/webhook-sources.ts";
import type { Env } from "../env.ts";
import { PermanentError, RetryLater } from "../queues/index.ts";
import type { QueueMessage } from "../queues/messages.ts";
import { classify, inboundEvents, isInboundType } from "./inbound-events.ts";
import { InvalidPayload, type Effect } from "./handler-context.ts";
import { inboundHandlers } from "./inbound-handlers.ts";
import { dispatchOutbox, outboxStatements } from "./outbox.ts";
import { backoffSeconds, hasAttemptsLeft } from "./retry-policy.ts";

/**
 * `webhook.process`: runs the handler of a stored inbound event. The effect
 * and the event's marker are one D1 batch, so however often the queue
 * delivers the message, the effect happens once. Failures are retried by the
 * event's priority with backoff, then dead-lettered; a payload that fails
 * validation fails at once and a `validation.failed` goes out.
 */
export async function processInboundEvent(message: QueueMessage, env: Env) {
  if (message.kind !== "webhook.process") throw new PermanentError(`inbox got ${message.kind}`);
  const scope = await requireScopeForTenant(env, message.tenant_id);
  const event = await findInboundEvent(scope, message.event_id);
  if (!event) throw new PermanentError(`event ${message.event_id} is gone`);
  await processStoredEvent(env, scope, event);
}

/** Runs the handler of an event as read from (or just written to) D1. */
export async function processStoredEvent(env: Env, scope: Scope, event: InboundEvent) {
  const attempt = await beginProcessing(scope, event.id);
  if (attempt === null) return; // already settled: a redelivery

  const { type, body } = classify(event.payload);
  if (!isInboundType(type)) {
    const source = await findSource(scope, event.source_id);
    // Stripe sends many event types we do not act on; partners must send ours.
    if (source?.scheme === "stripe") return void (await apply(env, scope, event, { statements: [], outboxEventIds: [] }, { status: "processed" }));
    return rejectInvalid(env, scope, event, [{ field: "type", message: `is not an event we handle (${type})` }]);
  }
  const spec = inboundEvents[type];
  const parsed = spec.schema.safeParse(body);
  if (!parsed.success) return rejectInvalid(env, scope, event, issues(parsed.error));

  try {
    const handler = inboundHandlers[type] as (ctx: { scope: Scope; env: Env; event: InboundEvent; data: unknown }) => Promise<Effect>;
    const effect = await handler({ scope, env, event, data: parsed.data });
    await apply(env, scope, event, effect, { status: "processed", processed_at: Date.now() });
  } catch (error) {
    if (error instanceof InvalidPayload) return rejectInvalid(env, scope, event, error.errors);
    const reason = error instanceof Error ? error.message : String(error);
    if (error instanceof PermanentError) {
      await scope.db.batch([settleStatement(scope, event.id, { status: "failed", last_error: reason }), deadLetter(scope, event, reason, attempt)]);
      return;
    }
    if (hasAttemptsLeft(spec.priority, attempt)) {
      await settleStatement(scope, event.id, { status: "retrying", last_error: reason });
      throw new RetryLater(reason, backoffSeconds(attempt));
    }
    await scope.db.batch([settleStatement(scope, event.id, { status: "dead", last_error: reason }), deadLetter(scope, event, reason, attempt)]);
  }
}

const CHANGED_MEANWHILE = "What this event changes was changed by someone else at the same moment; it is applied again to the record as it now stands";

const deadLetter = (scope: Scope, event: InboundEvent, reason: string, attempts: number) =>
  insertDeadLetterStatement(scope, { direction: "inbound", ref_id: event.id, event_type: event.type, failure_reason: reason, attempts });

/**
 * Writes the effect with the event's marker and final status in one batch. If
 * the marker is already there, another delivery of this message applied the
 * effect first: this one rolls back and changes nothing.
 */
async function apply(env: Env, scope: Scope, event: InboundEvent, effect: Effect, settle: Parameters<typeof settleStatement>[2]) {
  const batch: [BatchItem<"sqlite">, ...BatchItem<"sqlite">[]] = [
    effectMarkerStatement(scope, event.id),
    ...effect.statements,
    settleStatement(scope, event.id, settle),
  ];
  try {
    await scope.db.batch(batch);
  } catch (error) {
    if (isUniqueViolation(error)) {
      if (await effectApplied(scope, event.id)) return;
      // A guarded change found its row moved on (effectTookStatement): retried against the row as it now stands.
      if (isUniqueViolation(error, "webhook_effects")) throw new Error(CHANGED_MEANWHILE);
    }
    throw error;
  }
  if (effect.outboxEventIds.length > 0) await dispatchOutbox(env, scope.tenantId, effect.outboxEventIds);
  try {
    await effect.after?.();
  } catch (error) {
    // The effect is committed; what follows is a courtesy (a live page refreshes on its next poll).
    console.error(JSON.stringify({ level: "error", event: "webhook.after_effect_failed", event_id: event.id, error: String(error) }));
  }
}

async function rejectInvalid(env: Env, scope: Scope, event: InboundEvent, errors: { field: string; message: string }[]) {
  const notice = outboxStatements(scope, "validation.failed", { source: event.source, event_id: event.external_id, event_type: event.type, errors });
  const reason = `Invalid payload: ${errors.map((e) => `${e.field} ${e.message}`).join("; ")}`.slice(0, 1000);
  await apply(env, scope, event, { statements: [...notice.statements], outboxEventIds: [notice.eventId] }, { status: "failed", last_error: reason });
}

const issues = (error: z.ZodError) => error.issues.slice(0, 20).map((i) => ({ field: i.path.join(".") || "(payload)", message: i.message }));
