import { Secret, TOTP } from "otpauth";
import { describe, expect, it } from "vitest";
import { Client, createTenant, data, expectError, expectStatus, PASSWORD, registerCustomer, type TestTenant, tenantDb } from "./helpers.ts";
import { keyClient, userWithRole } from "./shop-fixture.ts";

const codeAt = (secret: string, at: number) => new TOTP({ secret: Secret.fromBase32(secret), digits: 6, period: 30 }).generate({ timestamp: at });
const login = (c: Client, email: string) => c.post("/api/v1/auth/login", { email, password: PASSWORD });

/** The owner enrolled: the secret, the recovery codes the confirmation showed once, and when its code was made. */
async function enrolled(t: TestTenant) {
  const at = Date.now();
  const { secret, otpauth_uri } = await data<{ secret: string; otpauth_uri: string }>(t.owner.post("/api/v1/me/mfa/totp"));
  expect(otpauth_uri).toMatch(/^otpauth:\/\/totp\/.+\?.*secret=/);
  expect(otpauth_uri).toContain(`secret=${secret}`);
  const { recovery_codes } = await data<{ recovery_codes: string[] }>(t.owner.post("/api/v1/me/mfa/totp/confirm", { code: codeAt(secret, at) }));
  return { secret, recovery_codes, at };
}

describe("two-step sign-in (TOTP)", () => {
  it("enrols with a confirmed code, then a password alone no longer signs in: the code does, once", async () => {
    const t = await createTenant();
    const { secret: pending } = await data<{ secret: string }>(t.owner.post("/api/v1/me/mfa/totp"));
    await expectError(t.owner.post("/api/v1/me/mfa/totp/confirm", { code: "000000" }), 422, "UNPROCESSABLE_ENTITY", "code");
    expect(await data(t.owner.get("/api/v1/me/mfa"))).toEqual({ enabled: false, recovery_codes_left: 0 });
    // Starting again replaces the unconfirmed secret.
    const { secret, recovery_codes, at } = await enrolled(t);
    expect(secret).not.toBe(pending);
    expect(recovery_codes).toHaveLength(10);
    expect(new Set(recovery_codes).size).toBe(10);
    expect(await data(t.owner.get("/api/v1/me/mfa"))).toEqual({ enabled: true, recovery_codes_left: 10 });
    await expectError(t.owner.post("/api/v1/me/mfa/totp"), 409, "CONFLICT", "totp");
    // Encrypted at rest.
    const row = await (await tenantDb(t.id)).prepare("select secret_enc from mfa_totp where tenant_id = ?").bind(t.id).first<{ secret_enc: string }>();
    expect(row!.secret_enc).not.toContain(secret);

    const phone = new Client(t.host);
    expect(await data(login(phone, t.ownerEmail))).toEqual({ mfa_required: true });
    await expectError(phone.get("/api/v1/me"), 401, "UNAUTHORIZED");
    // The code the enrolment used is spent, even inside its 30 s.
    await expectError(phone.post("/api/v1/auth/mfa", { code: codeAt(secret, at) }), 401, "UNAUTHORIZED", "code");
    const next = codeAt(secret, at + 30_000);
    expect(await data<{ user: { email: string } }>(phone.post("/api/v1/auth/mfa", { code: next }))).toMatchObject({ user: { email: t.ownerEmail } });
    expect((await data<{ user: { email: string } }>(phone.get("/api/v1/me"))).user.email).toBe(t.ownerEmail);
    // The same code again, on another device: refused.
    const other = new Client(t.host);
    await data(login(other, t.ownerEmail));
    await expectError(other.post("/api/v1/auth/mfa", { code: next }), 401, "UNAUTHORIZED", "code");
    // A code from an old window is not current.
    await expectError(other.post("/api/v1/auth/mfa", { code: codeAt(secret, at - 5 * 60_000) }), 401, "UNAUTHORIZED", "code");
    const failed = await (await tenantDb(t.id))
      .prepare("select count(*) as n from audit_log where tenant_id = ? and action = 'user.mfa_failed'")
      .bind(t.id)
      .first<{ n: number }>();
    expect(failed!.n).toBe(3);
  });

  it("a recovery code signs in once; wrong codes end the waiting sign-in; no challenge, no code", async () => {
    const t = await createTenant();
    const { secret, recovery_codes } = await enrolled(t);
    const c = new Client(t.host);
    await expectError(c.post("/api/v1/auth/mfa", { code: codeAt(secret, Date.now() + 30_000) }), 401, "UNAUTHORIZED");
    await data(login(c, t.ownerEmail));
    await data(c.post("/api/v1/auth/mfa", { code: recovery_codes[3].toUpperCase().replace(/-/g, " ") }));
    expect(await data(t.owner.get("/api/v1/me/mfa"))).toEqual({ enabled: true, recovery_codes_left: 9 });
    const again = new Client(t.host);
    await data(login(again, t.ownerEmail));
    await expectError(again.post("/api/v1/auth/mfa", { code: recovery_codes[3] }), 401, "UNAUTHORIZED", "code");
    // Five wrong codes in all: the sign-in must start again with the password, even with a right code now.
    for (let i = 0; i < 4; i++) await expectError(again.post("/api/v1/auth/mfa", { code: "123456" }), 401, "UNAUTHORIZED", "code");
    const body = await expectError(again.post("/api/v1/auth/mfa", { code: codeAt(secret, Date.now() + 30_000) }), 401, "UNAUTHORIZED");
    expect(body.error.message).toMatch(/sign in with your e-mail and password again/);
  });

  it("turns off with a code, not without; API keys cannot touch it", async () => {
    const t = await createTenant();
    const { secret } = await enrolled(t);
    await expectError(t.owner.fetch("/api/v1/me/mfa/totp", { method: "DELETE", json: { code: "111111" } }), 422, "UNPROCESSABLE_ENTITY", "code");
    expect(await data(t.owner.fetch("/api/v1/me/mfa/totp", { method: "DELETE", json: { code: codeAt(secret, Date.now() + 30_000) } }))).toEqual({
      enabled: false,
      recovery_codes_left: 0,
    });
    const c = new Client(t.host);
    expect(await data(login(c, t.ownerEmail))).toMatchObject({ user: { email: t.ownerEmail } });
    const key = await keyClient(t, ["quotes:read"]);
    await expectError(key.fetch("/api/v1/me/mfa/totp", { method: "POST" }), 403, "FORBIDDEN");
    await expectError(key.fetch("/api/v1/me/sessions"), 403, "FORBIDDEN");
  });
});

describe("sessions", () => {
  it("lists my sessions with their device and ends one elsewhere at once; another's session is not mine to end", async () => {
    const t = await createTenant();
    const laptop = new Client(t.host);
    await data(
      laptop.post(
        "/api/v1/auth/login",
        { email: t.ownerEmail, password: PASSWORD },
        { headers: { "user-agent": "Mozilla/5.0 (X11; Linux x86_64) Firefox/133.0" } },
      ),
    );
    const list = await data<{ id: string; user_agent: string | null; current: boolean; last_seen_at: string | null }[]>(t.owner.get("/api/v1/me/sessions"));
    expect(list).toHaveLength(2);
    expect(list.filter((s) => s.current)).toHaveLength(1);
    const other = list.find((s) => !s.current)!;
    expect(other.user_agent).toContain("Firefox/133.0");
    expect(other.last_seen_at).not.toBeNull();
    expect(await data(laptop.get("/api/v1/me"))).toBeTruthy();
    expect(await data(t.owner.delete(`/api/v1/me/sessions/${other.id}`))).toEqual({ signed_out: true });
    await expectError(laptop.get("/api/v1/me"), 401, "UNAUTHORIZED");
    await expectError(t.owner.delete(`/api/v1/me/sessions/${other.id}`), 404, "NOT_FOUND");
    // Another shop's owner cannot end this one's session.
    const mine = list.find((s) => s.current)!;
    const stranger = await createTenant();
    await expectError(stranger.owner.delete(`/api/v1/me/sessions/${mine.id}`), 404, "NOT_FOUND");
    expect(await data(t.owner.get("/api/v1/me"))).toBeTruthy();
  });
});

describe("the shop's two-step sign-in policy", () => {
  it("someone it applies to can only set it up until they do; others and API keys are not held", async () => {
    const t = await createTenant();
    const { client: buyer } = await registerCustomer(t.host);
    expect(await data(t.owner.get("/api/v1/tenant/security"))).toEqual({ mfa_required_for: [] });
    await expectError(
      t.owner.fetch("/api/v1/tenant/security", { method: "PATCH", json: { mfa_required_for: ["robots"] } }),
      400,
      "VALIDATION_ERROR",
      "mfa_required_for.0",
    );
    await expectError(buyer.fetch("/api/v1/tenant/security", { method: "PATCH", json: { mfa_required_for: [] } }), 403, "FORBIDDEN", "role");
    const key = await keyClient(t, ["quotes:read"]);
    expect(await data(t.owner.fetch("/api/v1/tenant/security", { method: "PATCH", json: { mfa_required_for: ["staff"] } }))).toEqual({
      mfa_required_for: ["staff"],
    });

    // The owner (staff) without it: who they are, and setting it up, nothing else.
    expect((await data<{ mfa: unknown }>(t.owner.get("/api/v1/me"))).mfa).toEqual({ enabled: false, required: true });
    const held = await expectError(t.owner.get("/api/v1/quotes"), 403, "FORBIDDEN", "mfa");
    expect(held.error.message).toMatch(/turn on two-step sign-in/);
    // Not the customer, whose group is not named; not the API key, which signs in with no person.
    await expectStatus(buyer.get("/api/v1/quotes"), 200);
    await expectStatus(key.fetch("/api/v1/quotes"), 200);

    await enrolled(t);
    expect((await data<{ mfa: unknown }>(t.owner.get("/api/v1/me"))).mfa).toEqual({ enabled: true, required: true });
    await expectStatus(t.owner.get("/api/v1/quotes"), 200);
    // Required: it stays on.
    await expectError(t.owner.fetch("/api/v1/me/mfa/totp", { method: "DELETE", json: { code: "123456" } }), 409, "CONFLICT", "totp");

    // Every customer account: the buyer is held now, on their next request.
    await data(t.owner.fetch("/api/v1/tenant/security", { method: "PATCH", json: { mfa_required_for: ["staff", "customers"] } }));
    await expectError(buyer.get("/api/v1/quotes"), 403, "FORBIDDEN", "mfa");
    await expectStatus(buyer.get("/api/v1/me/mfa"), 200);
  });

  it("customer admins only: the company's admin without it is held; its users and the staff are not", async () => {
    const t = await createTenant();
    const admin = await registerCustomer(t.host, "Company admin");
    const user = await userWithRole(t, "customer_user", admin.customerId);
    expect(await data(t.owner.fetch("/api/v1/tenant/security", { method: "PATCH", json: { mfa_required_for: ["customer_admins"] } }))).toEqual({
      mfa_required_for: ["customer_admins"],
    });
    expect((await data<{ mfa: unknown }>(admin.client.get("/api/v1/me"))).mfa).toEqual({ enabled: false, required: true });
    const held = await expectError(admin.client.get("/api/v1/quotes"), 403, "FORBIDDEN", "mfa");
    expect(held.error.message).toMatch(/turn on two-step sign-in/);
    await expectStatus(admin.client.get("/api/v1/me/mfa"), 200);
    // The company's user and the shop's owner (neither enrolled) go on as before.
    expect((await data<{ mfa: unknown }>(user.get("/api/v1/me"))).mfa).toEqual({ enabled: false, required: false });
    await expectStatus(user.get("/api/v1/quotes"), 200);
    expect((await data<{ mfa: unknown }>(t.owner.get("/api/v1/me"))).mfa).toEqual({ enabled: false, required: false });
    await expectStatus(t.owner.get("/api/v1/quotes"), 200);
  });
});
