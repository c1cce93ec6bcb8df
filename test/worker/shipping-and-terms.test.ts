import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { patchTenantSettings } from "../../worker/db/tenants.ts";
import { Client, createTenant, data, expectError, scopeFor } from "./helpers.ts";
import { keyClient, userWithRole } from "./shop-fixture.ts";

type Option = {
  code: string;
  name: string;
  kind: string;
  price: number | null;
  days: number | null;
  price_is_from: boolean;
  unavailable_reason: string | null;
};
const METHODS = [
  { kind: "pickup", code: "pickup", name: "Collect from the workshop", days: 0 },
  {
    kind: "weight",
    code: "parcel",
    name: "Parcel",
    zones: [
      { countries: ["DE"], days: 2, base: 590, per_kg: 100, max_kg: 31.5 },
      { countries: ["*"], days: 5, base: 1490, per_kg: 250 },
    ],
  },
];

describe("/shipping-methods", () => {
  it("a new shop offers collection; the owner sets its methods; anyone sees them priced for a destination", async () => {
    const t = await createTenant();
    const guest = new Client(t.host);
    expect(await data<Option[]>(guest.get("/api/v1/shipping-methods"))).toEqual([
      { code: "pickup", name: "Collect from the shop", kind: "pickup", price: 0, days: 0, price_is_from: false, unavailable_reason: null },
    ]);
    await data(t.owner.fetch("/api/v1/tenant/shipping-methods", { method: "PUT", json: { methods: METHODS } }));
    const listed = await data<Option[]>(guest.get("/api/v1/shipping-methods"));
    expect(listed[1]).toEqual({ code: "parcel", name: "Parcel", kind: "weight", price: 590, days: 2, price_is_from: true, unavailable_reason: null });
    const toFrance = await data<Option[]>(guest.get("/api/v1/shipping-methods?country=FR&weight_kg=2"));
    expect(toFrance[1]).toMatchObject({ price: 1490 + 2 * 250, days: 5, price_is_from: false });
    const heavy = await data<Option[]>(guest.get("/api/v1/shipping-methods?country=DE&weight_kg=40"));
    expect(heavy[1]).toMatchObject({ price: null, days: null, unavailable_reason: "takes at most 31.5 kg to DE" });
    // Nothing of one shop's methods on another's.
    const other = await createTenant();
    expect((await data<Option[]>(new Client(other.host).get("/api/v1/shipping-methods"))).map((m) => m.code)).toEqual(["pickup"]);
  });

  it("refuses bad methods and a bad destination by field, keeping what was there", async () => {
    const t = await createTenant();
    await expectError(
      t.owner.fetch("/api/v1/tenant/shipping-methods", {
        method: "PUT",
        json: { methods: [{ ...METHODS[1], zones: [{ countries: ["DE"], days: 2, base: -5, per_kg: 100 }] }] },
      }),
      400,
      "VALIDATION_ERROR",
      "methods.0.zones.0.base",
    );
    await expectError(t.owner.fetch("/api/v1/tenant/shipping-methods", { method: "PUT", json: { methods: [] } }), 400, "VALIDATION_ERROR", "methods");
    await expectError(t.owner.get("/api/v1/shipping-methods?country=Germany"), 400, "VALIDATION_ERROR", "country");
    expect((await data<Option[]>(t.owner.get("/api/v1/shipping-methods"))).map((m) => m.code)).toEqual(["pickup"]);
  });

  it("only owners and admins set them", async () => {
    const t = await createTenant();
    for (const role of ["staff", "customer_admin", "customer_user", "customer_viewer"]) {
      await expectError(
        (await userWithRole(t, role)).fetch("/api/v1/tenant/shipping-methods", { method: "PUT", json: { methods: METHODS } }),
        403,
        "FORBIDDEN",
      );
    }
    await expectError(
      (await keyClient(t, ["catalog:write"])).fetch("/api/v1/tenant/shipping-methods", { method: "PUT", json: { methods: METHODS } }),
      403,
      "FORBIDDEN",
    );
    await expectError(new Client(t.host).fetch("/api/v1/tenant/shipping-methods", { method: "PUT", json: { methods: METHODS } }), 401, "UNAUTHORIZED");
    await data((await userWithRole(t, "admin")).fetch("/api/v1/tenant/shipping-methods", { method: "PUT", json: { methods: METHODS } }));
  });
});

describe("/terms", () => {
  it("start at version 1 (the standard terms); each change of their text is the next version, the old text kept", async () => {
    const t = await createTenant();
    const guest = new Client(t.host);
    const first = await data<{ version: number; text: string }>(guest.get("/api/v1/terms"));
    expect(first.version).toBe(1);
    expect(first.text).toMatch(/^Prices are in the currency shown/);
    await data(t.owner.fetch("/api/v1/tenant/business", { method: "PATCH", json: { quote_terms: "Payment within 14 days." } }));
    // The same text again, or other fields, make no new version.
    await data(t.owner.fetch("/api/v1/tenant/business", { method: "PATCH", json: { quote_terms: "Payment within 14 days.", vat_id: "DE123456789" } }));
    expect(await data(guest.get("/api/v1/terms"))).toEqual({ version: 2, text: "Payment within 14 days." });
    await data(t.owner.fetch("/api/v1/tenant/business", { method: "PATCH", json: { quote_terms: null } }));
    expect(await data(guest.get("/api/v1/terms"))).toEqual({ version: 3, text: first.text });
    const row = await env.DB.prepare("select json_extract(settings, '$.terms_history') h from tenants where id = ?").bind(t.id).first<{ h: string }>();
    expect(JSON.parse(row!.h).map((v: { version: number; text: string }) => [v.version, v.text])).toEqual([
      [1, first.text],
      [2, "Payment within 14 days."],
    ]);
  });

  it("a change made against terms that changed meanwhile writes nothing", async () => {
    const t = await createTenant();
    await data(t.owner.fetch("/api/v1/tenant/business", { method: "PATCH", json: { quote_terms: "Version two." } }));
    const scope = await scopeFor(t.id);
    expect(await patchTenantSettings(scope, { quote_terms: "Stale edit", terms_version: 2 }, 1)).toBeUndefined();
    expect(await data(new Client(t.host).get("/api/v1/terms"))).toEqual({ version: 2, text: "Version two." });
  });
});
