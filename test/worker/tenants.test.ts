import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { SHARD_COUNT, shardDatabase } from "../../worker/db/shards.ts";
import type { Env } from "../../worker/env.ts";
import { Client, PASSWORD, createTenant, data, expectError, tenantDb, uniqueSlug } from "./helpers.ts";

const root = () => new Client("localhost");
const valid = (slug = uniqueSlug()) => ({ name: "Acme Fabrication", slug, owner_email: `owner@${slug}.test`, owner_password: PASSWORD });
const tenantCount = async () => (await env.DB.prepare("select count(*) as n from tenants").first<{ n: number }>())!.n;
/** Users are on the data shards: counted on all of them. */
const userCount = async () => {
  let n = 0;
  for (let shard = 0; shard < SHARD_COUNT; shard++)
    n += (await shardDatabase(env as unknown as Env, shard)
      .prepare("select count(*) as n from users")
      .first<{ n: number }>())!.n;
  return n;
};
/** The data shard of the shop with this slug. */
const shopDb = async (slug: string) => {
  const row = await env.DB.prepare("select id from tenants where slug = ?").bind(slug).first<{ id: string }>();
  return tenantDb(row!.id);
};

describe("POST /api/v1/tenants", () => {
  it("creates a shop whose owner can sign in on its host", async () => {
    const body = valid();
    const created = await data<{ tenant: { slug: string; url: string }; owner: { email: string } }>(root().post("/api/v1/tenants", body), 201);
    expect(created.tenant.slug).toBe(body.slug);
    expect(created.tenant.url).toBe(`http://${body.slug}.localhost/`);
    const owner = new Client(`${body.slug}.localhost`);
    await data(owner.post("/api/v1/auth/login", { email: body.owner_email, password: PASSWORD }));
    const me = await data<{ user: { role: string; email: string }; tenant: { slug: string } }>(owner.get("/api/v1/me"));
    expect(me.user).toMatchObject({ role: "owner", email: body.owner_email });
    expect(me.tenant.slug).toBe(body.slug);
  });

  it("returns a one-use link that signs the owner in on the shop's host, once, and only there", async () => {
    const body = valid();
    const created = await data<{ sign_in_url: string; tenant: { url: string } }>(root().post("/api/v1/tenants", body), 201);
    const link = new URL(created.sign_in_url);
    expect(`${link.origin}/`).toBe(created.tenant.url);
    expect(link.pathname).toBe("/start");
    expect(link.search).toBe("");
    const token = new URLSearchParams(link.hash.slice(1)).get("token")!;
    expect(token.length).toBeGreaterThan(30);
    // Stored as a hash only.
    expect((await (await shopDb(body.slug)).prepare("select count(*) n from sign_in_tokens where token_hash = ?").bind(token).first<{ n: number }>())!.n).toBe(
      0,
    );

    // Not on another shop's host, and not when made up.
    const other = await createTenant();
    await expectError(new Client(other.host).post("/api/v1/auth/sign-in-link", { token }), 400, "VALIDATION_ERROR", "token");
    const owner = new Client(`${body.slug}.localhost`);
    await expectError(owner.post("/api/v1/auth/sign-in-link", { token: `${token}x` }), 400, "VALIDATION_ERROR", "token");

    const signedIn = await data<{ user: { role: string; email: string } }>(owner.post("/api/v1/auth/sign-in-link", { token }));
    expect(signedIn.user).toMatchObject({ role: "owner", email: body.owner_email });
    expect((await data<{ user: { role: string } }>(owner.get("/api/v1/me"))).user.role).toBe("owner");
    // Spent by its first use.
    await expectError(new Client(`${body.slug}.localhost`).post("/api/v1/auth/sign-in-link", { token }), 400, "VALIDATION_ERROR", "token");
  });

  it("a sign-in link expires after ten minutes", async () => {
    const body = valid();
    const created = await data<{ sign_in_url: string; tenant: { id: string } }>(root().post("/api/v1/tenants", body), 201);
    const token = new URLSearchParams(new URL(created.sign_in_url).hash.slice(1)).get("token")!;
    const db = await tenantDb(created.tenant.id);
    const row = await db.prepare("select expires_at - created_at ttl from sign_in_tokens where tenant_id = ?").bind(created.tenant.id).first<{ ttl: number }>();
    expect(Math.round(row!.ttl / 60_000)).toBe(10);
    await db
      .prepare("update sign_in_tokens set expires_at = ? where tenant_id = ?")
      .bind(Date.now() - 1, created.tenant.id)
      .run();
    await expectError(new Client(`${body.slug}.localhost`).post("/api/v1/auth/sign-in-link", { token }), 400, "VALIDATION_ERROR", "token");
  });

  it("stores the password as a self-describing scrypt hash, never in clear", async () => {
    const body = valid();
    await data(root().post("/api/v1/tenants", body), 201);
    const row = await (await shopDb(body.slug))
      .prepare("select password_hash from users where email = ?")
      .bind(body.owner_email)
      .first<{ password_hash: string }>();
    expect(row!.password_hash).toMatch(/^scrypt\$N=16384,r=8,p=5\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    expect(row!.password_hash).not.toContain(PASSWORD);
  });

  it("is only served on the root host", async () => {
    const t = await createTenant();
    await expectError(t.owner.post("/api/v1/tenants", valid()), 404, "NOT_FOUND");
  });

  describe("refuses bad input without writing anything", () => {
    const cases: [string, () => Promise<Response>, number, string, string?][] = [
      [
        "malformed JSON",
        () => root().fetch("/api/v1/tenants", { method: "POST", headers: { "content-type": "application/json" }, body: "{not json" }),
        400,
        "INVALID_REQUEST",
      ],
      [
        "a missing field",
        () => {
          const { slug: _s, ...rest } = valid();
          return root().post("/api/v1/tenants", rest);
        },
        400,
        "VALIDATION_ERROR",
        "slug",
      ],
      ["a mistyped field", () => root().post("/api/v1/tenants", { ...valid(), name: 42 }), 400, "VALIDATION_ERROR", "name"],
      ["an unknown field", () => root().post("/api/v1/tenants", { ...valid(), plan: "gold" }), 400, "VALIDATION_ERROR", "plan"],
      ["a malformed e-mail", () => root().post("/api/v1/tenants", { ...valid(), owner_email: "not-an-email" }), 400, "VALIDATION_ERROR", "owner_email"],
      ["a short password", () => root().post("/api/v1/tenants", { ...valid(), owner_password: "short" }), 400, "VALIDATION_ERROR", "owner_password"],
      ["reserved slug www", () => root().post("/api/v1/tenants", valid("www")), 400, "VALIDATION_ERROR", "slug"],
      ["reserved slug api", () => root().post("/api/v1/tenants", valid("api")), 400, "VALIDATION_ERROR", "slug"],
      ["an uppercase slug", () => root().post("/api/v1/tenants", valid("AcmeFab")), 400, "VALIDATION_ERROR", "slug"],
      ["a 2-character slug", () => root().post("/api/v1/tenants", valid("ab")), 400, "VALIDATION_ERROR", "slug"],
      ["a 64-character slug", () => root().post("/api/v1/tenants", valid("a".repeat(64))), 400, "VALIDATION_ERROR", "slug"],
      ["a slug with a dot", () => root().post("/api/v1/tenants", valid("acme.fab")), 400, "VALIDATION_ERROR", "slug"],
      ["a trailing hyphen", () => root().post("/api/v1/tenants", valid("acme-")), 400, "VALIDATION_ERROR", "slug"],
      [
        "the wrong content type",
        () => root().fetch("/api/v1/tenants", { method: "POST", headers: { "content-type": "text/plain" }, body: JSON.stringify(valid()) }),
        415,
        "UNSUPPORTED_MEDIA_TYPE",
      ],
      ["an oversized body", () => root().post("/api/v1/tenants", { ...valid(), name: "x".repeat(300 * 1024) }), 413, "PAYLOAD_TOO_LARGE"],
    ];
    it.each(cases)("%s", async (_name, send, status, code, field) => {
      const [tenants, users] = [await tenantCount(), await userCount()];
      const body = await expectError(send(), status, code, field);
      expect(JSON.stringify(body)).not.toMatch(/at .*\.ts:\d+/); // never a stack trace
      expect([await tenantCount(), await userCount()]).toEqual([tenants, users]);
    });

    it("a duplicate slug is a 409 naming the field", async () => {
      const t = await createTenant();
      const [tenants, users] = [await tenantCount(), await userCount()];
      await expectError(root().post("/api/v1/tenants", valid(t.slug)), 409, "CONFLICT", "slug");
      expect([await tenantCount(), await userCount()]).toEqual([tenants, users]);
    });

    it("never echoes a password back in error details", async () => {
      const body = await expectError(root().post("/api/v1/tenants", { ...valid(), owner_password: "tiny" }), 400, "VALIDATION_ERROR", "owner_password");
      expect(JSON.stringify(body)).not.toContain("tiny");
    });
  });
});

describe("hosts", () => {
  it("an unknown host gets 404 in the error envelope under /api", async () => {
    await expectError(new Client("nobody-here.localhost").get("/api/v1/health"), 404, "NOT_FOUND");
    await expectError(new Client("quotes.unknown-shop.example").get("/api/v1/health"), 404, "NOT_FOUND");
  });

  it("an unknown host gets an HTML 404 page elsewhere", async () => {
    const res = await new Client("nobody-here.localhost").get("/");
    expect(res.status).toBe(404);
    expect(res.headers.get("content-type")).toContain("text/html");
    expect(await res.text()).toContain("No shop here");
  });

  it("ignores X-Forwarded-Host and tenant headers", async () => {
    const t = await createTenant();
    const res = await new Client("localhost").get("/api/v1/me", { headers: { "x-forwarded-host": t.host, "x-tenant": t.slug, cookie: t.owner.cookie } });
    await expectError(res, 404, "NOT_FOUND");
  });

  it("serves a tenant on its custom hostname", async () => {
    const t = await createTenant();
    await env.DB.prepare("insert into tenant_domains (hostname, tenant_id, verified_at) values (?, ?, ?)")
      .bind(`quotes.${t.slug}.example`, t.id, Date.now())
      .run();
    const custom = new Client(`quotes.${t.slug}.example`);
    await data(custom.post("/api/v1/auth/login", { email: t.ownerEmail, password: PASSWORD }));
    expect((await data<{ tenant: { slug: string } }>(custom.get("/api/v1/me"))).tenant.slug).toBe(t.slug);
  });

  it("puts X-Request-Id on every response and keeps a well-formed incoming one", async () => {
    const res = await root().get("/api/v1/health", { headers: { "x-request-id": "partner-trace-12345" } });
    expect(res.headers.get("x-request-id")).toBe("partner-trace-12345");
    const other = await root().get("/api/v1/nope");
    expect(other.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    await expectError(other, 404, "NOT_FOUND");
  });
});
