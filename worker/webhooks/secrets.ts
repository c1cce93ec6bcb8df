/**
 * Secrets at rest: AES-GCM with the key from the `SECRETS_KEY` binding, stored
 * as `v1.<iv>.<ciphertext>` (base64url). A leaked D1 dump yields no usable
 * partner secret or Stripe key without the Worker's secret binding.
 */

const keys = new Map<string, Promise<CryptoKey>>();

function aesKey(material: string): Promise<CryptoKey> {
  let key = keys.get(material);
  if (!key) {
    const raw = base64Decode(material);
    if (raw.byteLength !== 32) throw new Error("SECRETS_KEY must be 32 bytes, base64-encoded");
    key = crypto.subtle.importKey("raw", raw, "AES-GCM", false, ["encrypt", "decrypt"]);
    keys.set(material, key);
  }
  return key;
}

export async function encryptSecret(keyMaterial: string, plain: string): Promise<string> {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const ct = await crypto.subtle.encrypt({ name: "AES-GCM", iv }, await aesKey(keyMaterial), new TextEncoder().encode(plain));
  return `v1.${base64UrlEncode(iv)}.${base64UrlEncode(new Uint8Array(ct))}`;
}

export async function decryptSecret(keyMaterial: string, stored: string): Promise<string> {
  const [version, iv, ct] = stored.split(".");
  if (version !== "v1" || !iv || !ct) throw new Error("Unknown secret format");
  const plain = await crypto.subtle.decrypt({ name: "AES-GCM", iv: base64UrlDecode(iv) }, await aesKey(keyMaterial), base64UrlDecode(ct));
  return new TextDecoder().decode(plain);
}

/** A Standard Webhooks secret: `whsec_` and 32 random bytes in base64. */
export const newWebhookSecret = () => `whsec_${base64Encode(crypto.getRandomValues(new Uint8Array(32)))}`;

export const base64Encode = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes));
export const base64Decode = (text: string) => Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
const base64UrlEncode = (bytes: Uint8Array) => base64Encode(bytes).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
const base64UrlDecode = (text: string) => base64Decode(text.replace(/-/g, "+").replace(/_/g, "/"));
