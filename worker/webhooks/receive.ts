import type { Context } from "hono";
import type { TenantEnv } from "../api/context.ts";
import { ok } from "../api/envelope.ts";
import { ApiError } from "../api/errors.ts";
import { scopeOf, tenantOf } from "../middleware/tenant.ts";
import { webhookInbox } from "../../durable-objects/stubs.ts";

export const INBOUND_BODY_LIMIT = 1024 * 1024;

/**
 * `POST /webhooks/{source}` on a shop's host: one call to the source's
 * WebhookInbox verifies the signature over the raw bytes, claims the event id,
 * holds the event and enqueues it (durable-objects/webhook-inbox.ts) → 202;
 * the queue consumer writes it to D1 and runs its handler.
 * A duplicate is a 200 with `duplicate: true` and changes nothing. An unknown
 * source and a bad signature get the same 401, which does not say why (the
 * reason goes to the log), and nothing is stored.
 */
export async function receiveWebhook(c: Context<TenantEnv>) {
  const tenant = tenantOf(c);
  const name = c.req.param("source") ?? "";
  const body = await readLimited(c.req.raw, INBOUND_BODY_LIMIT);
  const headers = {
    id: c.req.header("webhook-id") ?? null,
    timestamp: c.req.header("webhook-timestamp") ?? null,
    signature: c.req.header("webhook-signature") ?? null,
    stripe_signature: c.req.header("stripe-signature") ?? null,
  };
  const result = await webhookInbox(c.env, scopeOf(c), name).ingest({ tenant_id: tenant.id, source: name, headers, body });
  switch (result.status) {
    case "unverified":
      throw unverified(c, name, result.reason);
    case "invalid_json":
      throw new ApiError("INVALID_REQUEST", "The webhook body is not JSON", [{ field: "body", message: "is not JSON" }]);
    case "duplicate":
      return ok(c, { duplicate: true, event_id: null }, 200);
    case "accepted":
      return ok(c, { duplicate: false, event_id: result.event_id }, 202);
  }
}

/** One answer for every refusal, so it tells a prober nothing; the reason is logged for the shop. */
function unverified(c: Context<TenantEnv>, source: string, reason: string) {
  console.warn(JSON.stringify({ level: "warn", request_id: c.get("requestId"), event: "webhook.unverified", tenant_id: tenantOf(c).id, source, reason }));
  return new ApiError("UNAUTHORIZED", "The webhook could not be verified", [{ field: "signature", message: "is missing, invalid or expired" }]);
}

async function readLimited(request: Request, limit: number): Promise<Uint8Array> {
  const tooLarge = () =>
    new ApiError("PAYLOAD_TOO_LARGE", `The webhook body is larger than ${limit / 1024} KB`, [{ field: "body", message: `at most ${limit} bytes` }]);
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
