import { b64url, linkKey, verifySignature } from "../drawings/links.ts";
import type { SecretKeys } from "../webhooks/secrets.ts";
import { OPTIONAL_TYPES, type OptionalType } from "./events.ts";

/**
 * The unsubscribe link of an e-mail: who (tenant, user) stops getting which
 * type by e-mail, signed with a key of its own (HKDF from SECRETS_KEY), so it
 * works without signing in and cannot be turned into another person's or
 * another type's. It does not expire: an old e-mail's link keeps working.
 */
export interface UnsubscribeClaims {
  tenantId: string;
  userId: string;
  type: OptionalType;
}

const KEY_INFO = "fabquote.unsubscribe.v1";
const encoder = new TextEncoder();
const signed = (c: UnsubscribeClaims) => encoder.encode([KEY_INFO, c.tenantId, c.userId, c.type].join("\n"));
const toB64url = (text: string) => b64url(encoder.encode(text).buffer as ArrayBuffer);

export async function unsubscribeToken(env: SecretKeys, claims: UnsubscribeClaims): Promise<string> {
  const signature = await crypto.subtle.sign("HMAC", await linkKey(env, KEY_INFO), signed(claims));
  return `${toB64url(JSON.stringify({ u: claims.userId, t: claims.type }))}.${b64url(signature)}`;
}

/** The claims of a token this shop signed, or null for anything else (tampered, another shop's, not a token). */
export async function readUnsubscribeToken(env: SecretKeys, tenantId: string, token: string): Promise<UnsubscribeClaims | null> {
  const [payload, signature, ...rest] = token.split(".");
  if (!payload || !signature || rest.length > 0) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder().decode(Uint8Array.from(atob(payload.replace(/-/g, "+").replace(/_/g, "/")), (c) => c.charCodeAt(0))));
  } catch {
    return null;
  }
  const { u, t } = (parsed ?? {}) as { u?: unknown; t?: unknown };
  if (typeof u !== "string" || !(OPTIONAL_TYPES as readonly unknown[]).includes(t)) return null;
  const claims = { tenantId, userId: u, type: t as OptionalType };
  return (await verifySignature(await linkKey(env, KEY_INFO), signed(claims), signature)) ? claims : null;
}
