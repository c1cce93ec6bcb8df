import { describe, expect, it } from "vitest";
import { env } from "cloudflare:workers";
import { Client, createTenant, data, expectError } from "./helpers.ts";
import { keyClient, userWithRole } from "./shop-fixture.ts";

type Business = {
  legal_name: string | null;
  legal_address: string[];
  vat_id: string | null;
  quote_terms: string | null;
  quote_validity_days: number;
  locale: string;
  customer_daily_uploads: number;
  payment_due_days: number;
};
const PATH = "/api/v1/tenant/business";

describe("/tenant/business", () => {
  it("the owner sets the details quotes print, field by field; null clears one; the change is audited", async () => {
    const t = await createTenant();
    const fresh = await data<Business>(t.owner.get(PATH));
    expect(fresh).toEqual({
      legal_name: null,
      legal_address: [],
      vat_id: null,
      quote_terms: null,
      quote_validity_days: 30,
      terms_version: 1,
      locale: "en-GB",
      customer_daily_uploads: 200,
      payment_due_days: 30,
    });
    await data(
      t.owner.fetch(PATH, {
        method: "PATCH",
        json: { legal_name: "  Acme Fabrication GmbH ", legal_address: ["Industriestraße 12", "70565 Stuttgart"], vat_id: "DE123456789" },
      }),
    );
    const changed = await data<Business>(t.owner.fetch(PATH, { method: "PATCH", json: { quote_validity_days: 14, vat_id: null } }));
    expect(changed).toEqual({
      legal_name: "Acme Fabrication GmbH",
      legal_address: ["Industriestraße 12", "70565 Stuttgart"],
      vat_id: null,
      quote_terms: null,
      quote_validity_days: 14,
      terms_version: 1,
      locale: "en-GB",
      customer_daily_uploads: 200,
      payment_due_days: 30,
    });
    expect(await data<Business>(t.owner.get(PATH))).toEqual(changed);
    const audited = await env.DB.prepare("select data from audit_log where tenant_id = ? and action = 'tenant.business_changed' order by created_at")
      .bind(t.id)
      .all<{ data: string }>();
    expect(audited.results.map((r) => JSON.parse(r.data).fields)).toEqual([
      ["legal_name", "legal_address", "vat_id"],
      ["vat_id", "quote_validity_days"],
    ]);
  });

  it("refuses bad input by field and writes nothing", async () => {
    const t = await createTenant();
    await expectError(t.owner.fetch(PATH, { method: "PATCH", json: { legal_name: "Acme\nGmbH" } }), 400, "VALIDATION_ERROR", "legal_name");
    await expectError(
      t.owner.fetch(PATH, { method: "PATCH", json: { legal_address: ["1", "2", "3", "4", "5", "6", "7"] } }),
      400,
      "VALIDATION_ERROR",
      "legal_address",
    );
    await expectError(t.owner.fetch(PATH, { method: "PATCH", json: { vat_id: "<script>" } }), 400, "VALIDATION_ERROR", "vat_id");
    await expectError(t.owner.fetch(PATH, { method: "PATCH", json: { quote_validity_days: 0 } }), 400, "VALIDATION_ERROR", "quote_validity_days");
    await expectError(t.owner.fetch(PATH, { method: "PATCH", json: { customer_daily_uploads: 0 } }), 400, "VALIDATION_ERROR", "customer_daily_uploads");
    await expectError(t.owner.fetch(PATH, { method: "PATCH", json: { customer_daily_uploads: 2.5 } }), 400, "VALIDATION_ERROR", "customer_daily_uploads");
    await expectError(t.owner.fetch(PATH, { method: "PATCH", json: { payment_due_days: -1 } }), 400, "VALIDATION_ERROR", "payment_due_days");
    await expectError(t.owner.fetch(PATH, { method: "PATCH", json: { payment_due_days: 366 } }), 400, "VALIDATION_ERROR", "payment_due_days");
    await expectError(t.owner.fetch(PATH, { method: "PATCH", json: { primary_color: "#000" } }), 400, "VALIDATION_ERROR");
    expect((await data<Business>(t.owner.get(PATH))).legal_name).toBeNull();
  });

  it("sets the locale the shop's pages format in: checked by Intl, stored canonical, shown by /me; null goes back to en-GB", async () => {
    const t = await createTenant();
    expect((await data<Business>(t.owner.fetch(PATH, { method: "PATCH", json: { locale: " de-de " } }))).locale).toBe("de-DE");
    const me = await data<{ tenant: { locale: string } }>(t.owner.get("/api/v1/me"));
    expect(me.tenant.locale).toBe("de-DE");
    for (const locale of ["en_GB", "xx-YY", "", "not a locale", "x".repeat(40), 12]) {
      const body = await expectError(t.owner.fetch(PATH, { method: "PATCH", json: { locale } }), 400, "VALIDATION_ERROR", "locale");
      if (typeof locale === "string" && locale.length > 0 && locale.length <= 35) expect(body.error.details[0].message).toMatch(/such as en-GB/);
    }
    expect((await data<Business>(t.owner.get(PATH))).locale).toBe("de-DE");
    expect((await data<Business>(t.owner.fetch(PATH, { method: "PATCH", json: { locale: null } }))).locale).toBe("en-GB");
  });

  it("is the owner's and admins' only: staff and customers 403, guests 401, no API key scope grants it", async () => {
    const t = await createTenant();
    const admin = await userWithRole(t, "admin");
    await data(admin.fetch(PATH, { method: "PATCH", json: { legal_name: "Admin Ltd" } }));
    for (const role of ["staff", "customer_admin", "customer_user", "customer_viewer"]) {
      const user = await userWithRole(t, role);
      await expectError(user.get(PATH), 403, "FORBIDDEN");
      await expectError(user.fetch(PATH, { method: "PATCH", json: { legal_name: "Mine now" } }), 403, "FORBIDDEN");
    }
    const key = await keyClient(t, ["catalog:write", "payments:admin"]);
    await expectError(key.fetch(PATH, { method: "PATCH", json: { legal_name: "Key Ltd" } }), 403, "FORBIDDEN");
    await expectError(new Client(t.host).fetch(PATH, { method: "PATCH", json: { legal_name: "Guest Ltd" } }), 401, "UNAUTHORIZED");
    expect((await data<Business>(t.owner.get(PATH))).legal_name).toBe("Admin Ltd");
  });

  it("changes only the caller's shop", async () => {
    const [a, b] = [await createTenant(), await createTenant()];
    await data(a.owner.fetch(PATH, { method: "PATCH", json: { legal_name: "Shop A GmbH" } }));
    expect((await data<Business>(b.owner.get(PATH))).legal_name).toBeNull();
    // A's owner's session on B's host is nobody's there.
    await expectError(
      new Client(b.host).fetch(PATH, { method: "PATCH", json: { legal_name: "Taken" }, headers: { cookie: a.owner.cookie } }),
      401,
      "UNAUTHORIZED",
    );
    expect((await data<Business>(b.owner.get(PATH))).legal_name).toBeNull();
  });
});
