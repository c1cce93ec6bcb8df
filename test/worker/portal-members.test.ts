import { beforeAll, describe, expect, it } from "vitest";
import { binaryStl, boxTriangles } from "./fixtures.ts";
import { Client, createTenant, data, expectError, PASSWORD, registerCustomer, type TestTenant, tenantDb } from "./helpers.ts";
import { createSource, postEvent, rows, waitForEvent } from "./webhook-helpers.ts";

/** Company members (invited by one-time link, roles, removal) and projects (issue 14). */

type Invited = { member: { id: string; role: string; status: string }; invitation: { page_path: string; expires_at: string } };
type Project = { id: string; number: string; member_ids: string[]; customer_id: string };

const tokenOf = (invited: Invited) => decodeURIComponent(invited.invitation.page_path.split("#token=")[1]);

/** Invites `email` as `role` and accepts the invitation in a fresh browser: the member's client, signed in. */
async function join(t: TestTenant, admin: Client, email: string, role: string) {
  const invited = await data<Invited>(admin.post("/api/v1/company/members", { email, role }), 201);
  expect(invited.member).toMatchObject({ role, status: "invited" });
  const member = new Client(t.host);
  await data(member.post("/api/v1/auth/set-password", { token: tokenOf(invited), password: PASSWORD }));
  return { client: member, id: invited.member.id, invited };
}

describe("company members and projects", () => {
  let t: TestTenant;
  let admin: Awaited<ReturnType<typeof registerCustomer>>;
  let user: Awaited<ReturnType<typeof join>>;
  let viewer: Awaited<ReturnType<typeof join>>;
  let assigned: Project;
  let other: Project;

  beforeAll(async () => {
    t = await createTenant();
    admin = await registerCustomer(t.host, "Ada Admin");
    user = await join(t, admin.client, `user-${t.id}@example.test`, "customer_user");
    viewer = await join(t, admin.client, `viewer-${t.id}@example.test`, "customer_viewer");
    assigned = await data<Project>(admin.client.post("/api/v1/projects", { name: "Riverside", reference: "RS-1", member_ids: [user.id, viewer.id] }), 201);
    other = await data<Project>(admin.client.post("/api/v1/projects", { name: "Harbour" }), 201);
  }, 60_000);

  it("lists the company's members with their roles, active once they set a password", async () => {
    const members = await data<{ id: string; role: string; status: string }[]>(admin.client.get("/api/v1/company/members"));
    expect(members.map((m) => [m.id, m.role, m.status])).toEqual([
      [admin.userId, "customer_admin", "active"],
      [user.id, "customer_user", "active"],
      [viewer.id, "customer_viewer", "active"],
    ]);
  });

  it("numbers projects PRJ-YYYY-NNN per shop, gapless", () => {
    const year = new Date().getUTCFullYear();
    expect([assigned.number, other.number]).toEqual([`PRJ-${year}-001`, `PRJ-${year}-002`]);
    expect(assigned.member_ids.toSorted()).toEqual([user.id, viewer.id].toSorted());
  });

  it("a customer_user and a viewer see only their assigned projects; another project is 404, as another company's", async () => {
    for (const m of [user, viewer]) {
      expect((await data<Project[]>(m.client.get("/api/v1/projects"))).map((p) => p.id)).toEqual([assigned.id]);
      expect((await data<Project>(m.client.get(`/api/v1/projects/${assigned.id}`))).id).toBe(assigned.id);
      await expectError(m.client.get(`/api/v1/projects/${other.id}`), 404, "NOT_FOUND");
    }
    expect((await data<Project[]>(admin.client.get("/api/v1/projects"))).map((p) => p.id)).toEqual([other.id, assigned.id]);
    const stranger = await registerCustomer(t.host, "Stranger");
    await expectError(stranger.client.get(`/api/v1/projects/${assigned.id}`), 404, "NOT_FOUND");
    expect(await data<Project[]>(stranger.client.get("/api/v1/projects"))).toEqual([]);
    expect((await data<Project[]>(t.owner.get("/api/v1/projects"))).map((p) => p.id)).toEqual(expect.arrayContaining([assigned.id, other.id]));
  });

  it("a viewer cannot request quotes, accept them, manage members or projects (403)", async () => {
    await expectError(viewer.client.post("/api/v1/quotes", { items: [{ model_id: "x", process: "fff", material: "pla", quantity: 1 }] }), 403, "FORBIDDEN");
    await expectError(viewer.client.post(`/api/v1/quotes/${crypto.randomUUID()}/accept`), 403, "FORBIDDEN");
    await expectError(viewer.client.post("/api/v1/company/members", { email: "x@example.test", role: "customer_user" }), 403, "FORBIDDEN");
    await expectError(user.client.get("/api/v1/company/members"), 403, "FORBIDDEN");
    await expectError(user.client.post("/api/v1/projects", { name: "Mine" }), 403, "FORBIDDEN");
    await expectError(viewer.client.fetch(`/api/v1/projects/${assigned.id}`, { method: "PATCH", json: { name: "x" } }), 403, "FORBIDDEN");
  });

  it("refuses bad project input naming the field: members of another company, staff without a company", async () => {
    const stranger = await registerCustomer(t.host, "Outsider");
    const bad = await expectError(
      admin.client.post("/api/v1/projects", { name: "X", member_ids: [stranger.userId] }),
      422,
      "UNPROCESSABLE_ENTITY",
      "member_ids",
    );
    expect(bad.error.details[0].value).toEqual([stranger.userId]);
    await expectError(admin.client.post("/api/v1/projects", { name: "" }), 400, "VALIDATION_ERROR", "name");
    await expectError(t.owner.post("/api/v1/projects", { name: "X" }), 400, "VALIDATION_ERROR", "customer_id");
    await expectError(t.owner.post("/api/v1/projects", { name: "X", customer_id: crypto.randomUUID() }), 404, "NOT_FOUND");
    await expectError(admin.client.post("/api/v1/projects", { name: "X", customer_id: stranger.customerId }), 404, "NOT_FOUND");
  });

  it("puts a quote in a project of its company (create and PATCH); another company's project is 404, unassigned 404", async () => {
    const model = await data<{ id: string }>(
      admin.client.fetch("/api/v1/models?filename=p.stl", { method: "POST", body: binaryStl(boxTriangles([5, 5, 5])) }),
      202,
    );
    const item = { model_id: model.id, process: "fff", material: "pla", quantity: 1 };
    const quote = await data<{ id: string; project_id: string | null }>(admin.client.post("/api/v1/quotes", { items: [item], project_id: assigned.id }), 201);
    expect(quote.project_id).toBe(assigned.id);
    const detail = await data<{ quotes: { id: string }[]; documents: { kind: string; path: string }[] }>(user.client.get(`/api/v1/projects/${assigned.id}`));
    expect(detail.quotes.map((q) => q.id)).toEqual([quote.id]);
    expect(detail.documents).toContainEqual(expect.objectContaining({ kind: "quote", path: `/api/v1/quotes/${quote.id}/pdf` }));
    const moved = await data<{ project_id: string | null }>(
      admin.client.fetch(`/api/v1/quotes/${quote.id}`, { method: "PATCH", json: { project_id: other.id } }),
    );
    expect(moved.project_id).toBe(other.id);
    const stranger = await registerCustomer(t.host, "Elsewhere");
    const theirs = await data<Project>(stranger.client.post("/api/v1/projects", { name: "Theirs" }), 201);
    await expectError(admin.client.fetch(`/api/v1/quotes/${quote.id}`, { method: "PATCH", json: { project_id: theirs.id } }), 404, "NOT_FOUND");
    // The shop sees every project, but a quote stays in its own company's.
    await expectError(
      t.owner.fetch(`/api/v1/quotes/${quote.id}`, { method: "PATCH", json: { project_id: theirs.id } }),
      422,
      "UNPROCESSABLE_ENTITY",
      "project_id",
    );
    // A customer_user may put a quote only in a project assigned to them.
    const own = await data<{ id: string }>(user.client.post("/api/v1/quotes", { items: [item] }), 201);
    await expectError(user.client.fetch(`/api/v1/quotes/${own.id}`, { method: "PATCH", json: { project_id: other.id } }), 404, "NOT_FOUND");
  });

  it("a company's users and viewers see a project's quotes only when assigned to it; quotes outside projects stay the company's", async () => {
    const model = await data<{ id: string }>(
      admin.client.fetch("/api/v1/models?filename=q.stl", { method: "POST", body: binaryStl(boxTriangles([6, 6, 6])) }),
      202,
    );
    const item = { model_id: model.id, process: "fff", material: "pla", quantity: 1 };
    const inAssigned = await data<{ id: string }>(admin.client.post("/api/v1/quotes", { items: [item], project_id: assigned.id }), 201);
    const inOther = await data<{ id: string }>(admin.client.post("/api/v1/quotes", { items: [item], project_id: other.id }), 201);
    const loose = await data<{ id: string }>(admin.client.post("/api/v1/quotes", { items: [item] }), 201);
    for (const m of [user, viewer]) {
      const listed = (await data<{ id: string }[]>(m.client.get("/api/v1/quotes?limit=100"))).map((q) => q.id);
      expect(listed).toEqual(expect.arrayContaining([inAssigned.id, loose.id]));
      expect(listed).not.toContain(inOther.id);
      await expectError(m.client.get(`/api/v1/quotes/${inOther.id}`), 404, "NOT_FOUND");
      expect((await data<{ id: string }>(m.client.get(`/api/v1/quotes/${inAssigned.id}`))).id).toBe(inAssigned.id);
    }
    // The company's admin sees them all.
    const all = (await data<{ id: string }[]>(admin.client.get("/api/v1/quotes?limit=100"))).map((q) => q.id);
    expect(all).toEqual(expect.arrayContaining([inAssigned.id, inOther.id, loose.id]));
  });

  it("changes a member's role; an admin cannot demote or remove themselves", async () => {
    const m = await join(t, admin.client, `role-${t.id}@example.test`, "customer_viewer");
    expect(await data(admin.client.fetch(`/api/v1/company/members/${m.id}`, { method: "PATCH", json: { role: "customer_user" } }))).toMatchObject({
      role: "customer_user",
    });
    await expectError(
      admin.client.fetch(`/api/v1/company/members/${admin.userId}`, { method: "PATCH", json: { role: "customer_user" } }),
      409,
      "CONFLICT",
      "id",
    );
    await expectError(admin.client.delete(`/api/v1/company/members/${admin.userId}`), 409, "CONFLICT", "id");
    await expectError(admin.client.fetch(`/api/v1/company/members/${m.id}`, { method: "PATCH", json: { role: "owner" } }), 400, "VALIDATION_ERROR", "role");
    // Staff accounts and other companies' members are no member of this company.
    const [owner] = await rows<{ id: string }>(t, "select id from users where tenant_id = ? and role = 'owner'", t.id);
    await expectError(admin.client.fetch(`/api/v1/company/members/${owner.id}`, { method: "PATCH", json: { role: "customer_user" } }), 404, "NOT_FOUND");
    const stranger = await registerCustomer(t.host, "Foreign");
    await expectError(admin.client.delete(`/api/v1/company/members/${stranger.userId}`), 404, "NOT_FOUND");
    expect((await stranger.client.get("/api/v1/me")).status).toBe(200);
  });

  it("a removed member's sessions and API keys end at once, with their project assignments", async () => {
    const m = await join(t, admin.client, `gone-${t.id}@example.test`, "customer_user");
    await data(admin.client.fetch(`/api/v1/projects/${assigned.id}`, { method: "PATCH", json: { member_ids: [user.id, viewer.id, m.id] } }));
    await (await tenantDb(t.id))
      .prepare("insert into api_keys (id, tenant_id, name, prefix, key_hash, scopes, created_by) values (?, ?, 'k', ?, 'x', '[]', ?)")
      .bind(crypto.randomUUID(), t.id, `p${Date.now()}`, m.id)
      .run();
    expect((await m.client.get("/api/v1/me")).status).toBe(200);
    expect(await data(admin.client.delete(`/api/v1/company/members/${m.id}`))).toEqual({ removed: true });
    await expectError(m.client.get("/api/v1/me"), 401, "UNAUTHORIZED");
    await expectError(m.client.get(`/api/v1/projects/${assigned.id}`), 401, "UNAUTHORIZED");
    const left = await rows<{ n: number }>(
      t,
      "select (select count(*) from sessions where user_id = ?1) + (select count(*) from project_members where user_id = ?1) + (select count(*) from api_keys where created_by = ?1 and revoked_at is null) n",
      m.id,
    );
    expect(left[0].n).toBe(0);
    await expectError(new Client(t.host).post("/api/v1/auth/login", { email: `gone-${t.id}@example.test`, password: PASSWORD }), 401, "UNAUTHORIZED");
    expect((await data<Project>(admin.client.get(`/api/v1/projects/${assigned.id}`))).member_ids.toSorted()).toEqual([user.id, viewer.id].toSorted());
  });

  it("an invitation link used twice or expired says why and changes nothing", async () => {
    const invited = await data<Invited>(admin.client.post("/api/v1/company/members", { email: `twice-${t.id}@example.test`, role: "customer_user" }), 201);
    await data(new Client(t.host).post("/api/v1/auth/set-password", { token: tokenOf(invited), password: PASSWORD }));
    const again = await expectError(
      new Client(t.host).post("/api/v1/auth/set-password", { token: tokenOf(invited), password: "another password 1" }),
      400,
      "VALIDATION_ERROR",
      "token",
    );
    expect(again.error.message).toMatch(/used already/);
    await data(new Client(t.host).post("/api/v1/auth/login", { email: `twice-${t.id}@example.test`, password: PASSWORD }));

    const late = await data<Invited>(admin.client.post("/api/v1/company/members", { email: `late-${t.id}@example.test`, role: "customer_viewer" }), 201);
    await (await tenantDb(t.id))
      .prepare("update password_tokens set expires_at = ? where user_id = ?")
      .bind(Date.now() - 1, late.member.id)
      .run();
    const expired = await expectError(
      new Client(t.host).post("/api/v1/auth/set-password", { token: tokenOf(late), password: PASSWORD }),
      400,
      "VALIDATION_ERROR",
      "token",
    );
    expect(expired.error.message).toMatch(/expired/);
    await expectError(new Client(t.host).post("/api/v1/auth/login", { email: `late-${t.id}@example.test`, password: PASSWORD }), 401, "UNAUTHORIZED");
    expect((await rows<{ n: number }>(t, "select count(*) n from password_tokens where user_id = ? and used_at is not null", late.member.id))[0].n).toBe(0);
    // Asked again, the still-invited colleague gets a fresh link that works.
    const fresh = await data<Invited>(admin.client.post("/api/v1/company/members", { email: `late-${t.id}@example.test`, role: "customer_user" }), 201);
    expect(fresh.member).toMatchObject({ id: late.member.id, role: "customer_user", status: "invited" });
    await data(new Client(t.host).post("/api/v1/auth/set-password", { token: tokenOf(fresh), password: PASSWORD }));
    // An e-mail with an account (active, or another company's) cannot be invited.
    await expectError(admin.client.post("/api/v1/company/members", { email: `twice-${t.id}@example.test`, role: "customer_user" }), 409, "CONFLICT", "email");
    await expectError(admin.client.post("/api/v1/company/members", { email: "not-an-email", role: "customer_user" }), 400, "VALIDATION_ERROR", "email");
  });

  it("the shop's admin manages any company's members, naming the company", async () => {
    await expectError(t.owner.get("/api/v1/company/members"), 400, "VALIDATION_ERROR", "customer_id");
    const members = await data<{ id: string }[]>(t.owner.get(`/api/v1/company/members?customer_id=${admin.customerId}`));
    expect(members.map((m) => m.id)).toContain(user.id);
    await expectError(t.owner.get(`/api/v1/company/members?customer_id=${crypto.randomUUID()}`), 404, "NOT_FOUND");
  });
});

describe("partner events through the same code", () => {
  it("customer.project_created opens the company's project once; customer.portal_access_requested invites a member", async () => {
    const t = await createTenant();
    const source = await createSource(t, { name: "mcp-sales" });
    const access = await data<{ event_id: string }>(
      postEvent(t, source.name, source.secret, {
        type: "customer.portal_access_requested",
        data: { customer_id: "CUST-9", email: "pia@acme.test", customer_name: "Acme Fenster" },
      }),
      202,
    );
    await waitForEvent(t, access.event_id, "processed");
    const [pia] = await rows<{ id: string; customer_id: string; role: string }>(
      t,
      "select id, customer_id, role from users where tenant_id = ? and email = 'pia@acme.test'",
      t.id,
    );
    expect(pia.role).toBe("customer_admin");
    const project = { type: "customer.project_created", data: { project_id: "P-77", customer_id: "CUST-9", project_name: "Harbour Hotel" } };
    const first = await data<{ event_id: string }>(postEvent(t, source.name, source.secret, project), 202);
    await waitForEvent(t, first.event_id, "processed");
    // The same project sent again under a new event id opens nothing and takes no number.
    const second = await data<{ event_id: string }>(postEvent(t, source.name, source.secret, project), 202);
    await waitForEvent(t, second.event_id, "processed");
    const projects = await data<Project[]>(t.owner.get(`/api/v1/projects?customer_id=${pia.customer_id}`));
    expect(projects).toHaveLength(1);
    expect(projects[0]).toMatchObject({ number: `PRJ-${new Date().getUTCFullYear()}-001`, customer_id: pia.customer_id });
    const next = await data<Project>(t.owner.post("/api/v1/projects", { name: "Next", customer_id: pia.customer_id }), 201);
    expect(next.number).toBe(`PRJ-${new Date().getUTCFullYear()}-002`);
  });
});
