import { createHmac } from "node:crypto";

// Synchronous (node:crypto) rather than worker/webhooks/standard-signature.ts's WebCrypto: autocannon's
// per-request hook in bench/webhooks.ts cannot wait for a promise.

/** A Standard Webhooks signature (`v1,<base64 HMAC>`) of a message, as a partner signs it. */
export function signWebhook(secret: string, id: string, ts: number, body: string) {
  const key = Buffer.from(secret.slice("whsec_".length), "base64");
  return `v1,${createHmac("sha256", key).update(`${id}.${ts}.${body}`).digest("base64")}`;
}

/** The headers of a signed delivery. */
export const webhookHeaders = (secret: string, id: string, ts: number, body: string) => ({
  "content-type": "application/json",
  "webhook-id": id,
  "webhook-timestamp": String(ts),
  "webhook-signature": signWebhook(secret, id, ts, body),
});
