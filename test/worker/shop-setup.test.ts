import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { Client, PASSWORD, createTenant, data, expectError, uniqueSlug } from "./helpers.ts";
import { keyClient, userWithRole } from "./shop-fixture.ts";
import { rows } from "./webhook-helpers.ts";

type Connection = { connected: boolean; secret_key_hint: string | null; mode: string | null; connected_at: string | null; webhook_path: string };
type Steps = { steps: { code: string; done: boolean; path: string | null }[] };

const LIVE_KEY = "sk_live_51AbCdEfGhIjKlMnOp9876";
const SETTINGS = { secret_key: LIVE_KEY, webhook_secret: "whsec_test0123456789abcdefABCDEF" };
const stepDone = async (owner: Client, code: string) => (await data<Steps>(owner.get("/api/v1/tenant/onboarding"))).steps.find((s) => s.code === code)?.done;

describe("the shop's Stripe connection", () => {
  it("says whether Stripe is connected with the key's last four characters only; disconnecting leaves purchase orders", async () => {
    const t = await createTenant();
    const before = await data<Connection>(t.owner.get("/api/v1/payments/stripe"));
    expect(before).toEqual({ connected: false, secret_key_hint: null, mode: null, connected_at: null, webhook_path: "/webhooks/stripe" });

    await data(t.owner.fetch("/api/v1/payments/stripe", { method: "PUT", json: SETTINGS }));
    const res = await t.owner.get("/api/v1/payments/stripe");
    const body = await res.clone().text();
    expect(body).not.toContain("sk_live_51");
    expect(body).not.toContain("whsec_");
    const connected = await data<Connection>(res);
    expect(connected).toMatchObject({ connected: true, secret_key_hint: "…9876", mode: "live", webhook_path: "/webhooks/stripe" });
    expect(Date.parse(connected.connected_at ?? "")).toBeGreaterThan(Date.now() - 60_000);
    expect(await data(new Client(t.host).get("/api/v1/payments/options"))).toEqual({ card: true, purchase_order: true });
    expect(await stepDone(t.owner, "payments")).toBe(true);

    expect(await data<Connection>(t.owner.fetch("/api/v1/payments/stripe", { method: "DELETE" }))).toMatchObject({ connected: false, secret_key_hint: null });
    expect((await data<Connection>(t.owner.get("/api/v1/payments/stripe"))).connected).toBe(false);
    expect(await data(new Client(t.host).get("/api/v1/payments/options"))).toEqual({ card: false, purchase_order: true });
    expect(await stepDone(t.owner, "payments")).toBe(false);
    expect(await rows(t, "select * from stripe_accounts where tenant_id = ?", t.id)).toEqual([]);
    // Checkouts already paid at Stripe still reach the shop: the webhook source stays.
    expect(await rows(t, "select name from webhook_sources where tenant_id = ?", t.id)).toEqual([{ name: "stripe" }]);
    const actions = await rows<{ action: string }>(
      t,
      "select action from audit_log where tenant_id = ? and target_type = 'stripe_account' order by rowid",
      t.id,
    );
    expect(actions.map((a) => a.action)).toEqual(["payments.stripe_configured", "payments.stripe_disconnected"]);
    // Disconnecting twice is no error, and no second audit entry.
    await data(t.owner.fetch("/api/v1/payments/stripe", { method: "DELETE" }));
    expect(await rows(t, "select action from audit_log where tenant_id = ? and action = 'payments.stripe_disconnected'", t.id)).toHaveLength(1);
  });

  it("a test key is shown as test mode", async () => {
    const t = await createTenant();
    await data(t.owner.fetch("/api/v1/payments/stripe", { method: "PUT", json: { ...SETTINGS, secret_key: "rk_test_abcdefgh4321" } }));
    expect(await data<Connection>(t.owner.get("/api/v1/payments/stripe"))).toMatchObject({ connected: true, secret_key_hint: "…4321", mode: "test" });
  });

  it("is the owners' and admins' (payments:admin) to read and to disconnect", async () => {
    const t = await createTenant();
    await data(t.owner.fetch("/api/v1/payments/stripe", { method: "PUT", json: SETTINGS }));
    for (const role of ["staff", "customer_admin", "customer_user"]) {
      const who = await userWithRole(t, role);
      await expectError(who.get("/api/v1/payments/stripe"), 403, "FORBIDDEN");
      await expectError(who.fetch("/api/v1/payments/stripe", { method: "DELETE" }), 403, "FORBIDDEN");
    }
    await expectError(new Client(t.host).get("/api/v1/payments/stripe"), 401, "UNAUTHORIZED");
    await expectError((await keyClient(t, ["catalog:write"])).fetch("/api/v1/payments/stripe", { method: "DELETE" }), 403, "FORBIDDEN");
    expect((await data<Connection>((await userWithRole(t, "admin")).get("/api/v1/payments/stripe"))).connected).toBe(true);
  });
});

describe("GET /tenant/shipping-methods", () => {
  const PARCEL = {
    kind: "weight",
    code: "parcel",
    name: "Parcel",
    zones: [{ countries: ["DE", "AT"], days: 2, base: 590, per_kg: 100, max_kg: 31.5 }],
  };

  it("answers the methods as set, in minor units with the shop's currency; the default until the shop sets its own", async () => {
    const t = await createTenant();
    expect(await data(t.owner.get("/api/v1/tenant/shipping-methods"))).toEqual({
      currency: "EUR",
      customised: false,
      methods: [{ kind: "pickup", code: "pickup", name: "Collect from the shop", days: 0 }],
    });
    await data(t.owner.fetch("/api/v1/tenant/shipping-methods", { method: "PUT", json: { methods: [PARCEL] } }));
    expect(await data(t.owner.get("/api/v1/tenant/shipping-methods"))).toEqual({ currency: "EUR", customised: true, methods: [PARCEL] });
  });

  it("is not for customers or the public, who see priced options instead", async () => {
    const t = await createTenant();
    await expectError((await userWithRole(t, "customer_admin")).get("/api/v1/tenant/shipping-methods"), 403, "FORBIDDEN");
    await expectError((await userWithRole(t, "staff")).get("/api/v1/tenant/shipping-methods"), 403, "FORBIDDEN");
    await expectError(new Client(t.host).get("/api/v1/tenant/shipping-methods"), 401, "UNAUTHORIZED");
  });
});

describe("sign-up with the processes the shop offers", () => {
  type Book = { processes: Record<string, { machines: { code: string; name: string }[] }>; materials: { code: string }[] };
  const signUp = (processes?: unknown) => {
    const slug = uniqueSlug("tpl");
    const body = { name: "Laser Works", slug, owner_email: `owner@${slug}.test`, owner_password: PASSWORD, ...(processes ? { processes } : {}) };
    return { slug, res: new Client("localhost").post("/api/v1/tenants", body) };
  };

  it("starts the shop's first price book from the templates of the chosen processes, not the demo's machines", async () => {
    const { slug, res } = signUp(["laser", "cnc"]);
    await data(res, 201);
    const owner = new Client(`${slug}.localhost`);
    await data(owner.post("/api/v1/auth/login", { email: `owner@${slug}.test`, password: PASSWORD }));
    const book = await data<Book>(owner.get("/api/v1/price-books/current"));
    expect(Object.keys(book.processes).sort()).toEqual(["cnc", "laser"]);
    expect(book.processes.laser.machines.map((m) => m.code)).toEqual(["laser-cutter"]);
    expect(book.processes.cnc.machines.map((m) => m.code)).toEqual(["cnc-mill"]);
    expect(book.materials.map((m) => m.code)).toEqual(["al-6061", "pom-c", "s235", "ss-304", "al-5754"]);
    // The customer's catalogue offers the same, and nothing of FFF or SLA.
    const catalogue = await data<{ processes: Record<string, unknown> }>(new Client(`${slug}.localhost`).get("/api/v1/catalog"));
    expect(Object.keys(catalogue.processes).sort()).toEqual(["cnc", "laser"]);
  });

  it("refuses an empty or unknown process list at the field, creating nothing", async () => {
    const empty = signUp([]);
    await expectError(empty.res, 400, "VALIDATION_ERROR", "processes");
    await expectError(signUp(["waterjet"]).res, 400, "VALIDATION_ERROR", "processes.0");
    await expectError(signUp(["fff", "fff"]).res, 400, "VALIDATION_ERROR", "processes");
    expect(await env.DB.prepare("select id from tenants where slug = ?").bind(empty.slug).first()).toBeNull();
  });
});
