import type { Context } from "hono";
import type { TenantEnv } from "../api/context.ts";
import { ok } from "../api/envelope.ts";
import { ApiError } from "../api/errors.ts";
import { isUniqueViolation } from "../db/scope.ts";
import { findInboundByExternalId, insertInboundEvent, markInboundEnqueued } from "../db/webhook-events.ts";
import { findSourceByName } from "../db/webhook-sources.ts";
import { scopeOf, tenantOf } from "../middleware/tenant.ts";
import { classify } from "./inbound-events.ts";
import { decryptSecret } from "./secrets.ts";
import { verifyStandard } from "./standard-signature.ts";
import { verifyStripe } from "./stripe.ts";
import type { WebhookInbox } from "../../durable-objects/webhook-inbox.ts";
import { webhookInbox } from "../../durable-objects/stubs.ts";

export const INBOUND_BODY_LIMIT = 1024 * 1024;

/**
 * `POST /webhooks/{source}` on a shop's host: verify over the raw bytes →
 * claim the event id in the source's WebhookInbox → store → confirm the claim
 * → enqueue → 202.
 * A duplicate is a 200 with `duplicate: true` and changes nothing. An unknown
 * source and a bad signature get the same 401, which does not say why (the
 * reason goes to the log), and nothing is stored.
 */
export async function receiveWebhook(c: Context<TenantEnv>) {
  const tenant = tenantOf(c);
  const scope = scopeOf(c);
  const name = c.req.param("source") ?? "";
  const source = await findSourceByName(scope, name);
  const body = await readLimited(c.req.raw, INBOUND_BODY_LIMIT);
  if (!source) throw unverified(c, name, "unknown source");

  const secrets = await Promise.all(source.secrets.map((s) => decryptSecret(c.env, { tenantId: tenant.id, purpose: "webhook_source_secret" }, s.secret_enc)));
  const verified =
    source.scheme === "stripe"
      ? await verifyStripe(secrets, c.req.header("stripe-signature") ?? null, body, source.tolerance_seconds)
      : await verifyStandard(
          secrets,
          { id: c.req.header("webhook-id") ?? null, timestamp: c.req.header("webhook-timestamp") ?? null, signature: c.req.header("webhook-signature") ?? null },
          body,
          source.tolerance_seconds,
        );
  if (!verified.ok) throw unverified(c, name, verified.reason);

  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder().decode(body));
  } catch {
    throw new ApiError("INVALID_REQUEST", "The webhook body is not JSON", [{ field: "body", message: "is not JSON" }]);
  }

  const inbox = webhookInbox(c.env, scope, source.name);
  const duplicate = async () => {
    await confirm(c, inbox, verified.id);
    return ok(c, { duplicate: true, event_id: null }, 200);
  };
  const claim = await inbox.claim(verified.id);
  if (claim.confirmed) return ok(c, { duplicate: true, event_id: null }, 200);
  // An unconfirmed claim may belong to a request that died before storing: D1 says whether the event is there.
  if (!claim.fresh && (await findInboundByExternalId(scope, source.id, verified.id))) return duplicate();

  const id = crypto.randomUUID();
  const receivedAt = Date.now();
  try {
    await insertInboundEvent(scope, { id, source_id: source.id, source: source.name, external_id: verified.id, type: classify(json).type, payload: json, received_at: receivedAt });
  } catch (error) {
    // Stored meanwhile by a concurrent delivery (or before the claim expired): a duplicate. Any other
    // failure leaves the claim unconfirmed, so the partner's retry stores the event.
    if (isUniqueViolation(error)) return duplicate();
    throw error;
  }
  await confirm(c, inbox, verified.id);
  try {
    await c.env.INBOX_QUEUE.send({ kind: "webhook.process", tenant_id: tenant.id, event_id: id });
    await markInboundEnqueued(scope, id, Date.now());
  } catch (error) {
    // Stored but not queued: the scheduled sweep sends it. The partner need not retry.
    console.error(JSON.stringify({ level: "error", request_id: c.get("requestId"), event: "webhook.enqueue_failed", event_id: id, error: String(error) }));
  }
  return ok(c, { duplicate: false, event_id: id }, 202);
}

/** One answer for every refusal, so it tells a prober nothing; the reason is logged for the shop. */
function unverified(c: Context<TenantEnv>, source: string, reason: string) {
  console.warn(JSON.stringify({ level: "warn", request_id: c.get("requestId"), event: "webhook.unverified", tenant_id: tenantOf(c).id, source, reason }));
  return new ApiError("UNAUTHORIZED", "The webhook could not be verified", [{ field: "signature", message: "is missing, invalid or expired" }]);
}

/** Confirms a stored event's claim; if the inbox cannot be reached, later duplicates just ask D1. */
async function confirm(c: Context<TenantEnv>, inbox: DurableObjectStub<WebhookInbox>, eventId: string) {
  try {
    await inbox.confirm(eventId);
  } catch (error) {
    console.error(JSON.stringify({ level: "error", request_id: c.get("requestId"), event: "webhook.confirm_failed", event_id: eventId, error: String(error) }));
  }
}

async function readLimited(request: Request, limit: number): Promise<Uint8Array> {
  const tooLarge = () => new ApiError("PAYLOAD_TOO_LARGE", `The webhook body is larger than ${limit / 1024} KB`, [{ field: "body", message: `at most ${limit} bytes` }]);
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > limit) throw tooLarge();
  if (!request.body) return new Uint8Array();
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      throw tooLarge();
    }
    chunks.push(value);
  }
  const out = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}
