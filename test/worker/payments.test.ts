import { env } from "cloudflare:workers";
import Stripe from "stripe";
import { afterEach, describe, expect, it, vi } from "vitest";
import { findOrderOfQuote, markPaidStatement } from "../../worker/db/orders.ts";
import { findQuote } from "../../worker/db/quotes.ts";
import { buildCuttingList } from "../../worker/orders/cutting-list.ts";
import { awaitingPaymentStatements, purchaseOrderStatements } from "../../worker/quotes/order.ts";
import { Client, createTenant, data, expectError, registerCustomer, tenantDb, scopeFor } from "./helpers.ts";
import { binaryStl, boxTriangles, door } from "./fixtures.ts";
import { rows } from "./webhook-helpers.ts";
import { SYSTEM } from "../../worker/db/viewer.ts";

type Quote = { id: string; status: string; currency: string; totals: { gross_total: number } | null };
type Order = { id: string; status: string; amount: number; currency: string; payment_method: string; po_number: string | null };

const WEBHOOK_SECRET = "whsec_test0123456789abcdefABCDEF";
afterEach(() => void vi.restoreAllMocks());

async function acceptedQuote(t: Awaited<ReturnType<typeof createTenant>>, customer: Client) {
  const res = await customer.fetch("/api/v1/models?filename=part.stl", { method: "POST", body: binaryStl(boxTriangles([40, 30, 20])) });
  const model = (await res.json<{ data: { id: string } }>()).data;
  await vi.waitFor(async () => expect((await data<{ status: string }>(customer.get(`/api/v1/models/${model.id}`))).status).toBe("analyzed"), {
    timeout: 15_000,
    interval: 100,
  });
  const quote = await data<Quote>(customer.post("/api/v1/quotes", { items: [{ model_id: model.id, process: "fff", material: "pla", quantity: 2 }] }), 201);
  await vi.waitFor(async () => expect((await data<Quote>(customer.get(`/api/v1/quotes/${quote.id}`))).status).toBe("priced"), {
    timeout: 15_000,
    interval: 100,
  });
  await data(t.owner.post(`/api/v1/quotes/${quote.id}/send`));
  return data<Quote>(customer.post(`/api/v1/quotes/${quote.id}/accept`));
}

/** Stripe's API, played by a fetch stub: nothing leaves the machine. */
function stripeApi() {
  const calls: { url: string; form: URLSearchParams; headers: Headers }[] = [];
  const original = globalThis.fetch;
  vi.spyOn(globalThis, "fetch").mockImplementation(async (input: RequestInfo | URL, init?: RequestInit) => {
    const req = new Request(input, init);
    if (!req.url.startsWith("https://api.stripe.com/")) return original(input, init);
    calls.push({ url: req.url, form: new URLSearchParams(await req.text()), headers: req.headers });
    return Response.json({ id: "cs_test_123", object: "checkout.session", url: "https://checkout.stripe.com/c/pay/cs_test_123", payment_status: "unpaid" });
  });
  return calls;
}

async function stripeEvent(host: string, event: Record<string, unknown>, secret = WEBHOOK_SECRET) {
  const payload = JSON.stringify(event);
  const header = await Stripe.webhooks.generateTestHeaderStringAsync({ payload, secret, cryptoProvider: Stripe.createSubtleCryptoProvider() });
  return new Client(host).fetch("/webhooks/stripe", {
    method: "POST",
    headers: { "stripe-signature": header, "content-type": "application/json" },
    body: payload,
  });
}

const completed = (id: string, order: Order, extra: Record<string, unknown> = {}) => ({
  id,
  object: "event",
  type: "checkout.session.completed",
  data: {
    object: {
      id: "cs_test_123",
      object: "checkout.session",
      client_reference_id: order.id,
      metadata: { order_id: order.id },
      payment_status: "paid",
      amount_total: order.amount,
      currency: order.currency.toLowerCase(),
      payment_intent: "pi_123",
      ...extra,
    },
  },
});

const STRIPE_SETTINGS = { method: "PUT", json: { secret_key: "sk_test_abcdefgh123", webhook_secret: WEBHOOK_SECRET } };
const putStripeWithKey = (host: string, key: string) =>
  new Client(host).fetch("/api/v1/payments/stripe", { ...STRIPE_SETTINGS, headers: { authorization: `Bearer ${key}` } });

describe("payments permissions", () => {
  it("the shop's Stripe keys need payments:admin: staff and keys scoped otherwise get 403", async () => {
    const t = await createTenant();
    const staff = await registerCustomer(t.host, "Staff");
    await (await tenantDb(t.id)).prepare("update users set role = 'staff', customer_id = null where id = ?").bind(staff.userId).run();
    await expectError(staff.client.fetch("/api/v1/payments/stripe", STRIPE_SETTINGS), 403, "FORBIDDEN", "role");
    const webhooksKey = await data<{ key: string }>(t.owner.post("/api/v1/api-keys", { name: "ops", scopes: ["webhooks:admin"] }), 201);
    await expectError(putStripeWithKey(t.host, webhooksKey.key), 403, "FORBIDDEN", "scopes");
    const paymentsKey = await data<{ key: string }>(t.owner.post("/api/v1/api-keys", { name: "billing", scopes: ["payments:admin"] }), 201);
    expect((await data<{ configured: boolean }>(putStripeWithKey(t.host, paymentsKey.key))).configured).toBe(true);
    expect((await data<{ permissions: string[] }>(t.owner.get("/api/v1/me"))).permissions).toContain("payments:admin");
  });

  it("a customer who accepted their quote may pay for it; a viewer of their company may not", async () => {
    const t = await createTenant();
    const { client: customer, customerId } = await registerCustomer(t.host);
    const quote = await acceptedQuote(t, customer);
    const viewer = await registerCustomer(t.host, "Viewer");
    await (await tenantDb(t.id)).prepare("update users set role = 'customer_viewer', customer_id = ? where id = ?").bind(customerId, viewer.userId).run();
    expect((await data<Quote>(viewer.client.get(`/api/v1/quotes/${quote.id}`))).status).toBe("accepted");
    await expectError(viewer.client.post(`/api/v1/quotes/${quote.id}/checkout`), 403, "FORBIDDEN", "role");
    await expectError(viewer.client.post(`/api/v1/quotes/${quote.id}/purchase-order`, { po_number: "PO-V" }), 403, "FORBIDDEN", "role");
    expect(await data<Order>(customer.post(`/api/v1/quotes/${quote.id}/purchase-order`, { po_number: "PO-C" }), 201)).toMatchObject({
      status: "purchase_order",
    });
  });
});

describe("Stripe payments", () => {
  it("checkout → Checkout Session for the quote's total → checkout.session.completed pays the order exactly once", async () => {
    const t = await createTenant();
    const { client: customer } = await registerCustomer(t.host);
    const quote = await acceptedQuote(t, customer);
    await expectError(customer.post(`/api/v1/quotes/${quote.id}/checkout`), 409, "CONFLICT", "payments.stripe");

    await expectError(
      t.owner.fetch("/api/v1/payments/stripe", { method: "PUT", json: { secret_key: "pk_test_123", webhook_secret: WEBHOOK_SECRET } }),
      400,
      "VALIDATION_ERROR",
      "secret_key",
    );
    await expectError(
      customer.fetch("/api/v1/payments/stripe", { method: "PUT", json: { secret_key: "sk_test_abcdefgh123", webhook_secret: WEBHOOK_SECRET } }),
      403,
      "FORBIDDEN",
    );
    const configured = await data<{ secret_key_hint: string }>(
      t.owner.fetch("/api/v1/payments/stripe", { method: "PUT", json: { secret_key: "sk_test_abcdefgh123", webhook_secret: WEBHOOK_SECRET } }),
    );
    expect(configured.secret_key_hint).toBe("…h123");
    expect(JSON.stringify(await rows(t, "select * from stripe_accounts where tenant_id = ?", t.id))).not.toContain("sk_test");

    const calls = stripeApi();
    const checkout = await data<{ order: Order; session_id: string; checkout_url: string }>(customer.post(`/api/v1/quotes/${quote.id}/checkout`), 201);
    expect(checkout).toMatchObject({ session_id: "cs_test_123", checkout_url: "https://checkout.stripe.com/c/pay/cs_test_123" });
    expect(checkout.order).toMatchObject({ status: "awaiting_payment", amount: quote.totals!.gross_total, currency: quote.currency });
    const [call] = calls;
    expect(call.url).toBe("https://api.stripe.com/v1/checkout/sessions");
    expect(call.headers.get("authorization")).toBe("Bearer sk_test_abcdefgh123");
    expect(call.headers.get("idempotency-key")).toBe(`checkout:${checkout.order.id}:${quote.totals!.gross_total}`);
    expect(call.form.get("line_items[0][price_data][unit_amount]")).toBe(String(quote.totals!.gross_total));
    expect(call.form.get("line_items[0][price_data][currency]")).toBe(quote.currency.toLowerCase());
    expect(call.form.get("metadata[order_id]")).toBe(checkout.order.id);

    // A forged event is refused; Stripe's retries (same id) and a second event for the same session change nothing.
    await expectError(stripeEvent(t.host, completed("evt_forged", checkout.order), "whsec_wrong0123456789abcdef"), 401, "UNAUTHORIZED", "signature");
    const deliveries = await Promise.all(Array.from({ length: 10 }, () => stripeEvent(t.host, completed("evt_1", checkout.order))));
    expect(deliveries.map((r) => r.status).sort()).toEqual([200, 200, 200, 200, 200, 200, 200, 200, 200, 202]);
    await vi.waitFor(async () => expect((await data<Order>(customer.get(`/api/v1/quotes/${quote.id}/order`))).status).toBe("paid"), {
      timeout: 15_000,
      interval: 200,
    });
    expect((await stripeEvent(t.host, completed("evt_2", checkout.order))).status).toBe(202);
    await vi.waitFor(
      async () =>
        expect(await rows(t, "select status from webhook_events where tenant_id = ? and external_id = 'evt_2'", t.id)).toEqual([{ status: "processed" }]),
      { timeout: 15_000, interval: 200 },
    );
    const sent = await rows<{ type: string; payload: string }>(
      t,
      "select type, payload from outbound_events where tenant_id = ? and type in ('order.created', 'payment.succeeded') order by type",
      t.id,
    );
    expect(sent.map((e) => e.type)).toEqual(["order.created", "payment.succeeded"]);
    expect(JSON.parse(sent[1].payload)).toMatchObject({
      order_id: checkout.order.id,
      amount: quote.totals!.gross_total,
      provider: "stripe",
      payment_reference: "pi_123",
    });

    await expectError(customer.post(`/api/v1/quotes/${quote.id}/checkout`), 409, "CONFLICT", "order");
    await expectError(customer.post(`/api/v1/quotes/${quote.id}/purchase-order`, { po_number: "PO-1" }), 409, "CONFLICT", "order");
  });

  it("a session that does not match the order's amount fails and is dead-lettered, never paid", async () => {
    const t = await createTenant();
    const { client: customer } = await registerCustomer(t.host);
    const quote = await acceptedQuote(t, customer);
    await data(t.owner.fetch("/api/v1/payments/stripe", { method: "PUT", json: { secret_key: "sk_test_abcdefgh123", webhook_secret: WEBHOOK_SECRET } }));
    stripeApi();
    const { order } = await data<{ order: Order }>(customer.post(`/api/v1/quotes/${quote.id}/checkout`), 201);
    await data(stripeEvent(t.host, completed("evt_cheap", order, { amount_total: 1 })), 202);
    await vi.waitFor(async () => expect(await rows(t, "select status from webhook_events where tenant_id = ?", t.id)).toEqual([{ status: "failed" }]), {
      timeout: 15_000,
      interval: 200,
    });
    expect((await data<Order>(customer.get(`/api/v1/quotes/${quote.id}/order`))).status).toBe("awaiting_payment");
    expect(await rows(t, "select direction, event_type from webhook_dead_letters where tenant_id = ?", t.id)).toEqual([
      { direction: "inbound", event_type: "checkout.session.completed" },
    ]);
  });

  it("purchase order: an accepted quote is ordered once, and order.created goes out", async () => {
    const t = await createTenant();
    const { client: customer } = await registerCustomer(t.host);
    const quote = await acceptedQuote(t, customer);
    await expectError(customer.post(`/api/v1/quotes/${quote.id}/purchase-order`, {}), 400, "VALIDATION_ERROR", "po_number");
    const order = await data<Order>(customer.post(`/api/v1/quotes/${quote.id}/purchase-order`, { po_number: "PO-ABC-9876" }), 201);
    expect(order).toMatchObject({ status: "purchase_order", payment_method: "purchase_order", po_number: "PO-ABC-9876", amount: quote.totals!.gross_total });
    await expectError(customer.post(`/api/v1/quotes/${quote.id}/purchase-order`, { po_number: "PO-2" }), 409, "CONFLICT", "order");
    expect(await rows(t, "select type from outbound_events where tenant_id = ? and type = 'order.created'", t.id)).toEqual([{ type: "order.created" }]);

    const model = (await rows<{ id: string }>(t, "select id from models where tenant_id = ?", t.id))[0];
    const open = await data<Quote>(customer.post("/api/v1/quotes", { items: [{ model_id: model.id, process: "fff", material: "pla", quantity: 1 }] }), 201);
    await expectError(customer.post(`/api/v1/quotes/${open.id}/purchase-order`, { po_number: "PO-3" }), 409, "CONFLICT", "status");
    await expectError(customer.post(`/api/v1/quotes/${open.id}/checkout`), 409, "CONFLICT", "status");
  });

  it("a purchase order whose queues fail after the commit is still a 201, logged for the sweeps to repair", async () => {
    const t = await createTenant();
    const { client: customer } = await registerCustomer(t.host);
    const quote = await acceptedQuote(t, customer);
    vi.spyOn(env.DELIVERIES_QUEUE, "sendBatch").mockRejectedValue(new Error("queue down"));
    vi.spyOn(env.JOBS_QUEUE, "send").mockRejectedValue(new Error("queue down"));
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    await data(t.owner.post("/api/v1/webhooks/endpoints", { url: "https://erp.partner.example.com/hook", event_types: ["order.created"] }), 201);
    expect(await data<Order>(customer.post(`/api/v1/quotes/${quote.id}/purchase-order`, { po_number: "PO-Q" }), 201)).toMatchObject({
      status: "purchase_order",
    });
    const events = logged.mock.calls.map(([line]) => JSON.parse(String(line)).event);
    expect(events).toEqual(expect.arrayContaining(["order.dispatch_failed", "order.cutting_list_queue_failed"]));
  });

  it("a purchase order racing the card payment of the same order: once paid, the purchase order changes nothing and announces nothing", async () => {
    const t = await createTenant();
    const { client: customer } = await registerCustomer(t.host);
    const { id, totals } = await acceptedQuote(t, customer);
    const scope = await scopeFor(t.id);
    const quote = (await findQuote(scope, id, SYSTEM))!;
    await scope.db.batch(awaitingPaymentStatements(scope, quote, totals!.gross_total));
    // The purchase order read the order awaiting payment; the card payment commits first.
    const awaiting = (await findOrderOfQuote(scope, id))!;
    await scope.db.batch([markPaidStatement(scope, awaiting.id, "pi_123")]);
    await scope.db.batch(purchaseOrderStatements(scope, quote, totals!.gross_total, "PO-LATE", awaiting).statements);
    expect(await findOrderOfQuote(scope, id)).toMatchObject({ status: "paid", payment_method: "stripe", po_number: null });
    expect(await rows(t, "select id from outbound_events where tenant_id = ? and type = 'order.created'", t.id)).toEqual([]);
  });

  it("a card payment landing after the order went to a purchase order is recorded as paid, but the order is not announced twice", async () => {
    const t = await createTenant();
    const { client: customer } = await registerCustomer(t.host);
    const quote = await acceptedQuote(t, customer);
    await data(t.owner.fetch("/api/v1/payments/stripe", { method: "PUT", json: { secret_key: "sk_test_abcdefgh123", webhook_secret: WEBHOOK_SECRET } }));
    stripeApi();
    const { order } = await data<{ order: Order }>(customer.post(`/api/v1/quotes/${quote.id}/checkout`), 201);
    await data(customer.post(`/api/v1/quotes/${quote.id}/purchase-order`, { po_number: "PO-FIRST" }), 201);
    await data(stripeEvent(t.host, completed("evt_late_card", order)), 202);
    await vi.waitFor(
      async () =>
        expect(await rows(t, "select status from webhook_events where tenant_id = ? and external_id = 'evt_late_card'", t.id)).toEqual([
          { status: "processed" },
        ]),
      { timeout: 15_000, interval: 200 },
    );
    expect((await data<Order>(customer.get(`/api/v1/quotes/${quote.id}/order`))).status).toBe("paid");
    const sent = await rows<{ type: string }>(
      t,
      "select type from outbound_events where tenant_id = ? and type in ('order.created', 'payment.succeeded') order by type",
      t.id,
    );
    expect(sent.map((e) => e.type)).toEqual(["order.created", "payment.succeeded"]);
  });

  it("a card payment landing after a purchase order whose cutting list is built leaves that list ready, built once", async () => {
    const t = await createTenant();
    const product = await data<{ id: string }>(t.owner.post("/api/v1/products", { name: "SPW600e door", generator_key: "spw600e-door" }), 201);
    const configuration = await data<{ id: string }>(t.owner.post("/api/v1/configurations", { product_id: product.id, config: door }), 201);
    const quote = await data<Quote>(t.owner.post("/api/v1/quotes", { items: [{ configuration_id: configuration.id, quantity: 2 }] }), 201);
    await data(t.owner.post(`/api/v1/quotes/${quote.id}/send`));
    await data(t.owner.post(`/api/v1/quotes/${quote.id}/accept`));
    await data(t.owner.fetch("/api/v1/payments/stripe", STRIPE_SETTINGS));
    stripeApi();
    const { order } = await data<{ order: Order }>(t.owner.post(`/api/v1/quotes/${quote.id}/checkout`), 201);
    await data(t.owner.post(`/api/v1/quotes/${quote.id}/purchase-order`, { po_number: "PO-DOOR" }), 201);
    const state = async () => (await rows<{ s: string }>(t, "select cutting_list_state as s from orders where id = ?", order.id))[0].s;
    await vi.waitFor(async () => expect(await state()).toBe("ready"), { timeout: 15_000, interval: 100 });

    await data(stripeEvent(t.host, completed("evt_late_door", order)), 202);
    await vi.waitFor(
      async () =>
        expect(await rows(t, "select status from webhook_events where tenant_id = ? and external_id = 'evt_late_door'", t.id)).toEqual([
          { status: "processed" },
        ]),
      { timeout: 15_000, interval: 200 },
    );
    expect(await state()).toBe("ready");
    await data(t.owner.get(`/api/v1/orders/${order.id}/cutting-list`));
    expect(await rows(t, "select type from outbound_events where tenant_id = ? and type = 'manufacturing.cutting_list_ready'", t.id)).toHaveLength(1);
  });

  it("a cutting list found recorded already (its order was reset to pending) settles as ready instead of staying pending", async () => {
    const t = await createTenant();
    const product = await data<{ id: string }>(t.owner.post("/api/v1/products", { name: "SPW600e door", generator_key: "spw600e-door" }), 201);
    const configuration = await data<{ id: string }>(t.owner.post("/api/v1/configurations", { product_id: product.id, config: door }), 201);
    const quote = await data<Quote>(t.owner.post("/api/v1/quotes", { items: [{ configuration_id: configuration.id, quantity: 1 }] }), 201);
    await data(t.owner.post(`/api/v1/quotes/${quote.id}/send`));
    await data(t.owner.post(`/api/v1/quotes/${quote.id}/accept`));
    const order = await data<Order>(t.owner.post(`/api/v1/quotes/${quote.id}/purchase-order`, { po_number: "PO-R" }), 201);
    const state = async () => (await rows<{ s: string }>(t, "select cutting_list_state as s from orders where id = ?", order.id))[0].s;
    await vi.waitFor(async () => expect(await state()).toBe("ready"), { timeout: 15_000, interval: 100 });
    await (await tenantDb(t.id)).prepare("update orders set cutting_list_state = 'pending' where id = ?").bind(order.id).run();
    await buildCuttingList({ kind: "order.cutting_list", tenant_id: t.id, order_id: order.id }, env);
    expect(await state()).toBe("ready");
  });
});
