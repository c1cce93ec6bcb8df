import { describe, expect, it } from "vitest";
import { createTenant, data, expectError, registerCustomer } from "./helpers.ts";

describe("customers", () => {
  it("a customer sees only its own company", async () => {
    const t = await createTenant();
    const a = await registerCustomer(t.host, "Alpha");
    const b = await registerCustomer(t.host, "Beta");
    const listed = await data<{ id: string }[]>(a.client.get("/api/v1/customers"));
    expect(listed.map((c) => c.id)).toEqual([a.customerId]);
    const own = await data<{ members: { email: string }[] }>(a.client.get(`/api/v1/customers/${a.customerId}`));
    expect(own.members.map((m) => m.email)).toEqual([a.email]);
    await expectError(a.client.get(`/api/v1/customers/${b.customerId}`), 404, "NOT_FOUND");
  });

  it("staff see every company of the shop, paginated", async () => {
    const t = await createTenant();
    for (const name of ["One", "Two", "Three"]) await registerCustomer(t.host, name);
    const first = await t.owner.get("/api/v1/customers?limit=2");
    const page1 = await first.json<{ data: { id: string }[]; pagination: { has_next: boolean; next_cursor: string } }>();
    expect(page1.data).toHaveLength(2);
    expect(page1.pagination.has_next).toBe(true);
    const page2 = await (await t.owner.get(`/api/v1/customers?limit=2&cursor=${page1.pagination.next_cursor}`)).json<{
      data: { id: string }[];
      pagination: { has_next: boolean };
    }>();
    expect(page2.data).toHaveLength(1);
    expect(page2.pagination.has_next).toBe(false);
    await expectError(t.owner.get("/api/v1/customers?limit=500"), 400, "VALIDATION_ERROR", "limit");
  });

  it("only staff create companies", async () => {
    const t = await createTenant();
    const { client } = await registerCustomer(t.host);
    await expectError(client.post("/api/v1/customers", { name: "Mine" }), 403, "FORBIDDEN");
    const created = await data<{ id: string; name: string }>(t.owner.post("/api/v1/customers", { name: "Walk-in" }), 201);
    expect(created.name).toBe("Walk-in");
  });

  it("users are listed for admins only", async () => {
    const t = await createTenant();
    const { client, email } = await registerCustomer(t.host);
    const users = await data<{ email: string; role: string }[]>(t.owner.get("/api/v1/users"));
    expect(users.map((u) => u.email).sort()).toEqual([email, t.ownerEmail].sort());
    await expectError(client.get("/api/v1/users"), 403, "FORBIDDEN");
  });
});
