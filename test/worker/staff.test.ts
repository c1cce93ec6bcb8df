import { env } from "cloudflare:workers";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { Client, createTenant, data, expectError, PASSWORD, registerCustomer, type TestTenant, scopeFor } from "./helpers.ts";
import { userWithRole } from "./shop-fixture.ts";
import { findStaff, removeStaffStatements } from "../../worker/db/staff.ts";
import { rows } from "./webhook-helpers.ts";

/** The shop's own staff: invited by e-mail with a one-time link, roles, removal, and the owner the shop always keeps (decision 63). */

type Member = { id: string; email: string; role: string; status: string; invitation_expires_at: string | null };
type Invited = { member: Member; invitation: { page_path: string; expires_at: string } };

const tokenOf = (pagePath: string) => decodeURIComponent(pagePath.split("#token=")[1]);
const uniqueEmail = (who: string) => `${who}-${crypto.randomUUID()}@staff.test`;

/** Signs in with e-mail and password in a fresh browser. */
async function signIn(t: TestTenant, email: string) {
  const client = new Client(t.host);
  await data(client.post("/api/v1/auth/login", { email, password: PASSWORD }));
  return client;
}

/** Invites `email` as `role` and accepts with the link of the invitation's answer: the member's id. */
async function join(t: TestTenant, inviter: Client, email: string, role: string) {
  const invited = await data<Invited>(inviter.post("/api/v1/staff", { email, role }), 201);
  await data(new Client(t.host).post("/api/v1/auth/set-password", { token: tokenOf(invited.invitation.page_path), password: PASSWORD }));
  return invited.member.id;
}

describe("staff invitations", () => {
  let t: TestTenant;
  let ownerId: string;

  beforeAll(async () => {
    t = await createTenant();
    [{ id: ownerId }] = await rows<{ id: string }>(t, "select id from users where tenant_id = ? and role = 'owner'", t.id);
  });

  afterEach(() => {
    vi.restoreAllMocks();
  });

  it("invite → the e-mail with the one-time link → set a password → signed in with the role", async () => {
    // The e-mails the notifications consumer hands to the `send_email` binding, as it hands them (the consumer runs in this isolate).
    const sent: EmailMessageBuilder[] = [];
    vi.spyOn(env.EMAIL, "send").mockImplementation(async (message) => {
      sent.push(message as EmailMessageBuilder);
      return { messageId: `test-${sent.length}` };
    });
    const email = uniqueEmail("sam");
    const invited = await data<Invited>(t.owner.post("/api/v1/staff", { email, role: "staff", name: "Sam Staff" }), 201);
    expect(invited.member).toMatchObject({ email, role: "staff", status: "invited" });
    expect(invited.member.invitation_expires_at).toBe(invited.invitation.expires_at);

    // The notifications queue writes the e-mail (never an in-app entry: they cannot sign in yet).
    await vi.waitFor(
      async () => {
        const [row] = await rows<{ email_state: string; email_to: string; in_app: number; body: string }>(
          t,
          "select email_state, email_to, in_app, body from notifications where tenant_id = ? and user_id = ? and type = 'member.invited'",
          t.id,
          invited.member.id,
        );
        expect(row).toMatchObject({ email_state: "sent", email_to: email, in_app: 0 });
        expect(row.body).toContain(`join the team of Shop ${t.slug} as Staff`);
      },
      { timeout: 15_000, interval: 100 },
    );
    const mail = sent.find((m) => m.to === email)!;
    expect(mail.subject).toBe(`You are invited to Shop ${t.slug}`);
    const link = /Set your password: (\S+)/.exec(mail.text!)![1];
    expect(link).toBe(`http://${t.host}${invited.invitation.page_path}`);

    const member = new Client(t.host);
    await data(member.post("/api/v1/auth/set-password", { token: tokenOf(new URL(link).hash), password: PASSWORD }));
    const me = await data<{ user: { id: string; role: string; customer_id: string | null } }>((await signIn(t, email)).get("/api/v1/me"));
    expect(me.user).toMatchObject({ id: invited.member.id, role: "staff", customer_id: null });
    // Staff work the shop's quotes; the shop's people are the owner's and admins' business.
    expect((await member.get("/api/v1/quotes")).status).toBe(200);
    await expectError(member.get("/api/v1/staff"), 403, "FORBIDDEN");

    const staff = await data<Member[]>(t.owner.get("/api/v1/staff"));
    expect(staff.map((m) => [m.id, m.role, m.status, m.invitation_expires_at])).toEqual([
      [ownerId, "owner", "active", null],
      [invited.member.id, "staff", "active", null],
    ]);
    const [audited] = await rows<{ actor_id: string }>(
      t,
      "select actor_id from audit_log where tenant_id = ? and action = 'user.invited' and target_id = ?",
      t.id,
      invited.member.id,
    );
    expect(audited.actor_id).toBe(ownerId);
  });

  it("lists pending invitations; asked again, an invited colleague gets a fresh link with the role now chosen, and the old link still works once", async () => {
    const email = uniqueEmail("pending");
    const first = await data<Invited>(t.owner.post("/api/v1/staff", { email, role: "staff" }), 201);
    const again = await data<Invited>(t.owner.post("/api/v1/staff", { email, role: "admin" }), 201);
    expect(again.member).toMatchObject({ id: first.member.id, role: "admin", status: "invited" });
    expect(again.invitation.page_path).not.toBe(first.invitation.page_path);
    expect((await data<Member[]>(t.owner.get("/api/v1/staff"))).find((m) => m.email === email)).toMatchObject({ status: "invited", role: "admin" });
    await data(new Client(t.host).post("/api/v1/auth/set-password", { token: tokenOf(again.invitation.page_path), password: PASSWORD }));
    // Once a password is set the colleague is no longer invited: the same e-mail is taken.
    await expectError(t.owner.post("/api/v1/staff", { email, role: "staff" }), 409, "CONFLICT", "email");
  });

  it("refuses e-mails that already belong to someone at this shop: a colleague, the owner, a customer (409 naming email)", async () => {
    const customer = await registerCustomer(t.host, "Buyer");
    for (const email of [t.ownerEmail, customer.email, customer.email.toUpperCase()]) {
      await expectError(t.owner.post("/api/v1/staff", { email, role: "staff" }), 409, "CONFLICT", "email");
    }
    expect((await data<{ user: { role: string } }>(customer.client.get("/api/v1/me"))).user.role).toBe("customer_admin");
  });

  it("bad input is a 422 naming the field, and nothing is written", async () => {
    const before = await rows<{ n: number }>(t, "select count(*) n from users where tenant_id = ?", t.id);
    await expectError(t.owner.post("/api/v1/staff", { email: "not an e-mail", role: "staff" }), 422, "UNPROCESSABLE_ENTITY", "email");
    await expectError(t.owner.post("/api/v1/staff", { email: uniqueEmail("x"), role: "customer_admin" }), 422, "UNPROCESSABLE_ENTITY", "role");
    await expectError(t.owner.post("/api/v1/staff", { email: uniqueEmail("x"), role: "boss" }), 422, "UNPROCESSABLE_ENTITY", "role");
    await expectError(t.owner.post("/api/v1/staff", { role: "staff" }), 400, "VALIDATION_ERROR", "email");
    await expectError(t.owner.post("/api/v1/staff", { email: uniqueEmail("x"), role: "staff", admin: true }), 400, "VALIDATION_ERROR", "admin");
    await expectError(t.owner.fetch(`/api/v1/staff/${ownerId}`, { method: "PATCH", json: { role: "customer_user" } }), 422, "UNPROCESSABLE_ENTITY", "role");
    expect(await rows(t, "select count(*) n from users where tenant_id = ?", t.id)).toEqual(before);
  });

  it("changes a role (audited); a customer's account or an unknown id is no staff member (404)", async () => {
    const id = await join(t, t.owner, uniqueEmail("promoted"), "staff");
    expect(await data(t.owner.fetch(`/api/v1/staff/${id}`, { method: "PATCH", json: { role: "admin" } }))).toMatchObject({ id, role: "admin" });
    const [entry] = await rows<{ data: string }>(
      t,
      "select data from audit_log where tenant_id = ? and action = 'staff.role_changed' and target_id = ?",
      t.id,
      id,
    );
    expect(JSON.parse(entry.data)).toEqual({ from: "staff", to: "admin" });
    const customer = await registerCustomer(t.host, "Not staff");
    await expectError(t.owner.fetch(`/api/v1/staff/${customer.userId}`, { method: "PATCH", json: { role: "admin" } }), 404, "NOT_FOUND");
    await expectError(t.owner.delete(`/api/v1/staff/${customer.userId}`), 404, "NOT_FOUND");
    await expectError(t.owner.delete(`/api/v1/staff/${crypto.randomUUID()}`), 404, "NOT_FOUND");
    expect((await customer.client.get("/api/v1/me")).status).toBe(200);
  });

  it("only an owner makes, changes or removes an owner (403 naming role); an admin invites admins and staff", async () => {
    const admin = await userWithRole(t, "admin");
    await expectError(admin.post("/api/v1/staff", { email: uniqueEmail("o"), role: "owner" }), 403, "FORBIDDEN", "role");
    await expectError(admin.fetch(`/api/v1/staff/${ownerId}`, { method: "PATCH", json: { role: "staff" } }), 403, "FORBIDDEN", "role");
    await expectError(admin.delete(`/api/v1/staff/${ownerId}`), 403, "FORBIDDEN", "role");
    const id = await join(t, admin, uniqueEmail("by-admin"), "staff");
    await expectError(admin.fetch(`/api/v1/staff/${id}`, { method: "PATCH", json: { role: "owner" } }), 403, "FORBIDDEN", "role");
    expect(await data(admin.fetch(`/api/v1/staff/${id}`, { method: "PATCH", json: { role: "admin" } }))).toMatchObject({ role: "admin" });
    expect(await data<{ user: { role: string } }>(t.owner.get("/api/v1/me"))).toMatchObject({ user: { role: "owner" } });
  });

  it("a removed colleague's sessions and API keys end at once, with their invitations", async () => {
    const email = uniqueEmail("leaver");
    const id = await join(t, t.owner, email, "admin");
    const [laptop, phone] = [await signIn(t, email), await signIn(t, email)];
    const { key } = await data<{ key: string }>(laptop.post("/api/v1/api-keys", { name: "ERP", scopes: ["quotes:read"] }), 201);
    const bearer = () => new Client(t.host).get("/api/v1/quotes", { headers: { authorization: `Bearer ${key}` } });
    expect((await bearer()).status).toBe(200);
    expect(await data(t.owner.delete(`/api/v1/staff/${id}`))).toEqual({ removed: true });
    await expectError(laptop.get("/api/v1/me"), 401, "UNAUTHORIZED");
    await expectError(phone.get("/api/v1/me"), 401, "UNAUTHORIZED");
    await expectError(bearer(), 401, "UNAUTHORIZED");
    await expectError(new Client(t.host).post("/api/v1/auth/login", { email, password: PASSWORD }), 401, "UNAUTHORIZED");
    const left = await rows<{ n: number }>(
      t,
      "select (select count(*) from sessions where user_id = ?1) + (select count(*) from password_tokens where user_id = ?1) + (select count(*) from users where id = ?1) n",
      id,
    );
    expect(left[0].n).toBe(0);
    expect(await rows(t, "select revoked_at from api_keys where tenant_id = ? and revoked_at is null and name = 'ERP'", t.id)).toEqual([]);
    const [entry] = await rows<{ actor_id: string; data: string }>(
      t,
      "select actor_id, data from audit_log where tenant_id = ? and action = 'staff.removed' and target_id = ?",
      t.id,
      id,
    );
    expect(entry.actor_id).toBe(ownerId);
    expect(JSON.parse(entry.data)).toEqual({ email, role: "admin" });
    await expectError(t.owner.delete(`/api/v1/staff/${id}`), 404, "NOT_FOUND");
  });

  it("the last owner can never be removed or demoted (409); an invited owner does not count until they set a password", async () => {
    const shop = await createTenant();
    const [{ id: first }] = await rows<{ id: string }>(shop, "select id from users where tenant_id = ? and role = 'owner'", shop.id);
    await expectError(shop.owner.delete(`/api/v1/staff/${first}`), 409, "CONFLICT", "id");
    await expectError(shop.owner.fetch(`/api/v1/staff/${first}`, { method: "PATCH", json: { role: "admin" } }), 409, "CONFLICT", "id");
    const email = uniqueEmail("co-owner");
    const invited = await data<Invited>(shop.owner.post("/api/v1/staff", { email, role: "owner" }), 201);
    await expectError(shop.owner.delete(`/api/v1/staff/${first}`), 409, "CONFLICT", "id");
    expect(await rows(shop, "select id from audit_log where tenant_id = ? and action in ('staff.removed', 'staff.role_changed')", shop.id)).toEqual([]);
    expect((await shop.owner.get("/api/v1/me")).status).toBe(200);

    await data(new Client(shop.host).post("/api/v1/auth/set-password", { token: tokenOf(invited.invitation.page_path), password: PASSWORD }));
    const second = await signIn(shop, email);
    // Two owners: one may step down; then the other is the last and stays.
    expect(await data(shop.owner.fetch(`/api/v1/staff/${first}`, { method: "PATCH", json: { role: "admin" } }))).toMatchObject({ role: "admin" });
    await expectError(second.delete(`/api/v1/staff/${invited.member.id}`), 409, "CONFLICT", "id");
    expect(await data(second.delete(`/api/v1/staff/${first}`))).toEqual({ removed: true });
    expect((await data<Member[]>(second.get("/api/v1/staff"))).map((m) => [m.email, m.role])).toEqual([[email, "owner"]]);
  });

  it("two owners removing each other at once leave one: the guard is checked when each batch runs, not when it was read", async () => {
    const shop = await createTenant();
    const [{ id: first }] = await rows<{ id: string }>(shop, "select id from users where tenant_id = ? and role = 'owner'", shop.id);
    const email = uniqueEmail("rival");
    const second = await join(shop, shop.owner, email, "owner");
    const scope = await scopeFor(shop.id);
    // Both read while each still has the other: each request would pass a check made before its batch.
    const [a, b] = [(await findStaff(scope, first))!, (await findStaff(scope, second))!];
    const entry = (actor: string, target: string) => ({
      actor_type: "user" as const,
      actor_id: actor,
      action: "staff.removed",
      target_type: "user",
      target_id: target,
    });
    const run = (statements: ReturnType<typeof removeStaffStatements>) => scope.db.batch(statements as unknown as Parameters<typeof scope.db.batch>[0]);
    const firstRemovesSecond = await run(removeStaffStatements(scope, b, entry(first, second)));
    const secondRemovesFirst = await run(removeStaffStatements(scope, a, entry(second, first)));
    expect([firstRemovesSecond.at(-1), secondRemovesFirst.at(-1)].map((r) => (r as { meta: { changes: number } }).meta.changes)).toEqual([1, 0]);
    expect(await rows(shop, "select id from users where tenant_id = ? and role = 'owner'", shop.id)).toEqual([{ id: first }]);
    expect(
      (await rows<{ target_id: string }>(shop, "select target_id from audit_log where tenant_id = ? and action = 'staff.removed'", shop.id)).map(
        (r) => r.target_id,
      ),
    ).toEqual([second]);
    expect((await shop.owner.get("/api/v1/me")).status).toBe(200);
  });
});
