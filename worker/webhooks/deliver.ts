import type { BatchItem } from "drizzle-orm/batch";
import { requireScopeForTenant } from "../db/shards.ts";
import { beginAttempt, findDeliveryContext, insertAttemptStatement, updateDeliveryStatement } from "../db/outbox.ts";
import type { Scope } from "../db/scope.ts";
import { insertDeadLetterStatement } from "../db/webhook-dead-letters.ts";
import { updateEndpoint } from "../db/webhook-endpoints.ts";
import type { Env } from "../env.ts";
import { PermanentError, RetryLater } from "../queues/index.ts";
import type { QueueMessage } from "../queues/messages.ts";
import { deliveryBody } from "./outbound-events.ts";
import { backoffSeconds, hasAttemptsLeft, MAX_DELAY_SECONDS } from "./retry-policy.ts";
import { decryptSecret } from "./secrets.ts";
import { guardDestination } from "./ssrf.ts";
import { standardHeaders } from "./standard-signature.ts";
import { endpointBreaker } from "../../durable-objects/stubs.ts";

export const DELIVERY_TIMEOUT_MS = 10_000;
export const SNIPPET_BYTES = 2048;

type Outcome = (
  | { kind: "delivered"; status: number }
  | { kind: "gone"; status: number }
  | { kind: "failed"; status: number | null; error: string; retryAfterSeconds?: number }
  | { kind: "refused"; status: null; error: string }
) & { snippet: string | null };

/**
 * `webhook.deliver`: one attempt of one event to one endpoint. Signs with the
 * endpoint's secret (Standard Webhooks), sends with a timeout and without
 * following redirects; only a 2xx counts. 429 waits as long as Retry-After
 * says; 410 disables the endpoint. Every attempt is logged. Failures retry by
 * the event's priority with backoff, then go to the dead letters. The
 * endpoint's circuit breaker holds deliveries back while it is open.
 */
export async function deliverWebhook(message: QueueMessage, env: Env) {
  if (message.kind !== "webhook.deliver") throw new PermanentError(`deliveries got ${message.kind}`);
  const scope = await requireScopeForTenant(env, message.tenant_id);
  const ctx = await findDeliveryContext(scope, message.delivery_id);
  if (!ctx) return; // endpoint deleted: nothing to deliver to
  const { delivery, event, endpoint } = ctx;
  if (delivery.status === "succeeded" || delivery.status === "dead" || delivery.status === "skipped") return;
  if (!endpoint.enabled) {
    await updateDeliveryStatement(scope, delivery.id, { status: "skipped", last_error: "endpoint disabled" });
    return;
  }

  const breaker = endpointBreaker(env, scope, endpoint.id);
  const admission = await breaker.admit();
  if (!admission.allowed) {
    // Held back, not attempted: a fresh message, so the queue's own retry count is not spent.
    await env.DELIVERIES_QUEUE.send(message, { delaySeconds: Math.min(MAX_DELAY_SECONDS, Math.ceil(admission.retry_in_ms / 1000)) });
    return;
  }

  const attempt = await beginAttempt(scope, delivery.id);
  const started = Date.now();
  const outcome = await send(
    env,
    endpoint.url,
    await decryptSecret(env, { tenantId: scope.tenantId, purpose: "webhook_endpoint_secret" }, endpoint.secret_enc),
    event.id,
    deliveryBody(event.type, event.created_at, event.payload),
  );
  const latency = Date.now() - started;
  const log = insertAttemptStatement(scope, {
    delivery_id: delivery.id,
    endpoint_id: endpoint.id,
    attempt,
    status_code: outcome.status,
    latency_ms: latency,
    response_snippet: outcome.snippet,
    error: "error" in outcome ? outcome.error : null,
    created_at: started,
  });
  const code = outcome.status;

  if (outcome.kind === "delivered") {
    await scope.db.batch([log, updateDeliveryStatement(scope, delivery.id, { status: "succeeded", last_status_code: code, last_error: null })]);
    await breaker.success();
    return;
  }
  if (outcome.kind === "gone" || outcome.kind === "refused") {
    const reason = outcome.kind === "gone" ? "endpoint answered 410 Gone; it has been disabled" : `destination refused: ${outcome.error}`;
    const statements: BatchItem<"sqlite">[] = [
      log,
      updateDeliveryStatement(scope, delivery.id, { status: "dead", last_status_code: code, last_error: reason }),
      deadLetter(scope, delivery.id, event.type, reason, attempt),
    ];
    await scope.db.batch(statements as [BatchItem<"sqlite">, ...BatchItem<"sqlite">[]]);
    if (outcome.kind === "gone") await updateEndpoint(scope, endpoint.id, { enabled: false, disabled_reason: "410 Gone" });
    return;
  }

  await breaker.failure();
  if (hasAttemptsLeft(event.priority, attempt)) {
    await scope.db.batch([log, updateDeliveryStatement(scope, delivery.id, { status: "retrying", last_status_code: code, last_error: outcome.error })]);
    const delay = outcome.retryAfterSeconds ?? backoffSeconds(attempt);
    throw new RetryLater(outcome.error, Math.min(MAX_DELAY_SECONDS, delay));
  }
  await scope.db.batch([
    log,
    updateDeliveryStatement(scope, delivery.id, { status: "dead", last_status_code: code, last_error: outcome.error }),
    deadLetter(scope, delivery.id, event.type, outcome.error, attempt),
  ]);
}

const deadLetter = (scope: Scope, deliveryId: string, type: string, reason: string, attempts: number) =>
  insertDeadLetterStatement(scope, { direction: "outbound", ref_id: deliveryId, event_type: type, failure_reason: reason.slice(0, 1000), attempts });

async function send(env: Env, url: string, secret: string, messageId: string, body: string): Promise<Outcome> {
  let destination: Awaited<ReturnType<typeof guardDestination>>;
  try {
    destination = await guardDestination(env, url);
  } catch (error) {
    return { kind: "failed", status: null, error: String(error), snippet: null }; // DNS unreachable: try again later
  }
  if (!destination.ok) return { kind: "refused", status: null, error: `URL ${destination.reason}`, snippet: null };
  const headers = await standardHeaders(secret, messageId, Math.floor(Date.now() / 1000), body);
  let res: Response;
  try {
    res = await fetch(destination.url, {
      method: "POST",
      headers: { ...headers, "content-type": "application/json", "user-agent": "Fabquote-Webhooks/1" },
      body,
      redirect: "manual",
      signal: AbortSignal.timeout(DELIVERY_TIMEOUT_MS),
    });
  } catch (error) {
    const timedOut = error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError");
    return { kind: "failed", status: null, error: timedOut ? `timed out after ${DELIVERY_TIMEOUT_MS} ms` : `network error: ${String(error)}`, snippet: null };
  }
  const snippet = await readSnippet(res);
  if (res.status >= 200 && res.status < 300) return { kind: "delivered", status: res.status, snippet };
  if (res.status === 410) return { kind: "gone", status: res.status, snippet };
  const retryAfter = res.status === 429 ? retryAfterSeconds(res.headers.get("retry-after")) : undefined;
  const error = res.status >= 300 && res.status < 400 ? `redirect ${res.status} not followed` : `HTTP ${res.status}`;
  return { kind: "failed", status: res.status, error, retryAfterSeconds: retryAfter, snippet };
}

/** The first 2 KB of the answer, for the delivery log; the rest is not read. */
async function readSnippet(res: Response): Promise<string> {
  if (!res.body) return "";
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  while (size < SNIPPET_BYTES) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    size += value.byteLength;
  }
  await reader.cancel().catch(() => undefined);
  const all = new Uint8Array(Math.min(size, SNIPPET_BYTES));
  let offset = 0;
  for (const c of chunks) {
    const part = c.subarray(0, all.byteLength - offset);
    all.set(part, offset);
    offset += part.byteLength;
    if (offset >= all.byteLength) break;
  }
  return new TextDecoder().decode(all);
}

/** Retry-After as seconds or an HTTP date. */
export function retryAfterSeconds(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Math.max(1, Number(value.trim()));
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(1, Math.ceil((at - now) / 1000));
}
