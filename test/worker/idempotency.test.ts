import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { demoCatalog } from "../../engine/pricing/demo-catalog.ts";
import { door, tinyPng } from "./fixtures.ts";
import { type Client, createTenant, data, registerCustomer, type TestTenant, tenantDb } from "./helpers.ts";
import { openApiDocument } from "./response-contract.ts";
import { checkoutOf, fillPath, placedDoorOrder, seedShop, shipmentOf, type ShopIds } from "./shop-fixture.ts";

type Doc = { paths: Record<string, Record<string, { responses: Record<string, unknown>; parameters?: { name: string; in: string }[] }>> };

/** Sign-up makes a shop on the platform's root host: no shop holds its key, and a retry meets "slug taken". */
const NOT_SHOP_SCOPED = new Set(["POST /tenants"]);

afterEach(() => void vi.restoreAllMocks());

/** An accepted quote of the owner's, ready to be ordered. */
async function acceptedQuote(t: TestTenant, ids: ShopIds) {
  const quote = await data<{ id: string }>(
    t.owner.post("/api/v1/quotes", { items: [{ model_id: ids.model, process: "fff", material: "pla", quantity: 3 }] }),
    201,
  );
  await vi.waitFor(async () => expect((await data<{ status: string }>(t.owner.get(`/api/v1/quotes/${quote.id}`))).status).toBe("priced"), {
    timeout: 15_000,
    interval: 100,
  });
  await data(t.owner.post(`/api/v1/quotes/${quote.id}/send`));
  await data(t.owner.post(`/api/v1/quotes/${quote.id}/accept`));
  return quote.id;
}

/** Stripe's API, played by a fetch stub. */
function stripeApi() {
  const original = globalThis.fetch;
  vi.spyOn(globalThis, "fetch").mockImplementation(async (input: RequestInfo | URL, init?: RequestInit) => {
    const req = new Request(input, init);
    if (!req.url.startsWith("https://api.stripe.com/")) return original(input, init);
    return Response.json({
      id: `cs_test_${crypto.randomUUID()}`,
      object: "checkout.session",
      url: "https://checkout.stripe.com/c/pay/cs_test",
      payment_status: "unpaid",
    });
  });
}

/** How to call each creating POST once: its concrete path and body. A new one must be added here. */
/** A manufacturing order still in production (the fixture's is finished), made once. */
let openMo: Promise<string> | undefined;
const moInProduction = (t: TestTenant) => (openMo ??= placedDoorOrder(t, 1).then((o) => o.mo.id));
const lotBody = { material: "Profile", supplier: "Alu AG", supplier_lot: "R-1", quantity: 10, unit: "m" };

/** How to call each creating POST: its path and either a JSON body or raw bytes (`body`, sent as `type`); as the owner unless `caller` is given. */
const CREATES: Record<
  string,
  (t: TestTenant, ids: ShopIds) => Promise<{ path: string; json?: unknown; body?: Uint8Array<ArrayBuffer>; type?: string; caller?: Client }>
> = {
  "POST /customers": async () => ({ path: "/customers", json: { name: "Replayed Ltd" } }),
  "POST /api-keys": async () => ({ path: "/api-keys", json: { name: "replayed", scopes: ["quotes:read"] } }),
  "POST /api-keys/{id}/rotate": async (t) => ({
    path: `/api-keys/${(await data<{ id: string }>(t.owner.post("/api/v1/api-keys", { name: "to rotate", scopes: ["quotes:read"] }), 201)).id}/rotate`,
  }),
  "POST /models/uploads": async () => ({ path: "/models/uploads?filename=replayed.stl", json: { size_bytes: 100 } }),
  "POST /price-books": async () => ({ path: "/price-books", json: { book: { ...demoCatalog, minimum_order_value: 1234 } } }),
  "POST /quotes": async (_t, ids) => ({ path: "/quotes", json: { items: [{ model_id: ids.model, process: "fff", material: "pla", quantity: 1 }] } }),
  "POST /quotes/{id}/items": async (t, ids) => {
    const quote = await data<{ id: string }>(
      t.owner.post("/api/v1/quotes", { items: [{ model_id: ids.model, process: "fff", material: "pla", quantity: 1 }] }),
      201,
    );
    return { path: `/quotes/${quote.id}/items`, json: { model_id: ids.model, process: "fff", material: "pla", quantity: 2 } };
  },
  "POST /products": async () => ({ path: "/products", json: { name: "Replayed door", generator_key: "spw600e-door" } }),
  "POST /configurations": async (_t, ids) => ({ path: "/configurations", json: { product_id: ids.product, config: door } }),
  "POST /webhooks/sources": async () => ({ path: "/webhooks/sources", json: { name: "replayed-source" } }),
  "POST /webhooks/endpoints": async () => ({
    path: "/webhooks/endpoints",
    json: { url: "https://erp.partner.example.com/replayed", event_types: ["quote.priced"] },
  }),
  "POST /quotes/{id}/purchase-order": async (t, ids) => ({ path: `/quotes/${await acceptedQuote(t, ids)}/purchase-order`, json: { po_number: "PO-REPLAY" } }),
  "POST /lots": async () => ({ path: "/lots", json: lotBody }),
  "POST /materials": async () => ({ path: "/materials", json: { code: "GU-4-16-4", name: "Glass unit", kind: "glass", unit: "pcs" } }),
  "POST /lots/{number}/split": async (_t, ids) => ({ path: `/lots/${ids.lot}/split`, json: { quantity: 1 } }),
  "POST /lots/merge": async (t) => {
    const lots = await Promise.all([1, 2].map(async () => (await data<{ lot_number: string }>(t.owner.post("/api/v1/lots", lotBody), 201)).lot_number));
    return { path: "/lots/merge", json: { lot_numbers: lots } };
  },
  "POST /manufacturing-orders/{id}/qc-checkpoints": async (t) => ({
    path: `/manufacturing-orders/${await moInProduction(t)}/qc-checkpoints`,
    json: { checkpoint_stage: "Glazing", inspector_name: "Ann", checks: [{ description: "Bead gap", status: "pass" }] },
  }),
  "POST /manufacturing-orders/{id}/qc-checkpoints/{checkpointId}/photos": async (_t, ids) => ({
    path: `/manufacturing-orders/${ids.manufacturingOrder}/qc-checkpoints/${ids.qcCheckpoint}/photos`,
    body: tinyPng(3),
    type: "image/png",
  }),
  "POST /manufacturing-orders/{id}/consumptions": async (t, ids) => ({
    path: `/manufacturing-orders/${await moInProduction(t)}/consumptions`,
    json: { lot_number: ids.lot, quantity: 1 },
  }),
  "POST /orders/{id}/shipments": async (_t, ids) => ({ path: `/orders/${ids.order}/shipments`, json: shipmentOf(ids.manufacturingOrder, 1) }),
  "POST /drawings/requests": async (_t, ids) => ({
    path: "/drawings/requests",
    json: { configuration_id: ids.configuration, drawing_types: ["plan"], formats: ["svg"] },
  }),
  "POST /drawings/{id}/revisions": async (_t, ids) => ({ path: `/drawings/${ids.drawing}/revisions`, json: { reason: "Replayed" } }),
  // Addresses are a customer company's: the owner belongs to none.
  "POST /company/addresses": async (t) => ({
    path: "/company/addresses",
    json: { name: "Ann Baker", line1: "Hafenstraße 12", city: "Hamburg", postcode: "20457", country: "DE" },
    caller: (await registerCustomer(t.host)).client,
  }),
  // Members and projects are a customer company's: its admin (whoever registers it) makes them.
  "POST /company/members": async (t) => ({
    path: "/company/members",
    json: { email: `replayed-${t.id}@example.test`, role: "customer_user" },
    caller: (await registerCustomer(t.host)).client,
  }),
  "POST /quotes/{id}/messages": async (_t, ids) => ({ path: `/quotes/${ids.quote}/messages`, json: { body: "Replayed message" } }),
  "POST /projects/{id}/messages": async (_t, ids) => ({ path: `/projects/${ids.project}/messages`, json: { body: "Replayed message" } }),
  "POST /message-attachments": async () => ({ path: "/message-attachments?filename=replayed.png", body: tinyPng(5), type: "image/png" }),
  // The shop records the customer's approval on the customer's behalf.
  "POST /drawings/{id}/approvals": async (_t, ids) => ({ path: `/drawings/${ids.drawing}/approvals`, json: { decision: "approved" } }),
  // An order of a printed part (the seeded order is of a door; see the door's case in reorder.test.ts).
  "POST /orders/{id}/reorder": async (t, ids) => {
    const quote = await acceptedQuote(t, ids);
    const order = await data<{ id: string }>(t.owner.post(`/api/v1/quotes/${quote}/purchase-order`, { po_number: "PO-AGAIN" }), 201);
    return { path: `/orders/${order.id}/reorder` };
  },
  // A fresh order on a purchase order (a shipment issues its order's invoice, so the seeded one may have it already).
  "POST /orders/{id}/invoice": async (t, ids) => {
    const quote = await acceptedQuote(t, ids);
    const order = await data<{ id: string }>(t.owner.post(`/api/v1/quotes/${quote}/purchase-order`, { po_number: "PO-INVOICE" }), 201);
    return { path: `/orders/${order.id}/invoice` };
  },
  "POST /staff": async (t) => ({ path: "/staff", json: { email: `replayed-staff-${t.id}@example.test`, role: "staff" } }),
  "POST /tenant/domains": async (t) => ({ path: "/tenant/domains", json: { hostname: `replayed.${t.slug}.example` } }),
  "POST /projects": async (t) => ({ path: "/projects", json: { name: "Replayed project" }, caller: (await registerCustomer(t.host)).client }),
  "POST /checkouts": async (t, ids) => {
    const quote = await data<{ id: string }>(t.owner.post("/api/v1/quotes", { items: [{ configuration_id: ids.configuration, quantity: 1 }] }), 201);
    await data(t.owner.post(`/api/v1/quotes/${quote.id}/send`));
    return { path: "/checkouts", json: checkoutOf(quote.id) };
  },
  "POST /quotes/{id}/checkout": async (t, ids) => {
    await data(
      t.owner.fetch("/api/v1/payments/stripe", {
        method: "PUT",
        json: { secret_key: "sk_test_abcdefgh123", webhook_secret: "whsec_test0123456789abcdefABCDEF" },
      }),
    );
    stripeApi();
    return { path: `/quotes/${await acceptedQuote(t, ids)}/checkout` };
  },
};

describe("Idempotency-Key on every creating POST", () => {
  let creating: string[];
  let t: TestTenant;
  let ids: ShopIds;

  beforeAll(async () => {
    const doc = (await openApiDocument()) as unknown as Doc;
    creating = Object.entries(doc.paths).flatMap(([path, item]) => (item.post?.responses["201"] ? [`POST ${path}`] : []));
    t = await createTenant();
    ids = await seedShop(t);
  }, 120_000);

  it("the document lists the creating POSTs, each declaring the Idempotency-Key header, and each has a replay case here", async () => {
    const doc = (await openApiDocument()) as unknown as Doc;
    expect(creating.length).toBeGreaterThan(10);
    for (const name of creating.filter((n) => !NOT_SHOP_SCOPED.has(n))) {
      const params = doc.paths[name.slice(5)].post.parameters ?? [];
      expect(
        params.some((p) => p.in === "header" && p.name === "idempotency-key"),
        `${name} declares Idempotency-Key`,
      ).toBe(true);
      expect(Object.keys(CREATES), `${name} needs a replay case`).toContain(name);
    }
  });

  it("a replay with the same key answers the same resource, marked replayed, and creates nothing new", { timeout: 120_000 }, async () => {
    for (const name of creating.filter((n) => !NOT_SHOP_SCOPED.has(n))) {
      expect(fillPath(name.slice(5), ids), name).toBeDefined();
      const { path, json, body, type, caller = t.owner } = await CREATES[name](t, ids);
      const headers = { "idempotency-key": `replay-${crypto.randomUUID()}`, ...(type ? { "content-type": type } : {}) };
      const first = await caller.fetch(`/api/v1${path}`, { method: "POST", json, body, headers });
      expect(first.status, `${name}: ${await first.clone().text()}`).toBe(201);
      expect(first.headers.get("idempotent-replayed"), name).toBeNull();
      const again = await caller.fetch(`/api/v1${path}`, { method: "POST", json, body, headers });
      expect(again.status, name).toBe(201);
      expect(again.headers.get("idempotent-replayed"), name).toBe("true");
      const [a, b] = [(await first.json<{ data: unknown }>()).data, (await again.json<{ data: unknown }>()).data];
      expect(b, name).toEqual(a);
      // Without the key the same body is a new request: the replay above was the key's doing.
      const fresh = await caller.fetch(`/api/v1${path}`, {
        method: "POST",
        json,
        body,
        headers: { ...headers, "idempotency-key": `replay-${crypto.randomUUID()}` },
      });
      expect(fresh.headers.get("idempotent-replayed"), name).toBeNull();
    }
  });

  it("a retry after a failed answer (its key released) finds the quote the first attempt wrote, not a twin; another body is another quote", async () => {
    const body = { items: [{ model_id: ids.model, process: "fff", material: "pla", quantity: 7 }] };
    const headers = { "idempotency-key": `retry-${crypto.randomUUID()}` };
    const first = await data<{ id: string; number: string }>(t.owner.post("/api/v1/quotes", body, { headers }), 201);
    // What the middleware does when the answer fails (a 503 while the shop began moving): the key is released.
    const db = await tenantDb(t.id);
    await db.prepare("delete from idempotency_keys where tenant_id = ?").bind(t.id).run();
    const count = () => db.prepare("select count(*) as n from quotes where tenant_id = ?").bind(t.id).first<number>("n");
    const before = await count();
    const retried = await t.owner.fetch("/api/v1/quotes", { method: "POST", json: body, headers });
    expect(retried.status).toBe(201);
    expect(retried.headers.get("idempotent-replayed")).toBeNull();
    expect((await retried.json<{ data: { id: string; number: string; status: string } }>()).data).toMatchObject({
      id: first.id,
      number: first.number,
      status: "priced",
    });
    expect(await count()).toBe(before);
    await db.prepare("delete from idempotency_keys where tenant_id = ?").bind(t.id).run();
    const other = await data<{ id: string }>(t.owner.post("/api/v1/quotes", { items: [{ ...body.items[0], quantity: 8 }] }, { headers }), 201);
    expect(other.id).not.toBe(first.id);

    // Adding an item to a quote: the retry finds the item the first attempt added.
    const itemHeaders = { "idempotency-key": `retry-${crypto.randomUUID()}` };
    const item = { model_id: ids.model, process: "fff", material: "pla", quantity: 2 };
    const withItem = await data<{ items: { id: string }[] }>(t.owner.post(`/api/v1/quotes/${first.id}/items`, item, { headers: itemHeaders }), 201);
    await db.prepare("delete from idempotency_keys where tenant_id = ?").bind(t.id).run();
    const retriedItem = await data<{ items: { id: string }[] }>(t.owner.post(`/api/v1/quotes/${first.id}/items`, item, { headers: itemHeaders }), 201);
    expect(retriedItem.items.map((i) => i.id)).toEqual(withItem.items.map((i) => i.id));
    expect(withItem.items).toHaveLength(2);

    // Ordering again creates a quote the same way.
    const { path } = await CREATES["POST /orders/{id}/reorder"](t, ids);
    const again = { "idempotency-key": `retry-${crypto.randomUUID()}` };
    const reordered = await data<{ id: string }>(t.owner.post(`/api/v1${path}`, {}, { headers: again }), 201);
    expect(reordered.id).toEqual(expect.any(String));
    await db.prepare("delete from idempotency_keys where tenant_id = ?").bind(t.id).run();
    const quotes = await count();
    expect(await data<{ id: string }>(t.owner.post(`/api/v1${path}`, {}, { headers: again }), 201)).toMatchObject({ id: reordered.id });
    expect(await count()).toBe(quotes);
  });

  it("stores the answer encrypted: a new API key's secret is not readable in D1", async () => {
    const headers = { "idempotency-key": `secret-${crypto.randomUUID()}` };
    const created = await data<{ key: string }>(t.owner.post("/api/v1/api-keys", { name: "secret", scopes: ["quotes:read"] }, { headers }), 201);
    const stored = await (await tenantDb(t.id)).prepare("select response from idempotency_keys where tenant_id = ?").bind(t.id).all<{ response: string }>();
    expect(stored.results.length).toBeGreaterThan(0);
    expect(JSON.stringify(stored.results)).not.toContain(created.key);
  });
});
