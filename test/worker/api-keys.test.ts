import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { Client, createTenant, data, expectError, registerCustomer, type TestTenant, tenantDb } from "./helpers.ts";
import { keyClient, userWithRole } from "./shop-fixture.ts";

type Key = { id: string; name: string; key: string; prefix: string; scopes: string[]; tier: string; expires_at: string | null; revoked_at: string | null };

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
    // The secret after the prefix (it may itself contain "_", so not split on it: a short fragment could match anything).
    expect(JSON.stringify(listed)).not.toContain(created.key.slice(`fq_${created.prefix}_`.length));
    const row = await (await tenantDb(t.id)).prepare("select key_hash from api_keys where id = ?").bind(created.id).first<{ key_hash: string }>();
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
    await expectError(
      bearer(t.host, key)("/api/v1/api-keys", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ name: "x", scopes: ["quotes:read"] }),
      }),
      403,
      "FORBIDDEN",
    );
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
    await (await tenantDb(t.id))
      .prepare("update api_keys set expires_at = ? where id = ?")
      .bind(Date.now() - 1, k.id)
      .run();
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
    await (await tenantDb(t.id))
      .prepare("update api_keys set expires_at = ? where id = ?")
      .bind(Date.now() - 1, old.id)
      .run();
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
    await expectError(
      t.owner.post("/api/v1/api-keys", { name: "x", scopes: ["quotes:read"], expires_in_days: 0.5 }),
      400,
      "VALIDATION_ERROR",
      "expires_in_days",
    );
    await expectError(t.owner.delete("/api/v1/api-keys/does-not-exist"), 404, "NOT_FOUND");
  });

  it("API-key requests need no Origin (they carry no ambient credentials)", async () => {
    const t = await createTenant();
    const k = await data<Key>(t.owner.post("/api/v1/api-keys", { name: "admin", scopes: ["customers:write"] }), 201);
    const res = await bearer(t.host, k.key)("/api/v1/customers", {
      method: "POST",
      headers: { "content-type": "application/json", origin: "https://partner.example" },
      body: JSON.stringify({ name: "Via API" }),
    });
    expect(res.status).toBe(201);
  });
});

const limitHeaders = (res: Response) => ({
  limit: res.headers.get("ratelimit-limit"),
  remaining: res.headers.get("ratelimit-remaining"),
  reset: res.headers.get("ratelimit-reset"),
});

/** Puts a key's hour and day counters at these counts, as if it had been busy since the windows began. */
async function busyKey(t: TestTenant, keyId: string, hour: number, day: number) {
  const now = Date.now();
  await runInDurableObject(env.API_KEY_LIMITER.getByName(`${t.id}:${keyId}`), (_obj, state) => {
    const windows = {
      minute: { start: now - (now % 60_000), count: 0 },
      hour: { start: now - (now % 3_600_000), count: hour },
      day: { start: now - (now % 86_400_000), count: day },
    };
    state.storage.sql.exec("INSERT OR REPLACE INTO counters (id, state) VALUES (1, ?)", JSON.stringify({ tokens: 100, refilled_at: now, windows }));
  });
}

describe("API-key rate-limit tiers", () => {
  it("a key is standard unless made otherwise; its tier is listed; an unknown tier is refused by field", async () => {
    const t = await createTenant();
    const plain = await data<Key>(t.owner.post("/api/v1/api-keys", { name: "plain", scopes: ["quotes:read"] }), 201);
    const fast = await data<Key>(t.owner.post("/api/v1/api-keys", { name: "fast", scopes: ["quotes:read"], tier: "premium" }), 201);
    expect([plain.tier, fast.tier]).toEqual(["standard", "premium"]);
    const listed = await data<Key[]>(t.owner.get("/api/v1/api-keys"));
    expect(Object.fromEntries(listed.map((k) => [k.name, k.tier]))).toEqual({ plain: "standard", fast: "premium" });
    await expectError(t.owner.post("/api/v1/api-keys", { name: "x", scopes: ["quotes:read"], tier: "gold" }), 400, "VALIDATION_ERROR", "tier");
    // A rotated key keeps its tier.
    expect((await data<Key>(t.owner.post(`/api/v1/api-keys/${fast.id}/rotate`), 201)).tier).toBe("premium");
  });

  it("a standard key's burst of 20 is used up by a volley: the rest are 429 with Retry-After and RateLimit headers", async () => {
    const t = await createTenant();
    const k = await data<Key>(t.owner.post("/api/v1/api-keys", { name: "erp", scopes: ["quotes:read"] }), 201);
    const first = await bearer(t.host, k.key)("/api/v1/me");
    expect(first.status).toBe(200);
    expect(limitHeaders(first)).toEqual({ limit: "20", remaining: "19", reset: "1" });
    expect(first.headers.get("ratelimit-policy")).toBe("100;w=60, 5000;w=3600, 100000;w=86400");

    const volley = await Promise.all(Array.from({ length: 40 }, () => bearer(t.host, k.key)("/api/v1/me")));
    const refused = volley.filter((r) => r.status === 429);
    // 19 tokens were left; a few more may have refilled (one per 0.6 s) while the volley ran.
    expect(volley.length - refused.length).toBeGreaterThanOrEqual(19);
    expect(refused.length).toBeGreaterThanOrEqual(10);
    expect(volley.every((r) => r.status === 200 || r.status === 429)).toBe(true);
    const body = await expectError(refused[0], 429, "RATE_LIMIT_EXCEEDED", "Authorization");
    expect(body.error.message).toMatch(/too many requests/);
    expect(limitHeaders(refused[0])).toMatchObject({ limit: "20", remaining: "0" });
    expect(Number(refused[0].headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    // Other keys, sessions and guests are not affected.
    const other = await data<Key>(t.owner.post("/api/v1/api-keys", { name: "other", scopes: ["quotes:read"] }), 201);
    expect((await bearer(t.host, other.key)("/api/v1/me")).status).toBe(200);
    expect((await t.owner.get("/api/v1/me")).headers.get("ratelimit-limit")).toBeNull();
  });

  it("a key over its hourly or daily count is refused until the window ends; an internal key has no hourly or daily limit", async () => {
    const t = await createTenant();
    const standard = await data<Key>(t.owner.post("/api/v1/api-keys", { name: "std", scopes: ["quotes:read"] }), 201);
    const internal = await data<Key>(t.owner.post("/api/v1/api-keys", { name: "own", scopes: ["quotes:read"], tier: "internal" }), 201);
    await busyKey(t, standard.id, 5_000, 5_000);
    await busyKey(t, internal.id, 1_000_000, 10_000_000);

    const r = await bearer(t.host, standard.key)("/api/v1/me");
    expect(r.status).toBe(429);
    expect(limitHeaders(r)).toMatchObject({ limit: "5000", remaining: "0" });
    const untilHourEnds = 3600 - (Math.floor(Date.now() / 1000) % 3600);
    expect(Number(r.headers.get("retry-after"))).toBeGreaterThanOrEqual(untilHourEnds - 5);
    await expectError(r, 429, "RATE_LIMIT_EXCEEDED");

    const passed = await bearer(t.host, internal.key)("/api/v1/me");
    expect(passed.status).toBe(200);
    expect(passed.headers.get("ratelimit-policy")).toBe("1000;w=60");

    await busyKey(t, standard.id, 10, 100_000);
    expect(limitHeaders(await bearer(t.host, standard.key)("/api/v1/me"))).toMatchObject({ limit: "100000", remaining: "0" });
  });

  it("PATCH /api-keys/{id} changes the tier for the key's next request; only key managers may, and only their shop's keys", async () => {
    const [t, other] = [await createTenant(), await createTenant()];
    const k = await data<Key>(t.owner.post("/api/v1/api-keys", { name: "erp", scopes: ["quotes:read"] }), 201);
    const changed = await data<Key>(t.owner.fetch(`/api/v1/api-keys/${k.id}`, { method: "PATCH", json: { tier: "premium" } }));
    expect(changed).toMatchObject({ id: k.id, tier: "premium" });
    expect(limitHeaders(await bearer(t.host, k.key)("/api/v1/me")).limit).toBe("50");
    const [row] = (
      await (
        await tenantDb(t.id)
      )
        .prepare("select action from audit_log where tenant_id = ? and target_id = ? and action = 'api_key.tier_changed'")
        .bind(t.id, k.id)
        .all()
    ).results;
    expect(row).toBeDefined();

    await expectError(t.owner.fetch(`/api/v1/api-keys/${k.id}`, { method: "PATCH", json: { tier: "unlimited" } }), 400, "VALIDATION_ERROR", "tier");
    await expectError(t.owner.fetch(`/api/v1/api-keys/${k.id}`, { method: "PATCH", json: { tier: "internal", name: "x" } }), 400, "VALIDATION_ERROR", "name");
    for (const role of ["staff", "customer_admin"]) {
      await expectError(
        (await userWithRole(t, role)).fetch(`/api/v1/api-keys/${k.id}`, { method: "PATCH", json: { tier: "internal" } }),
        403,
        "FORBIDDEN",
        "role",
      );
    }
    const catalogKey = await keyClient(t, ["catalog:write"]);
    await expectError(catalogKey.fetch(`/api/v1/api-keys/${k.id}`, { method: "PATCH", json: { tier: "internal" } }), 403, "FORBIDDEN", "scopes");
    await expectError(new Client(t.host).fetch(`/api/v1/api-keys/${k.id}`, { method: "PATCH", json: { tier: "internal" } }), 401, "UNAUTHORIZED");
    // Another shop's owner: the id is unknown there.
    await expectError(other.owner.fetch(`/api/v1/api-keys/${k.id}`, { method: "PATCH", json: { tier: "internal" } }), 404, "NOT_FOUND");
    await expectError(t.owner.fetch(`/api/v1/api-keys/${crypto.randomUUID()}`, { method: "PATCH", json: { tier: "internal" } }), 404, "NOT_FOUND");
    expect((await data<Key[]>(t.owner.get("/api/v1/api-keys"))).find((x) => x.id === k.id)!.tier).toBe("premium");
  });
});
