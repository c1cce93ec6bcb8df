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

const keys = new Map<string, Promise<CryptoKey>>();

/**
 * The link-signing key: HKDF from SECRETS_KEY with its own label, so it is
 * never the key that encrypts secrets at rest. Links live minutes, so a key
 * rotation only ends the links already handed out.
 */
function linkKey(env: SecretKeys): Promise<CryptoKey> {
  if (!env.SECRETS_KEY) throw new Error("SECRETS_KEY is not set");
  let key = keys.get(env.SECRETS_KEY);
  if (!key) {
    key = (async () => {
      const base = await crypto.subtle.importKey("raw", base64Decode(env.SECRETS_KEY!), "HKDF", false, ["deriveKey"]);
      return crypto.subtle.deriveKey(
        { name: "HKDF", hash: "SHA-256", salt: new Uint8Array(0), info: new TextEncoder().encode("fabquote.download-link.v1") },
        base,
        { name: "HMAC", hash: "SHA-256", length: 256 },
        false,
        ["sign", "verify"],
      );
    })();
    keys.set(env.SECRETS_KEY, key);
  }
  return key;
}

const message = (c: LinkClaims) =>
  new TextEncoder().encode(["fabquote.download.v1", c.tenantId, c.documentId, c.revision, String(c.expires), c.holder].join("\n"));
const b64url = (b: ArrayBuffer) =>
  btoa(String.fromCharCode(...new Uint8Array(b)))
    .replace(/\+/g, "-")
    .replace(/\//g, "_")
    .replace(/=+$/, "");

export async function signLink(env: SecretKeys, claims: LinkClaims): Promise<string> {
  return b64url(await crypto.subtle.sign("HMAC", await linkKey(env), message(claims)));
}

/** True when `signature` is this key's over exactly these claims (compared in constant time by WebCrypto). */
export async function verifyLink(env: SecretKeys, claims: LinkClaims, signature: string): Promise<boolean> {
  let raw: Uint8Array;
  try {
    raw = base64Decode(signature.replace(/-/g, "+").replace(/_/g, "/"));
  } catch {
    return false;
  }
  return crypto.subtle.verify("HMAC", await linkKey(env), raw as Uint8Array<ArrayBuffer>, message(claims));
}
