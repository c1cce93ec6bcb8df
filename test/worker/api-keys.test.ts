import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { Client, createTenant, data, expectError, registerCustomer } from "./helpers.ts";

type Key = { id: string; key: string; prefix: string; scopes: string[]; expires_at: string | null; revoked_at: string | null };

const bearer = (host: string, key: string) => {
  const c = new Client(host);
  return (path: string, init: RequestInit = {}) => c.fetch(path, { ...init, headers: { ...init.headers, authorization: `Bearer ${key}` } });
};

describe("API keys", () => {
  it("creates a key shown once, listed without its secret, usable as Bearer", async () => {
    const t = await createTenant();
    const created = await data<Key>(t.owner.post("/api/v1/api-keys", { name: "ERP", scopes: ["quotes:read"], expires_in_days: 30 }), 201);
    expect(created.key).toMatch(/^fq_[a-z0-9]{12}_[A-Za-z0-9_-]{43}$/);
    expect(created.key.startsWith(`fq_${created.prefix}_`)).toBe(true);
    expect(Date.parse(created.expires_at!)).toBeGreaterThan(Date.now() + 29 * 86400e3);

    const listed = await data<Key[]>(t.owner.get("/api/v1/api-keys"));
    expect(listed.map((k) => k.id)).toContain(created.id);
    expect(JSON.stringify(listed)).not.toContain(created.key.split("_")[2]);
    const row = await env.DB.prepare("select key_hash from api_keys where id = ?").bind(created.id).first<{ key_hash: string }>();
    expect(row!.key_hash).toMatch(/^[0-9a-f]{64}$/);

    const me = await data<{ auth: string; user: { role: string }; permissions: string[] }>(bearer(t.host, created.key)("/api/v1/me"));
    expect(me.auth).toBe("api_key");
    expect(me.permissions).toContain("quotes:read");
    expect(me.permissions).not.toContain("api_keys:manage");
  });

  it("a key without the needed scope is 403 naming scopes", async () => {
    const t = await createTenant();
    const { key } = await data<Key>(t.owner.post("/api/v1/api-keys", { name: "read only", scopes: ["quotes:read"] }), 201);
    await expectError(bearer(t.host, key)("/api/v1/users"), 403, "FORBIDDEN", "scopes");
    await expectError(bearer(t.host, key)("/api/v1/api-keys", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ name: "x", scopes: ["quotes:read"] }) }), 403, "FORBIDDEN");
  });

  it("a revoked key is 401", async () => {
    const t = await createTenant();
    const k = await data<Key>(t.owner.post("/api/v1/api-keys", { name: "gone", scopes: ["quotes:read"] }), 201);
    const revoked = await data<Key>(t.owner.delete(`/api/v1/api-keys/${k.id}`));
    expect(revoked.revoked_at).not.toBeNull();
    const body = await expectError(bearer(t.host, k.key)("/api/v1/me"), 401, "UNAUTHORIZED");
    expect(body.error.message).toMatch(/revoked/);
  });

  it("an expired key is 401", async () => {
    const t = await createTenant();
    const k = await data<Key>(t.owner.post("/api/v1/api-keys", { name: "old", scopes: ["quotes:read"], expires_in_days: 1 }), 201);
    await env.DB.prepare("update api_keys set expires_at = ? where id = ?").bind(Date.now() - 1, k.id).run();
    const body = await expectError(bearer(t.host, k.key)("/api/v1/me"), 401, "UNAUTHORIZED");
    expect(body.error.message).toMatch(/expired/);
  });

  it("a forged or malformed key is 401", async () => {
    const t = await createTenant();
    const k = await data<Key>(t.owner.post("/api/v1/api-keys", { name: "real", scopes: ["quotes:read"] }), 201);
    const forged = `fq_${k.prefix}_${"A".repeat(43)}`;
    await expectError(bearer(t.host, forged)("/api/v1/me"), 401, "UNAUTHORIZED");
    await expectError(bearer(t.host, "not-a-key")("/api/v1/me"), 401, "UNAUTHORIZED");
    await expectError(new Client(t.host).get("/api/v1/me", { headers: { authorization: "Basic abc" } }), 401, "UNAUTHORIZED");
  });

  it("a key of one shop is 401 on another", async () => {
    const [a, b] = [await createTenant(), await createTenant()];
    const k = await data<Key>(a.owner.post("/api/v1/api-keys", { name: "a", scopes: ["quotes:read"] }), 201);
    await expectError(bearer(b.host, k.key)("/api/v1/me"), 401, "UNAUTHORIZED");
  });

  it("rotation issues a successor; both work until the old one's grace ends", async () => {
    const t = await createTenant();
    const old = await data<Key>(t.owner.post("/api/v1/api-keys", { name: "erp", scopes: ["quotes:read"] }), 201);
    const next = await data<Key>(t.owner.post(`/api/v1/api-keys/${old.id}/rotate`), 201);
    expect(next.key).not.toBe(old.key);
    expect(next.scopes).toEqual(old.scopes);
    await data(bearer(t.host, old.key)("/api/v1/me"));
    await data(bearer(t.host, next.key)("/api/v1/me"));
    const listed = await data<Key[]>(t.owner.get("/api/v1/api-keys"));
    const oldExpiry = Date.parse(listed.find((k) => k.id === old.id)!.expires_at!);
    expect(oldExpiry).toBeLessThanOrEqual(Date.now() + 86400e3);
    await env.DB.prepare("update api_keys set expires_at = ? where id = ?").bind(Date.now() - 1, old.id).run();
    await expectError(bearer(t.host, old.key)("/api/v1/me"), 401, "UNAUTHORIZED");
    await data(bearer(t.host, next.key)("/api/v1/me"));
  });

  it("customers and staff cannot manage keys; bad input is refused by field", async () => {
    const t = await createTenant();
    const { client } = await registerCustomer(t.host);
    await expectError(client.get("/api/v1/api-keys"), 403, "FORBIDDEN", "role");
    await expectError(new Client(t.host).get("/api/v1/api-keys"), 401, "UNAUTHORIZED");
    await expectError(t.owner.post("/api/v1/api-keys", { name: "x", scopes: ["everything"] }), 400, "VALIDATION_ERROR", "scopes.0");
    await expectError(t.owner.post("/api/v1/api-keys", { name: "x", scopes: [] }), 400, "VALIDATION_ERROR", "scopes");
    await expectError(t.owner.post("/api/v1/api-keys", { name: "x", scopes: ["quotes:read"], expires_in_days: 0.5 }), 400, "VALIDATION_ERROR", "expires_in_days");
    await expectError(t.owner.delete("/api/v1/api-keys/does-not-exist"), 404, "NOT_FOUND");
  });

  it("API-key requests need no Origin (they carry no ambient credentials)", async () => {
    const t = await createTenant();
    const k = await data<Key>(t.owner.post("/api/v1/api-keys", { name: "admin", scopes: ["customers:write"] }), 201);
    const res = await bearer(t.host, k.key)("/api/v1/customers", { method: "POST", headers: { "content-type": "application/json", origin: "https://partner.example" }, body: JSON.stringify({ name: "Via API" }) });
    expect(res.status).toBe(201);
  });
});
