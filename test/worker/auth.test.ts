import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { sha256Hex } from "../../worker/auth/tokens.ts";
import { isBookmarkCookie } from "../../worker/middleware/bookmark-cookie.ts";
import { Client, PASSWORD, createTenant, data, expectError, expectStatus, registerCustomer, uniqueSlug, tenantDb } from "./helpers.ts";

/** The cookies an answer sets, but the D1 bookmark every write carries (decision 0062). */
const sessionCookies = (res: Response) => res.headers.getSetCookie().filter((c) => !isBookmarkCookie(c));

describe("register, login, logout", () => {
  it("registers a customer_admin of a new company, who then signs in", async () => {
    const t = await createTenant();
    const c = new Client(t.host);
    const registered = await c.post("/api/v1/auth/register", { email: "Ada@Example.TEST", password: PASSWORD, name: "Ada", company: "Ada Robotics" });
    expect(registered.status).toBe(202);
    expect(sessionCookies(registered)).toEqual([]);
    const res = await c.post("/api/v1/auth/login", { email: "ada@example.test", password: PASSWORD });
    expect(res.status).toBe(200);
    const [cookie] = sessionCookies(res);
    expect(cookie).toMatch(/^fq_session=[A-Za-z0-9_-]{43};/);
    expect(cookie).toContain("HttpOnly");
    expect(cookie).toContain("SameSite=Lax");
    expect(cookie).toContain("Path=/");
    const me = await data<{ user: { email: string; role: string; customer_id: string }; tenant: { slug: string } }>(c.get("/api/v1/me"));
    expect(me.user).toMatchObject({ email: "ada@example.test", role: "customer_admin" });
    expect(me.tenant.slug).toBe(t.slug);
    const company = await data<{ name: string }>(c.get(`/api/v1/customers/${me.user.customer_id}`));
    expect(company.name).toBe("Ada Robotics");
  });

  it("stores only the hash of the session token", async () => {
    const t = await createTenant();
    const { client } = await registerCustomer(t.host);
    const token = /(?:^|; )fq_session=([^;]+)/.exec(client.cookie)?.[1];
    expect(token).toBeDefined();
    const rows = await (await tenantDb(t.id)).prepare("select token_hash from sessions where tenant_id = ?").bind(t.id).all<{ token_hash: string }>();
    expect(rows.results.length).toBeGreaterThan(0);
    expect(rows.results.every((r) => r.token_hash !== token && /^[0-9a-f]{64}$/.test(r.token_hash))).toBe(true);
  });

  it("logs out and in again", async () => {
    const t = await createTenant();
    const { client, email } = await registerCustomer(t.host);
    const old = client.cookie;
    await data(client.post("/api/v1/auth/logout"));
    expect(client.cookie).not.toContain("fq_session");
    await expectError(client.get("/api/v1/me"), 401, "UNAUTHORIZED");
    // The old cookie is dead on the server too, not only forgotten by the browser.
    await expectError(client.get("/api/v1/me", { headers: { cookie: old } }), 401, "UNAUTHORIZED");
    await data(client.post("/api/v1/auth/login", { email, password: PASSWORD }));
    expect((await data<{ user: { email: string } }>(client.get("/api/v1/me"))).user.email).toBe(email);
  });

  it("a wrong password and an unknown e-mail get the same 401", async () => {
    const t = await createTenant();
    const { email } = await registerCustomer(t.host);
    const wrong = await expectError(new Client(t.host).post("/api/v1/auth/login", { email, password: "not the password" }), 401, "UNAUTHORIZED");
    const unknown = await expectError(
      new Client(t.host).post("/api/v1/auth/login", { email: "nobody@example.test", password: "not the password" }),
      401,
      "UNAUTHORIZED",
    );
    expect(wrong.error).toEqual(unknown.error);
  });

  it("a user of one shop cannot sign in on another", async () => {
    const [a, b] = [await createTenant(), await createTenant()];
    await expectError(new Client(b.host).post("/api/v1/auth/login", { email: a.ownerEmail, password: PASSWORD }), 401, "UNAUTHORIZED");
  });

  it("a known e-mail (a customer's or staff's) gets the same answer as a new one, changes nothing, and the reason is logged", async () => {
    const t = await createTenant();
    const { email, userId } = await registerCustomer(t.host);
    const fresh = await new Client(t.host).post("/api/v1/auth/register", { email: `new-${crypto.randomUUID()}@example.test`, password: PASSWORD, name: "New" });
    const before = (await (await tenantDb(t.id)).prepare("select count(*) n from customers where tenant_id = ?").bind(t.id).first<{ n: number }>())!.n;
    const known = await new Client(t.host).post("/api/v1/auth/register", { email: email.toUpperCase(), password: "another password 42", name: "Again" });
    const staff = await new Client(t.host).post("/api/v1/auth/register", { email: t.ownerEmail, password: "another password 42", name: "Again" });
    const strip = async (res: Response) => ({ status: res.status, data: (await res.json<{ data: unknown }>()).data, cookie: sessionCookies(res) });
    const expected = await strip(fresh);
    expect(expected.status).toBe(202);
    expect(await strip(known)).toEqual(expected);
    expect(await strip(staff)).toEqual(expected);
    const after = (await (await tenantDb(t.id)).prepare("select count(*) n from customers where tenant_id = ?").bind(t.id).first<{ n: number }>())!.n;
    expect(after).toBe(before);
    await expectStatus(new Client(t.host).post("/api/v1/auth/login", { email, password: PASSWORD }), 200);
    const logged = await (await tenantDb(t.id))
      .prepare("select data from audit_log where tenant_id = ? and action = 'user.registration_refused' and target_id = ?")
      .bind(t.id, userId)
      .first<{ data: string }>();
    expect(JSON.parse(logged!.data)).toMatchObject({ reason: "e-mail already registered" });
  });

  it("the same e-mail may register on two shops", async () => {
    const [a, b] = [await createTenant(), await createTenant()];
    for (const shop of [a, b]) {
      await data(new Client(shop.host).post("/api/v1/auth/register", { email: "same@example.test", password: PASSWORD, name: "Same" }), 202);
      await expectStatus(new Client(shop.host).post("/api/v1/auth/login", { email: "same@example.test", password: PASSWORD }), 200);
    }
  });

  it("refuses a common password that meets the length rule, for customers and shop owners alike", async () => {
    const t = await createTenant();
    for (const password of ["password1234", "1234567890", "Qwertyuiop", "aaaaaaaaaaaa", "abcabcabcabc"]) {
      await expectError(
        new Client(t.host).post("/api/v1/auth/register", { email: "x@example.test", password, name: "X" }),
        400,
        "VALIDATION_ERROR",
        "password",
      );
    }
    await expectError(
      new Client("localhost").post("/api/v1/tenants", { name: "Weak", slug: uniqueSlug(), owner_email: "o@example.test", owner_password: "iloveyou123" }),
      400,
      "VALIDATION_ERROR",
      "owner_password",
    );
    await data(new Client(t.host).post("/api/v1/auth/register", { email: "x@example.test", password: "plywood offcut 42", name: "X" }), 202);
  });

  it("rejects bad registration input by field", async () => {
    const t = await createTenant();
    const c = new Client(t.host);
    await expectError(c.post("/api/v1/auth/register", { email: "x@example.test", password: PASSWORD }), 400, "VALIDATION_ERROR", "name");
    await expectError(
      c.post("/api/v1/auth/register", { email: "x@example.test", password: PASSWORD, name: "X", role: "owner" }),
      400,
      "VALIDATION_ERROR",
      "role",
    );
    await expectError(c.post("/api/v1/auth/register", { email: ["x"], password: PASSWORD, name: "X" }), 400, "VALIDATION_ERROR", "email");
    await expectError(
      c.fetch("/api/v1/auth/login", { method: "POST", headers: { "content-type": "application/json" }, body: '{"email":' }),
      400,
      "INVALID_REQUEST",
    );
    await expectError(
      c.fetch("/api/v1/auth/login", { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: "email=a" }),
      415,
      "UNSUPPORTED_MEDIA_TYPE",
    );
  });

  it("auth endpoints are not served on the root host", async () => {
    await expectError(new Client("localhost").post("/api/v1/auth/login", { email: "a@b.test", password: PASSWORD }), 404, "NOT_FOUND");
  });
});

describe("set-password", () => {
  it("an expired or used token sets nothing; a live one sets the password once and voids the user's other tokens", async () => {
    const t = await createTenant();
    const { email, userId } = await registerCustomer(t.host);
    const issue = async (token: string, expiresAt: number) =>
      (await tenantDb(t.id))
        .prepare("insert into password_tokens (tenant_id, token_hash, user_id, expires_at, created_at) values (?, ?, ?, ?, ?)")
        .bind(t.id, await sha256Hex(token), userId, expiresAt, Date.now())
        .run();
    await issue("expired-token", Date.now() - 1000);
    await issue("live-token", Date.now() + 60_000);
    await issue("older-token", Date.now() + 60_000);
    const setPassword = (token: string, password: string) => new Client(t.host).post("/api/v1/auth/set-password", { token, password });

    await expectError(setPassword("expired-token", "expired password"), 400, "VALIDATION_ERROR", "token");
    await expectError(new Client(t.host).post("/api/v1/auth/login", { email, password: "expired password" }), 401, "UNAUTHORIZED");
    await data(setPassword("live-token", "the new password"));
    await data(new Client(t.host).post("/api/v1/auth/login", { email, password: "the new password" }));
    await expectError(setPassword("live-token", "used password"), 400, "VALIDATION_ERROR", "token");
    await expectError(setPassword("older-token", "older password"), 400, "VALIDATION_ERROR", "token");
    await data(new Client(t.host).post("/api/v1/auth/login", { email, password: "the new password" }));
    const left = await (await tenantDb(t.id))
      .prepare("select count(*) n from password_tokens where user_id = ? and used_at is null")
      .bind(userId)
      .first<{ n: number }>();
    expect(left!.n).toBe(0);
  });
});

describe("sessions", () => {
  it("an expired session cookie is not signed in", async () => {
    const t = await createTenant();
    const { client, userId } = await registerCustomer(t.host);
    await (await tenantDb(t.id))
      .prepare("update sessions set expires_at = ? where user_id = ?")
      .bind(Date.now() - 1000, userId)
      .run();
    await expectError(client.get("/api/v1/me"), 401, "UNAUTHORIZED");
  });

  it("a forged session cookie is not signed in", async () => {
    const t = await createTenant();
    await expectError(
      new Client(t.host).get("/api/v1/me", { headers: { cookie: "fq_session=forged-token-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa" } }),
      401,
      "UNAUTHORIZED",
    );
  });

  it("a session of one shop is worthless on another", async () => {
    const [a, b] = [await createTenant(), await createTenant()];
    await expectError(new Client(b.host).get("/api/v1/me", { headers: { cookie: a.owner.cookie } }), 401, "UNAUTHORIZED");
  });

  it("refuses a cookie-authenticated unsafe request from another origin", async () => {
    const t = await createTenant();
    const { client } = await registerCustomer(t.host);
    await expectError(client.post("/api/v1/auth/logout", undefined, { headers: { origin: "https://evil.example" } }), 403, "FORBIDDEN", "Origin");
    await expectError(client.fetch("/api/v1/auth/logout", { method: "POST", headers: { origin: "" } }), 403, "FORBIDDEN");
    expect((await client.get("/api/v1/me")).status).toBe(200);
  });

  it("the scheduled sweep deletes expired sessions", async () => {
    const t = await createTenant();
    const { userId } = await registerCustomer(t.host);
    await (await tenantDb(t.id)).prepare("update sessions set expires_at = 1 where user_id = ?").bind(userId).run();
    const { createScheduledController } = await import("cloudflare:test");
    const worker = (await import("../../worker/index.ts")).default;
    await worker.scheduled(createScheduledController(), env);
    const left = await (await tenantDb(t.id)).prepare("select count(*) n from sessions where user_id = ?").bind(userId).first<{ n: number }>();
    expect(left!.n).toBe(0);
  });
});

describe("rate limits", () => {
  it("failed logins from many places never lock the right password out, and the owner is told", async () => {
    const t = await createTenant();
    const { email, userId } = await registerCustomer(t.host);
    for (let i = 0; i < 11; i++) {
      // A new client (new IP) each time: what an attacker elsewhere can do to someone's account.
      await expectError(new Client(t.host).post("/api/v1/auth/login", { email, password: "wrong password!" }), 401, "UNAUTHORIZED");
    }
    await expectStatus(new Client(t.host).post("/api/v1/auth/login", { email, password: PASSWORD }), 200);
    const notices = await (await tenantDb(t.id))
      .prepare("select data from audit_log where tenant_id = ? and action = 'user.login_failures_notice' and target_id = ?")
      .bind(t.id, userId)
      .all<{ data: string }>();
    expect(notices.results).toHaveLength(1);
    expect(JSON.parse(notices.results[0].data)).toMatchObject({ failed_attempts: 10, window_minutes: 15 });
  });

  it("login is limited per IP across e-mails", async () => {
    const t = await createTenant();
    const c = new Client(t.host);
    const statuses: number[] = [];
    for (let i = 0; i < 15; i++) statuses.push((await c.post("/api/v1/auth/login", { email: `n${i}@example.test`, password: "wrong password!" })).status);
    expect(statuses).toContain(429);
    expect(statuses.slice(0, 5).every((s) => s === 401)).toBe(true);
  });
});
