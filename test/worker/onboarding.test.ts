import { describe, expect, it, vi } from "vitest";
import { binaryStl, boxTriangles } from "./fixtures.ts";
import { type Client, createTenant, data, expectError, registerCustomer } from "./helpers.ts";
import { userWithRole } from "./shop-fixture.ts";

type Step = { code: string; label: string; done: boolean; path: string | null };
const PATH = "/api/v1/tenant/onboarding";

/** Uploads a part as `c` and waits for the server's analysis (what prices it). */
async function analyzed(c: Client, filename: string) {
  const model = await data<{ id: string }>(
    c.fetch(`/api/v1/models?filename=${filename}`, { method: "POST", body: binaryStl(boxTriangles([20, 20, 20])) }),
    202,
  );
  await vi.waitFor(async () => expect((await data<{ status: string }>(c.get(`/api/v1/models/${model.id}`))).status).toBe("analyzed"), {
    timeout: 15_000,
    interval: 100,
  });
}

describe("GET /tenant/onboarding", () => {
  it("ticks each step off as the shop's data changes, never by hand", async () => {
    const t = await createTenant();
    const done = async () => Object.fromEntries((await data<{ steps: Step[] }>(t.owner.get(PATH))).steps.map((s) => [s.code, s.done]));
    const fresh = await data<{ steps: Step[] }>(t.owner.get(PATH));
    expect(fresh.steps.map((s) => s.code)).toEqual([
      "business_details",
      "branding",
      "price_book",
      "payments",
      "shipping_methods",
      "terms",
      "invite_staff",
      "try_storefront",
    ]);
    expect(fresh.steps.every((s) => !s.done && s.label.length > 10)).toBe(true);
    expect(fresh.steps.find((s) => s.code === "invite_staff")?.path).toBe("/admin/staff");
    expect(fresh.steps.find((s) => s.code === "try_storefront")?.path).toBe("/instant#sample-part");

    await data(t.owner.fetch("/api/v1/tenant/business", { method: "PATCH", json: { legal_name: "Acme Fabrication Ltd", legal_address: ["1 Foundry Lane"] } }));
    expect((await done()).business_details).toBe(false);
    await data(t.owner.fetch("/api/v1/tenant/business", { method: "PATCH", json: { vat_id: "GB123456789", quote_terms: "Payment within 14 days." } }));
    await data(
      t.owner.fetch("/api/v1/tenant/shipping-methods", { method: "PUT", json: { methods: [{ code: "pickup", name: "Collection", kind: "pickup", days: 0 }] } }),
    );
    const current = await data<Record<string, unknown>>(t.owner.get("/api/v1/price-books/current"));
    const { price_book_version: _v, valid_from: _f, ...book } = current;
    await data(t.owner.post("/api/v1/price-books", { book, note: "Our own prices" }), 201);
    // Inviting is the step: the colleague need not have accepted yet.
    await data(t.owner.post("/api/v1/staff", { email: `colleague@${t.slug}.test`, role: "staff" }), 201);
    // A customer's part, priced on the storefront, is not the shop trying it.
    const customer = await registerCustomer(t.host, "Early Buyer");
    await analyzed(customer.client, "their-part.stl");
    expect((await done()).try_storefront).toBe(false);
    await analyzed(await userWithRole(t, "staff"), "sample-bracket.stl");

    expect(await done()).toEqual({
      business_details: true,
      branding: false,
      price_book: true,
      payments: false,
      shipping_methods: true,
      terms: true,
      invite_staff: true,
      try_storefront: true,
    });
  });

  it("is the shop's admins' to read", async () => {
    const t = await createTenant();
    const customer = await registerCustomer(t.host);
    await expectError(customer.client.get(PATH), 403, "FORBIDDEN");
    await expectError((await userWithRole(t, "staff")).get(PATH), 403, "FORBIDDEN");
  });
});
