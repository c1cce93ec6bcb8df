/**
 * Secrets at rest (partner webhook secrets, Stripe keys): AES-GCM with the key
 * from the `SECRETS_KEY` secret, stored as `v2.<key id>.<iv>.<ciphertext>`
 * (base64url). The tenant and the purpose are bound in as associated data, so a
 * ciphertext copied to another tenant's row or another column does not decrypt.
 * The key id (derived from the key itself) picks the key on the way back; keys
 * listed in `SECRETS_KEYS_PREVIOUS` still decrypt after a rotation.
 * `v1.<iv>.<ciphertext>` (no key id, no associated data) is the legacy format:
 * still read, never written. See docs/decisions/0014-secrets-at-rest.md.
 */

import type { Env } from "../env.ts";

export type SecretKeys = Pick<Env, "SECRETS_KEY" | "SECRETS_KEYS_PREVIOUS">;

/** What a secret is for; part of its associated data. */
/** `idempotent_response`: a creating POST's answer kept for replay, which may carry a new key or secret. */
export type SecretPurpose = "stripe_secret_key" | "webhook_source_secret" | "webhook_endpoint_secret" | "idempotent_response" | "totp_secret";

export interface SecretContext {
  tenantId: string;
  purpose: SecretPurpose;
}

interface Key {
  id: string;
  key: CryptoKey;
}

// Imported keys, not promises of them: a promise made in one Durable Object's request cannot be awaited from
// another's in the same isolate ("Cannot perform I/O on behalf of a different Durable Object").
const imported = new Map<string, Key>();

async function importKey(material: string): Promise<Key> {
  const known = imported.get(material);
  if (known) return known;
  const raw = base64Decode(material);
  if (raw.byteLength !== 32) throw new Error("A secrets key must be 32 bytes, base64-encoded");
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", raw));
  const key = { id: base64UrlEncode(digest.subarray(0, 6)), key: await crypto.subtle.importKey("raw", raw, "AES-GCM", false, ["encrypt", "decrypt"]) };
  imported.set(material, key);
  return key;
}

const previousKeys = (env: SecretKeys) =>
  (env.SECRETS_KEYS_PREVIOUS ?? "")
    .split(",")
    .map((k) => k.trim())
    .filter(Boolean);

/** Why the configured keys are unusable, or null when they are fine. */
export async function secretsKeyProblem(env: SecretKeys): Promise<string | null> {
  if (!env.SECRETS_KEY) return "SECRETS_KEY is not set (wrangler secret put SECRETS_KEY)";
  for (const [name, material] of [["SECRETS_KEY", env.SECRETS_KEY], ...previousKeys(env).map((k) => ["SECRETS_KEYS_PREVIOUS", k])]) {
    try {
      await importKey(material);
    } catch {
      return `${name} must hold 32-byte keys, base64-encoded`;
    }
  }
  return null;
}

function currentKey(env: SecretKeys): Promise<Key> {
  if (!env.SECRETS_KEY) throw new Error("SECRETS_KEY is not set");
  return importKey(env.SECRETS_KEY);
}

const associatedData = ({ tenantId, purpose }: SecretContext) => new TextEncoder().encode(`fabquote.secret.v2\n${tenantId}\n${purpose}`);

export async function encryptSecret(env: SecretKeys, context: SecretContext, plain: string): Promise<string> {
  const { id, key } = await currentKey(env);
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const ct = await crypto.subtle.encrypt({ name: "AES-GCM", iv, additionalData: associatedData(context) }, key, new TextEncoder().encode(plain));
  return `v2.${id}.${base64UrlEncode(iv)}.${base64UrlEncode(new Uint8Array(ct))}`;
}

export async function decryptSecret(env: SecretKeys, context: SecretContext, stored: string): Promise<string> {
  const parts = stored.split(".");
  const keys = await Promise.all([env.SECRETS_KEY ?? "", ...previousKeys(env)].filter(Boolean).map(importKey));
  if (parts[0] === "v2" && parts.length === 4) {
    const [, keyId, iv, ct] = parts;
    const match = keys.find((k) => k.id === keyId);
    if (!match) throw new Error(`No secrets key with id ${keyId} is configured`);
    const plain = await crypto.subtle.decrypt(
      { name: "AES-GCM", iv: base64UrlDecode(iv), additionalData: associatedData(context) },
      match.key,
      base64UrlDecode(ct),
    );
    return new TextDecoder().decode(plain);
  }
  if (parts[0] === "v1" && parts.length === 3) return decryptLegacy(keys, parts[1], parts[2]);
  throw new Error("Unknown secret format");
}

/** v1 carries no key id: each configured key is tried in turn. */
async function decryptLegacy(keys: Key[], iv: string, ct: string): Promise<string> {
  for (const { key } of keys) {
    try {
      return new TextDecoder().decode(await crypto.subtle.decrypt({ name: "AES-GCM", iv: base64UrlDecode(iv) }, key, base64UrlDecode(ct)));
    } catch {
      // not this key
    }
  }
  throw new Error("No configured secrets key decrypts this legacy (v1) secret");
}

/** A Standard Webhooks secret: `whsec_` and 32 random bytes in base64. */
export const newWebhookSecret = () => `whsec_${base64Encode(crypto.getRandomValues(new Uint8Array(32)))}`;

export const base64Encode = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes));
export const base64Decode = (text: string) => Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
const base64UrlEncode = (bytes: Uint8Array) => base64Encode(bytes).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
const base64UrlDecode = (text: string) => base64Decode(text.replace(/-/g, "+").replace(/_/g, "/"));
