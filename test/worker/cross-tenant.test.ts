import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { door } from "./fixtures.ts";
import { createTenant, data, expectError, placeOnShard, type TestTenant } from "./helpers.ts";
import { call, checkoutOf, operations, seedShop, shipmentOf, userWithRole, type Operation, type ShopIds } from "./shop-fixture.ts";

/**
 * Two shops with one of each resource; every operation of the OpenAPI
 * document that takes an `{id}` is called on one shop with the other shop's
 * ids, and must answer 404 exactly as for an id that does not exist. The table
 * is the document itself: a new route is covered the moment it is declared.
 */

/** Valid bodies where `{}` would be refused before the id is looked up. */
const BODIES: Record<string, (ids: ShopIds) => unknown> = {
  "PATCH /quotes/{id}": () => ({ title: "x" }),
  "PATCH /api-keys/{id}": () => ({ tier: "premium" }),
  "POST /quotes/{id}/purchase-order": () => ({ po_number: "PO-1" }),
  "POST /quotes/{id}/share-link/open": () => ({ token: "1.c2lnbmF0dXJl" }),
  "POST /quotes/{id}/items": (ids) => ({ configuration_id: ids.configuration, quantity: 1 }),
  "POST /quotes/{id}/items/{itemId}/manual-price": () => ({ unit_price: 1_000_000, lead_time_days: 5, reason: "checked by hand" }),
  "POST /quotes/{id}/items/{itemId}/discount": () => ({ percent: 5, reason: "checked by hand" }),
  "POST /quotes/{id}/discount": () => ({ percent: 5, reason: "checked by hand" }),
  "PATCH /products/{id}": () => ({ name: "Renamed" }),
  "PATCH /webhooks/sources/{id}": () => ({ tolerance_seconds: 600 }),
  "PATCH /webhooks/endpoints/{id}": () => ({ description: "x" }),
  "POST /webhooks/dlq/{id}/discard": () => ({ note: "seeded" }),
  "POST /manufacturing-orders/{id}/qc-checkpoints": () => ({
    checkpoint_stage: "Glazing",
    inspector_name: "Ann",
    checks: [{ description: "Bead gap", status: "pass" }],
  }),
  "POST /manufacturing-orders/{id}/corrective-actions/{actionId}/close": () => ({ note: "Bead refitted" }),
  "POST /lots/{number}/split": () => ({ quantity: 1 }),
  "POST /orders/{id}/shipments": (ids) => shipmentOf(ids.manufacturingOrder, 1),
  "POST /shipments/{id}/deliver": () => ({ received_by: "Site manager" }),
  "POST /manufacturing-orders/{id}/consumptions": (ids) => ({ lot_number: ids.lot, quantity: 1 }),
  "POST /drawings/{id}/revisions": () => ({ reason: "Checked" }),
  "POST /drawings/{id}/approvals": () => ({ decision: "approved" }),
  "POST /orders/{id}/reject": () => ({ reason: "Over budget" }),
  "POST /orders/{id}/resubmit": () => ({ note: "PO corrected" }),
  "PATCH /company/members/{id}": () => ({ role: "customer_viewer" }),
  "PATCH /staff/{id}": () => ({ role: "admin" }),
  "PATCH /projects/{id}": () => ({ name: "Renamed" }),
  "POST /projects/{id}/messages": () => ({ body: "Hello" }),
  "POST /quotes/{id}/messages": () => ({ body: "Hello" }),
};

/** Ids that travel in bodies rather than paths. */
const BODY_IDS: { name: string; op: Pick<Operation, "method" | "path">; body: (ids: ShopIds) => unknown }[] = [
  {
    name: "POST /price (model_id)",
    op: { method: "POST", path: "/price" },
    body: (ids) => ({ model_id: ids.model, process: "fff", material: "pla", quantity: 1 }),
  },
  {
    name: "POST /quotes (items.model_id)",
    op: { method: "POST", path: "/quotes" },
    body: (ids) => ({ items: [{ model_id: ids.model, process: "fff", material: "pla", quantity: 1 }] }),
  },
  { name: "POST /configurations (product_id)", op: { method: "POST", path: "/configurations" }, body: (ids) => ({ product_id: ids.product, config: door }) },
  { name: "POST /lots/merge (lot_numbers)", op: { method: "POST", path: "/lots/merge" }, body: (ids) => ({ lot_numbers: [ids.lot, ids.lot] }) },
  {
    name: "POST /quotes (project_id)",
    op: { method: "POST", path: "/quotes" },
    body: (ids) => ({ items: [{ configuration_id: ids.configuration, quantity: 1 }], project_id: ids.project }),
  },
  {
    name: "POST /company/members (customer_id)",
    op: { method: "POST", path: "/company/members" },
    body: (ids) => ({ email: `x-${crypto.randomUUID()}@example.test`, role: "customer_user", customer_id: ids.customer }),
  },
  { name: "POST /projects (customer_id)", op: { method: "POST", path: "/projects" }, body: (ids) => ({ name: "P", customer_id: ids.customer }) },
  { name: "POST /checkouts (quote_id)", op: { method: "POST", path: "/checkouts" }, body: (ids) => checkoutOf(ids.quote) },
  { name: "POST /jobs (configuration_id)", op: { method: "POST", path: "/jobs" }, body: (ids) => ({ configuration_id: ids.configuration, kind: "glb" }) },
  {
    name: "POST /drawings/requests (configuration_id)",
    op: { method: "POST", path: "/drawings/requests" },
    body: (ids) => ({ configuration_id: ids.configuration, drawing_types: ["plan"] }),
  },
  {
    name: "POST /drawings/requests (quote_id)",
    op: { method: "POST", path: "/drawings/requests" },
    body: (ids) => ({ quote_id: ids.quote, drawing_types: ["plan"] }),
  },
];

type Case = { name: string; run: (t: TestTenant, ids: ShopIds) => Promise<Response> };

/** The WebSocket route speaks only to an upgrade request. */
const headersFor = (op: Operation) => (op.path.endsWith("/live") ? { upgrade: "websocket" } : undefined);

const cases = async (): Promise<Case[]> => {
  const withId = (await operations()).filter((op) => /\{(id|number)\}/.test(op.path));
  const byPath = (op: Operation): Case => ({
    name: op.name,
    run: (t, ids) => call({ fetch: (path, init) => t.owner.fetch(path, { ...init, headers: headersFor(op) }) }, op, ids, BODIES[op.name]?.(ids) ?? {}),
  });
  // Deletes last: the own-id pass runs in this order.
  return [
    ...withId.filter((op) => op.method !== "DELETE").map(byPath),
    ...BODY_IDS.map(({ name, op, body }): Case => ({ name, run: (t, ids) => t.owner.post(`/api/v1${op.path}`, body(ids)) })),
    ...withId.filter((op) => op.method === "DELETE").map(byPath),
  ];
};

describe("cross-tenant isolation", async () => {
  const CASES = await cases();
  let a: TestTenant, b: TestTenant, idsA: ShopIds, idsB: ShopIds;
  beforeAll(async () => {
    [a, b] = [await createTenant(), await createTenant()];
    // Each shop on its own data shard, wherever sign-up placed it.
    await placeOnShard(a, 1);
    await placeOnShard(b, 2);
    [idsA, idsB] = [await seedShop(a), await seedShop(b)];
    // Lot numbers count per shop, so both shops hold LOT-YYYY-00001: B's lot for these cases is one A never reaches.
    idsB.lot = (
      await data<{ lot_number: string }>(b.owner.post("/api/v1/lots", { material: "Glass", supplier: "G", supplier_lot: "G-1", quantity: 5, unit: "pcs" }), 201)
    ).lot_number;
  }, 90_000);

  it("runs with the two shops on different data shards", async () => {
    const shards = await env.DB.prepare("select id, shard from tenants where id in (?, ?)").bind(a.id, b.id).all<{ id: string; shard: number }>();
    expect(Object.fromEntries(shards.results.map((r) => [r.id, r.shard]))).toEqual({ [a.id]: 1, [b.id]: 2 });
  });

  it("covers every operation with an {id}, the quote decisions and the live socket included", () => {
    expect(CASES.map((c) => c.name)).toEqual(
      expect.arrayContaining([
        "POST /quotes/{id}/accept",
        "POST /quotes/{id}/reject",
        "GET /quotes/{id}/live",
        "POST /quotes/{id}/items/{itemId}/manual-price",
        "POST /quotes/{id}/items/{itemId}/discount",
        "DELETE /quotes/{id}/discount",
      ]),
    );
    expect(CASES.length).toBeGreaterThan(45);
  });

  it.each(CASES)("$name: another shop's id is 404, like an unknown id", async ({ run }) => {
    const foreign = await expectError(run(a, idsB), 404, "NOT_FOUND");
    const unknown = await expectError(run(a, Object.fromEntries(Object.keys(idsB).map((k) => [k, crypto.randomUUID()])) as ShopIds), 404, "NOT_FOUND");
    expect(foreign.error.message).toBe(unknown.error.message);
  });

  it.each(CASES)("$name: the owner's own ids are found", async ({ run }) => {
    const res = await run(b, idsB);
    if (res.webSocket) return expect(res.status).toBe(101);
    expect(res.status, await res.clone().text()).not.toBe(404);
    expect(res.status).toBeLessThan(500);
  });

  it("lists never show another shop's rows", async () => {
    const customers = await data<{ id: string }[]>(a.owner.get("/api/v1/customers"));
    expect(customers.map((c) => c.id)).toContain(idsA.customer);
    expect(customers.map((c) => c.id)).not.toContain(idsB.customer);
    const keys = await data<{ id: string }[]>(a.owner.get("/api/v1/api-keys"));
    expect(keys.map((k) => k.id)).not.toContain(idsB.apiKey);
    const models = await data<{ id: string }[]>(a.owner.get("/api/v1/models"));
    expect(models.map((m) => m.id).sort()).toEqual([idsA.model, idsA.cadModel].sort());
    const users = await data<{ email: string }[]>(a.owner.get("/api/v1/users"));
    expect(users.map((u) => u.email)).not.toContain(b.ownerEmail);
    const staff = await data<{ id: string; email: string }[]>(a.owner.get("/api/v1/staff"));
    expect(staff.map((m) => m.email)).toContain(a.ownerEmail);
    expect(staff.map((m) => m.id)).not.toContain(idsB.staffMember);
    expect(staff.map((m) => m.email)).not.toContain(b.ownerEmail);
    const threads = await data<{ subject: { id: string } }[]>(a.owner.get("/api/v1/messages/threads"));
    expect(threads.map((th) => th.subject.id)).toEqual([idsA.project]);
  });

  it("a shop's Stripe connection and shipping methods are its own: read, set and disconnected per shop", async () => {
    const stripe = { secret_key: "sk_test_crossTenant4242", webhook_secret: "whsec_test0123456789abcdefABCDEF" };
    await data(b.owner.fetch("/api/v1/payments/stripe", { method: "PUT", json: stripe }));
    expect(await data(a.owner.get("/api/v1/payments/stripe"))).toMatchObject({ connected: false, secret_key_hint: null });
    await data(a.owner.fetch("/api/v1/payments/stripe", { method: "DELETE" }));
    expect(await data(b.owner.get("/api/v1/payments/stripe"))).toMatchObject({ connected: true, secret_key_hint: "…4242" });
    const parcel = { kind: "flat", code: "b-only", name: "B's courier", price: 900, days: 1, countries: ["*"] };
    await data(b.owner.fetch("/api/v1/tenant/shipping-methods", { method: "PUT", json: { methods: [parcel] } }));
    const seen = await data<{ methods: { code: string }[] }>(a.owner.get("/api/v1/tenant/shipping-methods"));
    expect(seen.methods.map((m) => m.code)).not.toContain("b-only");
  });

  it("a customer's portal dashboard holds its own shop's work and none of another shop's", async () => {
    const admin = await userWithRole(a, "customer_admin", idsA.customer);
    const dashboard = await data<{ projects: { items: { id: string }[] } }>(admin.get("/api/v1/portal/dashboard"));
    expect(dashboard.projects.items.map((p) => p.id)).toContain(idsA.project);
    const seen = JSON.stringify(dashboard);
    expect(Object.entries(idsB).filter(([, id]) => seen.includes(id))).toEqual([]);
  });
});
