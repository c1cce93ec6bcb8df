import { createExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import worker from "../../worker/index.ts";
import type { Env } from "../../worker/env.ts";
import { decryptSecret, encryptSecret, type SecretContext } from "../../worker/webhooks/secrets.ts";

const shopA: SecretContext = { tenantId: "tenant-a", purpose: "webhook_endpoint_secret" };
const freshKey = () => btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(32))));

/** The v1 format written before associated data and key ids: AES-GCM over the plain text only. */
async function legacyV1(keyMaterial: string, plain: string) {
  const key = await crypto.subtle.importKey(
    "raw",
    Uint8Array.from(atob(keyMaterial), (c) => c.charCodeAt(0)),
    "AES-GCM",
    false,
    ["encrypt"],
  );
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const ct = new Uint8Array(await crypto.subtle.encrypt({ name: "AES-GCM", iv }, key, new TextEncoder().encode(plain)));
  const b64u = (b: Uint8Array) =>
    btoa(String.fromCharCode(...b))
      .replace(/\+/g, "-")
      .replace(/\//g, "_")
      .replace(/=+$/, "");
  return `v1.${b64u(iv)}.${b64u(ct)}`;
}

describe("secrets at rest", () => {
  it("round-trip through AES-GCM with a fresh IV each time, and name their key", async () => {
    const a = await encryptSecret(env, shopA, "sk_test_123");
    const b = await encryptSecret(env, shopA, "sk_test_123");
    expect(a).not.toBe(b);
    expect(a).not.toContain("sk_test");
    expect(a).toMatch(/^v2\.[\w-]{8}\./);
    expect(await decryptSecret(env, shopA, a)).toBe("sk_test_123");
  });

  it("do not decrypt when moved to another tenant or used for another purpose", async () => {
    const sealed = await encryptSecret(env, shopA, "whsec_partner");
    await expect(decryptSecret(env, { ...shopA, tenantId: "tenant-b" }, sealed)).rejects.toThrow();
    await expect(decryptSecret(env, { ...shopA, purpose: "stripe_secret_key" }, sealed)).rejects.toThrow();
  });

  it("survive a key rotation: the previous key still decrypts, new secrets use the new key", async () => {
    const oldKey = freshKey();
    const newKey = freshKey();
    const before = await encryptSecret({ SECRETS_KEY: oldKey }, shopA, "whsec_old");
    const rotated = { SECRETS_KEY: newKey, SECRETS_KEYS_PREVIOUS: `${freshKey()}, ${oldKey}` };
    expect(await decryptSecret(rotated, shopA, before)).toBe("whsec_old");
    const after = await encryptSecret(rotated, shopA, "whsec_new");
    expect(after.split(".")[1]).not.toBe(before.split(".")[1]);
    await expect(decryptSecret({ SECRETS_KEY: oldKey }, shopA, after)).rejects.toThrow(/No secrets key/);
    await expect(decryptSecret({ SECRETS_KEY: newKey }, shopA, before)).rejects.toThrow(/No secrets key/);
  });

  it("still read the legacy v1 format (no associated data) with the current or a previous key", async () => {
    const oldKey = freshKey();
    const legacy = await legacyV1(oldKey, "sk_live_legacy");
    expect(await decryptSecret({ SECRETS_KEY: freshKey(), SECRETS_KEYS_PREVIOUS: oldKey }, shopA, legacy)).toBe("sk_live_legacy");
    await expect(decryptSecret({ SECRETS_KEY: freshKey() }, shopA, legacy)).rejects.toThrow(/legacy/);
  });
});

describe("the secrets key in production", () => {
  const call = (overrides: Partial<Env>) =>
    worker.fetch(new Request("http://localhost/api/v1/health") as never, { ...(env as Env), ...overrides } as Env, createExecutionContext());

  it("is required: without it every request answers 503 and nothing is served", async () => {
    const res = await call({ ENVIRONMENT: "production", SECRETS_KEY: undefined });
    expect(res.status).toBe(503);
    expect(await res.text()).not.toMatch(/SECRETS_KEY/);
    expect((await call({ ENVIRONMENT: "production", SECRETS_KEY: "too-short" })).status).toBe(503);
  });

  it("lets a correctly configured production Worker serve", async () => {
    expect((await call({ ENVIRONMENT: "production", SECRETS_KEY: freshKey() })).status).toBe(200);
  });
});
