import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { Client, createTenant, data, expectError, PASSWORD, registerCustomer } from "./helpers.ts";

type Domain = { id: string; hostname: string; status: string; dns_records: { type: string; name: string; value: string }[]; problem: string | null };

/** Lets the next GET ask the provider again at once (it waits 15 s between checks of one hostname). */
const dueForCheck = (id: string) => env.DB.prepare("update tenant_domains set checked_at = 0 where id = ?").bind(id).run();

describe("custom hostnames (POST/GET/DELETE /api/v1/tenant/domains)", () => {
  it("answers the DNS records to create, serves the storefront only once verified, and stops when removed", async () => {
    const t = await createTenant();
    const hostname = `quotes.${t.slug}.example`;
    const added = await data<Domain>(t.owner.post("/api/v1/tenant/domains", { hostname: `https://Quotes.${t.slug}.example/` }), 201);
    expect(added).toMatchObject({ hostname, status: "pending", problem: expect.any(String) });
    expect(added.dns_records).toEqual([
      { type: "CNAME", name: hostname, value: "shops.localhost" },
      { type: "TXT", name: `_cf-custom-hostname.${hostname}`, value: expect.any(String) },
    ]);
    // Pending: nobody is served on it yet.
    const visitor = new Client(hostname);
    await expectError(visitor.get("/api/v1/catalog"), 404, "NOT_FOUND");

    // Checked again (the local provider verifies on its first check): active, and the shop answers on it.
    await dueForCheck(added.id);
    const [listed] = await data<Domain[]>(t.owner.get("/api/v1/tenant/domains"));
    expect(listed).toMatchObject({ id: added.id, status: "active", problem: null });
    await data(visitor.post("/api/v1/auth/login", { email: t.ownerEmail, password: PASSWORD }));
    expect((await data<{ tenant: { slug: string } }>(visitor.get("/api/v1/me"))).tenant.slug).toBe(t.slug);

    expect(await data<Domain>(t.owner.delete(`/api/v1/tenant/domains/${added.id}`))).toMatchObject({ hostname });
    await expectError(new Client(hostname).get("/api/v1/catalog"), 404, "NOT_FOUND");
    expect(await data<Domain[]>(t.owner.get("/api/v1/tenant/domains"))).toEqual([]);
  });

  it("refuses a hostname another shop holds, the platform's own, one already added and one that is not a hostname", async () => {
    const [a, b] = await Promise.all([createTenant(), createTenant()]);
    const hostname = `shop.${a.slug}.example`;
    await data(a.owner.post("/api/v1/tenant/domains", { hostname }), 201);
    await expectError(b.owner.post("/api/v1/tenant/domains", { hostname }), 409, "CONFLICT", "hostname");
    await expectError(a.owner.post("/api/v1/tenant/domains", { hostname: hostname.toUpperCase() }), 409, "CONFLICT", "hostname");
    await expectError(b.owner.post("/api/v1/tenant/domains", { hostname: "localhost" }), 422, "UNPROCESSABLE_ENTITY", "hostname");
    await expectError(b.owner.post("/api/v1/tenant/domains", { hostname: `${a.slug}.localhost` }), 409, "CONFLICT", "hostname");
    await expectError(b.owner.post("/api/v1/tenant/domains", { hostname: "203.0.113.9" }), 422, "UNPROCESSABLE_ENTITY", "hostname");
    await expectError(b.owner.post("/api/v1/tenant/domains", { hostname: "shop.example.com:8443" }), 422, "UNPROCESSABLE_ENTITY", "hostname");
    // Nothing was stored for the refusals.
    expect(await data<Domain[]>(b.owner.get("/api/v1/tenant/domains"))).toEqual([]);
  });

  it("lets a claim nobody verified within a week give way to the shop that asks next", async () => {
    const [a, b] = await Promise.all([createTenant(), createTenant()]);
    const hostname = `stale.${a.slug}.example`;
    const squatted = await data<Domain>(a.owner.post("/api/v1/tenant/domains", { hostname }), 201);
    await env.DB.prepare("update tenant_domains set created_at = ? where id = ?")
      .bind(Date.now() - 8 * 24 * 3600 * 1000, squatted.id)
      .run();
    expect(await data<Domain>(b.owner.post("/api/v1/tenant/domains", { hostname }), 201)).toMatchObject({ hostname, status: "pending" });
    expect(await data<Domain[]>(a.owner.get("/api/v1/tenant/domains"))).toEqual([]);
  });

  it("is the owner's and admins' (a customer is refused), and another shop's id is a 404", async () => {
    const [a, b] = await Promise.all([createTenant(), createTenant()]);
    const added = await data<Domain>(a.owner.post("/api/v1/tenant/domains", { hostname: `x.${a.slug}.example` }), 201);
    const { client: customer } = await registerCustomer(a.host);
    await expectError(customer.get("/api/v1/tenant/domains"), 403, "FORBIDDEN");
    await expectError(customer.post("/api/v1/tenant/domains", { hostname: `y.${a.slug}.example` }), 403, "FORBIDDEN");
    await expectError(b.owner.delete(`/api/v1/tenant/domains/${added.id}`), 404, "NOT_FOUND");
    expect(await data<Domain[]>(a.owner.get("/api/v1/tenant/domains"))).toHaveLength(1);
  });
});
