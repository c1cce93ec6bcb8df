import type { Principal } from "../auth/principal.ts";
import { base64Decode, type SecretKeys } from "../webhooks/secrets.ts";

/** How long a download link works. */
export const LINK_TTL_MS = 5 * 60 * 1000;

/** Who a link is for: the user, or the API key acting for one. */
export const holderOf = (p: Principal) => (p.kind === "api_key" ? `key:${p.keyId}` : `user:${p.userId}`);

export interface LinkClaims {
  tenantId: string;
  documentId: string;
  revision: string;
  expires: number;
  holder: string;
}

/**
 * The link-signing key for a purpose: HKDF from SECRETS_KEY with its own label
 * (`info`), so it is never the key that encrypts secrets at rest nor another
 * purpose's. Download links live minutes, so a key rotation only ends the links
 * already handed out; share links (worker/quotes/share.ts) are re-issued.
 */
// The derived keys, not promises of them: a promise made in one Durable Object's request cannot be awaited from
// another's in the same isolate ("Cannot perform I/O on behalf of a different Durable Object").
const keys = new Map<string, CryptoKey>();
export async function linkKey(env: SecretKeys, info = "fabquote.download-link.v1"): Promise<CryptoKey> {
  if (!env.SECRETS_KEY) throw new Error("SECRETS_KEY is not set");
  const id = `${info}\n${env.SECRETS_KEY}`;
  const known = keys.get(id);
  if (known) return known;
  const base = await crypto.subtle.importKey("raw", base64Decode(env.SECRETS_KEY), "HKDF", false, ["deriveKey"]);
  const key = await crypto.subtle.deriveKey(
    { name: "HKDF", hash: "SHA-256", salt: new Uint8Array(0), info: new TextEncoder().encode(info) },
    base,
    { name: "HMAC", hash: "SHA-256", length: 256 },
    false,
    ["sign", "verify"],
  );
  keys.set(id, key);
  return key;
}

const message = (c: LinkClaims) =>
  new TextEncoder().encode(["fabquote.download.v1", c.tenantId, c.documentId, c.revision, String(c.expires), c.holder].join("\n"));
export const b64url = (b: ArrayBuffer) =>
  btoa(String.fromCharCode(...new Uint8Array(b)))
    .replace(/\+/g, "-")
    .replace(/\//g, "_")
    .replace(/=+$/, "");

export async function signLink(env: SecretKeys, claims: LinkClaims): Promise<string> {
  return b64url(await crypto.subtle.sign("HMAC", await linkKey(env), message(claims)));
}

/** True when `signature` is this key's over exactly these claims (compared in constant time by WebCrypto). */
export async function verifyLink(env: SecretKeys, claims: LinkClaims, signature: string): Promise<boolean> {
  return verifySignature(await linkKey(env), message(claims), signature);
}

/** True when `signature` (base64url) is `key`'s HMAC of `data`. */
export async function verifySignature(key: CryptoKey, data: Uint8Array<ArrayBuffer>, signature: string): Promise<boolean> {
  let raw: Uint8Array;
  try {
    raw = base64Decode(signature.replace(/-/g, "+").replace(/_/g, "/"));
  } catch {
    return false;
  }
  return crypto.subtle.verify("HMAC", key, raw as Uint8Array<ArrayBuffer>, data);
}
