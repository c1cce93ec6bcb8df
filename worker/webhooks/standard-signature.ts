import { base64Decode, base64Encode } from "./secrets.ts";

/**
 * Standard Webhooks (standardwebhooks.com): `webhook-signature` is a
 * space-separated list of `v1,<base64 HMAC-SHA256 of "id.timestamp.body">`,
 * keyed with the base64 bytes after the `whsec_` prefix. Verification is over
 * the raw body bytes, with WebCrypto's constant-time HMAC verify.
 */

const PREFIX = "whsec_";

export function secretBytes(secret: string): Uint8Array<ArrayBuffer> {
  const encoded = secret.startsWith(PREFIX) ? secret.slice(PREFIX.length) : secret;
  return base64Decode(encoded);
}

const hmacKey = (secret: string, usage: "sign" | "verify") =>
  crypto.subtle.importKey("raw", secretBytes(secret), { name: "HMAC", hash: "SHA-256" }, false, [usage]);

/** A secret imported once for verifying, so a receiver that keeps it imports it once. */
export const hmacVerifyKey = (secret: string) => hmacKey(secret, "verify");

function signedContent(id: string, timestamp: string, body: Uint8Array): Uint8Array<ArrayBuffer> {
  const head = new TextEncoder().encode(`${id}.${timestamp}.`);
  const out = new Uint8Array(head.byteLength + body.byteLength);
  out.set(head);
  out.set(body, head.byteLength);
  return out;
}

/** The `webhook-signature` value for one secret. */
export async function signStandard(secret: string, id: string, timestamp: number, body: Uint8Array | string): Promise<string> {
  const bytes = typeof body === "string" ? new TextEncoder().encode(body) : body;
  const mac = await crypto.subtle.sign("HMAC", await hmacKey(secret, "sign"), signedContent(id, String(timestamp), bytes));
  return `v1,${base64Encode(new Uint8Array(mac))}`;
}

/** The three Standard Webhooks headers for an outgoing message. */
export async function standardHeaders(secret: string, id: string, timestamp: number, body: string): Promise<Record<string, string>> {
  return { "webhook-id": id, "webhook-timestamp": String(timestamp), "webhook-signature": await signStandard(secret, id, timestamp, body) };
}

export type VerifyFailure = "missing_headers" | "bad_timestamp" | "stale_timestamp" | "future_timestamp" | "bad_signature";

/** Checks headers, timestamp tolerance and the signature against each active secret (or its imported key). */
export async function verifyStandard(
  secrets: (string | CryptoKey)[],
  headers: { id: string | null; timestamp: string | null; signature: string | null },
  body: Uint8Array,
  toleranceSeconds: number,
  nowSeconds = Math.floor(Date.now() / 1000),
): Promise<{ ok: true; id: string } | { ok: false; reason: VerifyFailure }> {
  const { id, timestamp, signature } = headers;
  if (!id || !timestamp || !signature) return { ok: false, reason: "missing_headers" };
  if (!/^\d{1,12}$/.test(timestamp)) return { ok: false, reason: "bad_timestamp" };
  const ts = Number(timestamp);
  if (nowSeconds - ts > toleranceSeconds) return { ok: false, reason: "stale_timestamp" };
  if (ts - nowSeconds > toleranceSeconds) return { ok: false, reason: "future_timestamp" };
  const candidates = signature
    .split(" ")
    .map((part) => part.split(","))
    .filter(([version, value]) => version === "v1" && value)
    .map(([, value]) => value);
  const content = signedContent(id, timestamp, body);
  for (const secret of secrets) {
    const key = typeof secret === "string" ? await hmacKey(secret, "verify") : secret;
    for (const candidate of candidates) {
      let mac: Uint8Array<ArrayBuffer>;
      try {
        mac = base64Decode(candidate);
      } catch {
        continue;
      }
      if (await crypto.subtle.verify("HMAC", key, mac, content)) return { ok: true, id };
    }
  }
  return { ok: false, reason: "bad_signature" };
}
