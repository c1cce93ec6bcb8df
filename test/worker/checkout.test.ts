import { afterEach, describe, expect, it, vi } from "vitest";
import { demoCatalog } from "../../engine/pricing/demo-catalog.ts";
import { Client, createTenant, data, expectError, registerCustomer, type TestTenant, tenantDb } from "./helpers.ts";
import { binaryStl, boxTriangles, door } from "./fixtures.ts";
import { rows } from "./webhook-helpers.ts";
import { userWithRole } from "./shop-fixture.ts";

type Address = { name: string; line1: string; city: string; postcode: string; country: string; company?: string; label?: string };
type Quote = {
  id: string;
  status: string;
  currency: string;
  revision: number;
  totals: { items_total: number; net_total: number; gross_total: number; lead_time_days: number };
};
type Review = {
  lines: { item_id: string; label: string; quantity: number; unit_price: number; total: number }[];
  shipping: { code: string; price: number; days: number; weight_kg: number };
  net_total: number;
  tax: { rate: number; amount: number };
  total: number;
  delivery_date: string;
};
type Checkout = { id: string; quote_id: string; review: Review };
type Order = {
  id: string;
  number: string;
  status: string;
  amount: number;
  po_number: string | null;
  checkout_id: string | null;
  terms_version: number | null;
  billing_address: Address | null;
  shipping_address: Address | null;
  shipping: { code: string; price: number } | null;
  checkout_url: string | null;
};

const HOME: Address = { label: "Works", name: "Ann Baker", company: "Baker GmbH", line1: "Hafenstraße 12", city: "Hamburg", postcode: "20457", country: "DE" };
const PARIS: Address = { name: "Bea Roux", line1: "12 rue de Rivoli", city: "Paris", postcode: "75001", country: "FR" };
const METHODS = [
  { kind: "pickup", code: "pickup", name: "Collect from the workshop", days: 0 },
  { kind: "flat", code: "courier", name: "City courier", price: 1500, days: 1, countries: ["DE"] },
  { kind: "weight", code: "parcel", name: "Parcel", zones: [{ countries: ["DE", "FR"], days: 3, base: 500, per_kg: 200, max_kg: 30 }] },
];
const PLA = demoCatalog.materials.find((m) => m.code === "pla")!.density_g_cm3;

afterEach(() => void vi.restoreAllMocks());

async function shop() {
  const t = await createTenant();
  await data(t.owner.fetch("/api/v1/tenant/shipping-methods", { method: "PUT", json: { methods: METHODS } }));
  return t;
}

/** A customer's quote for `quantity` boxes of 100 × 100 × 50 mm in PLA, sent by the shop. */
async function sentQuote(t: TestTenant, customer: Client, quantity = 2) {
  const res = await customer.fetch("/api/v1/models?filename=box.stl", { method: "POST", body: binaryStl(boxTriangles([100, 100, 50])) });
  const model = (await res.json<{ data: { id: string } }>()).data;
  await vi.waitFor(async () => expect((await data<{ status: string }>(customer.get(`/api/v1/models/${model.id}`))).status).toBe("analyzed"), {
    timeout: 15_000,
    interval: 100,
  });
  const quote = await data<Quote>(customer.post("/api/v1/quotes", { items: [{ model_id: model.id, process: "fff", material: "pla", quantity }] }), 201);
  await vi.waitFor(async () => expect((await data<Quote>(customer.get(`/api/v1/quotes/${quote.id}`))).status).toBe("priced"), {
    timeout: 15_000,
    interval: 100,
  });
  return data<Quote>(t.owner.post(`/api/v1/quotes/${quote.id}/send`));
}

const body = (quoteId: string, over: Record<string, unknown> = {}) => ({
  quote_id: quoteId,
  billing_address: HOME,
  shipping_address: HOME,
  shipping_method: "parcel",
  payment: "purchase_order",
  po_number: "PO-778",
  terms_version: 1,
  ...over,
});

/** Stripe's Checkout Sessions API as its recorded answer: the form of each session asked for, answered with session `id`. */
function stripeSessions(id: string): URLSearchParams[] {
  const forms: URLSearchParams[] = [];
  const original = globalThis.fetch;
  vi.spyOn(globalThis, "fetch").mockImplementation(async (input: RequestInfo | URL, init?: RequestInit) => {
    const req = new Request(input, init);
    if (!req.url.startsWith("https://api.stripe.com/")) return original(input, init);
    forms.push(new URLSearchParams(await req.text()));
    return Response.json({ id, object: "checkout.session", url: `https://checkout.stripe.com/c/pay/${id}`, payment_status: "unpaid" });
  });
  return forms;
}

describe("company addresses", () => {
  it("a customer saves addresses for their company, which its other members see; bad fields are 422 by name", async () => {
    const t = await shop();
    const ann = await registerCustomer(t.host, "Ann");
    const saved = await data<Address & { id: string }>(ann.client.post("/api/v1/company/addresses", { ...HOME, country: "de" }), 201);
    expect(saved).toMatchObject({ ...HOME, line2: null, phone: null });
    const colleague = await userWithRole(t, "customer_viewer", ann.customerId);
    expect((await data<{ id: string }[]>(colleague.get("/api/v1/company/addresses"))).map((a) => a.id)).toEqual([saved.id]);
    // Viewers read; saving is for those who order.
    await expectError(colleague.post("/api/v1/company/addresses", PARIS), 403, "FORBIDDEN");
    // Another company of the shop sees none of them.
    const other = await registerCustomer(t.host, "Other");
    expect(await data(other.client.get("/api/v1/company/addresses"))).toEqual([]);
    await expectError(ann.client.post("/api/v1/company/addresses", { ...HOME, country: "Germany" }), 422, "UNPROCESSABLE_ENTITY", "country");
    await expectError(ann.client.post("/api/v1/company/addresses", { ...HOME, country: "XX" }), 422, "UNPROCESSABLE_ENTITY", "country");
    await expectError(ann.client.post("/api/v1/company/addresses", { ...HOME, line1: "  " }), 422, "UNPROCESSABLE_ENTITY", "line1");
    await expectError(ann.client.post("/api/v1/company/addresses", { ...HOME, phone: "call me" }), 422, "UNPROCESSABLE_ENTITY", "phone");
    const { postcode: _, ...noPostcode } = HOME;
    await expectError(ann.client.post("/api/v1/company/addresses", noPostcode), 422, "UNPROCESSABLE_ENTITY", "postcode");
    // Staff belong to no company: nothing listed, nothing to save to.
    expect(await data(t.owner.get("/api/v1/company/addresses"))).toEqual([]);
    await expectError(t.owner.post("/api/v1/company/addresses", HOME), 422, "UNPROCESSABLE_ENTITY", "company");
    await expectError(new Client(t.host).get("/api/v1/company/addresses"), 401, "UNAUTHORIZED");
    expect(await rows(t, "select id from company_addresses where tenant_id = ?", t.id)).toHaveLength(1);
  });
});

describe("checkout", () => {
  it("reviews every line with shipping by weight and tax, then confirms into a purchase order recording what was agreed", async () => {
    const t = await shop();
    const { client: customer } = await registerCustomer(t.host);
    const quote = await sentQuote(t, customer);
    const address = await data<{ id: string }>(customer.post("/api/v1/company/addresses", HOME), 201);
    const checkout = await data<Checkout>(customer.post("/api/v1/checkouts", body(quote.id, { billing_address: address.id, shipping_address: PARIS })), 201);

    // Two boxes of 500 cm³ in PLA; the parcel zone charges per started kilogram.
    const kg = Math.round((2 * 500 * PLA) / 10) / 100;
    expect(checkout.review.shipping).toEqual({ code: "parcel", name: "Parcel", price: 500 + 200 * Math.ceil(kg), days: 3, weight_kg: kg });
    expect(checkout.review.lines).toEqual([expect.objectContaining({ label: "box.stl", quantity: 2 })]);
    const net = quote.totals.net_total + checkout.review.shipping.price;
    expect(checkout.review.net_total).toBe(net);
    expect(checkout.review.tax.amount).toBe(Math.round(net * 0.19));
    expect(checkout.review.total).toBe(net + checkout.review.tax.amount);
    expect(checkout.review.delivery_date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    // Nothing is accepted until confirmed.
    expect((await data<Quote>(customer.get(`/api/v1/quotes/${quote.id}`))).status).toBe("sent");

    const order = await data<Order>(customer.post(`/api/v1/checkouts/${checkout.id}/confirm`));
    expect(order).toMatchObject({
      status: "purchase_order",
      po_number: "PO-778",
      amount: checkout.review.total,
      checkout_id: checkout.id,
      terms_version: 1,
      billing_address: { ...HOME, line2: null, phone: null },
      shipping_address: { ...PARIS, label: null, company: null },
      shipping: { code: "parcel", price: checkout.review.shipping.price },
      checkout_url: null,
    });
    expect(order.number).toMatch(/^ORD-\d{4}-\d{4}$/);
    expect((await data<Quote>(customer.get(`/api/v1/quotes/${quote.id}`))).status).toBe("accepted");
    expect(await data<Order>(customer.get(`/api/v1/orders/${order.id}`))).toMatchObject({ checkout_id: checkout.id, terms_version: 1 });
    // The confirmation document (its contents are read back by poppler in test/unit/documents).
    const pdf = await customer.get(`/api/v1/orders/${order.id}/confirmation`);
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get("content-type")).toBe("application/pdf");
    expect(new TextDecoder().decode((await pdf.arrayBuffer()).slice(0, 5))).toBe("%PDF-");
    // Nobody else's to read: a visitor without the buyer's session, another customer.
    await expectError(new Client(t.host).get(`/api/v1/orders/${order.id}/confirmation`), 404, "NOT_FOUND");
    await expectError((await registerCustomer(t.host, "Nosy")).client.get(`/api/v1/orders/${order.id}/confirmation`), 404, "NOT_FOUND");
    // Confirming again answers the same order; nothing new is made.
    expect(await data<Order>(customer.post(`/api/v1/checkouts/${checkout.id}/confirm`))).toMatchObject({ id: order.id, number: order.number });
    expect(await rows(t, "select id from orders where tenant_id = ?", t.id)).toHaveLength(1);
    // A second checkout of an ordered quote is refused.
    await expectError(customer.post("/api/v1/checkouts", body(quote.id)), 409, "CONFLICT", "quote_id");
  });

  it("collection from the shop costs the quote's gross total; two confirmations at once make one order", async () => {
    const t = await shop();
    const { client: customer } = await registerCustomer(t.host);
    const quote = await sentQuote(t, customer, 1);
    const checkout = await data<Checkout>(customer.post("/api/v1/checkouts", body(quote.id, { shipping_method: "pickup" })), 201);
    expect(checkout.review.shipping).toMatchObject({ price: 0, days: 0 });
    expect(checkout.review.total).toBe(quote.totals.gross_total);
    const answers = await Promise.all([1, 2, 3].map(() => customer.post(`/api/v1/checkouts/${checkout.id}/confirm`)));
    const orders = await Promise.all(answers.map((r) => data<Order>(r)));
    expect(new Set(orders.map((o) => o.id)).size).toBe(1);
    expect(await rows(t, "select id from orders where tenant_id = ?", t.id)).toHaveLength(1);
  });

  it("on a book whose prices include the tax, the buyer pays lines + shipping and the tax is the part of it that is tax, by card too", async () => {
    const t = await shop();
    const {
      price_book_version: _v,
      valid_from: _f,
      ...book
    } = await data<Record<string, unknown> & { tax: { rate: number } }>(t.owner.get("/api/v1/price-books/current"));
    await data(t.owner.post("/api/v1/price-books", { book: { ...book, tax: { label: "VAT", rate: 0.19, inclusive: true } }, note: "Prices include VAT" }), 201);
    await data(
      t.owner.fetch("/api/v1/payments/stripe", {
        method: "PUT",
        json: { secret_key: "sk_test_abcdefgh123", webhook_secret: "whsec_test0123456789abcdefABCDEF" },
      }),
    );
    const { client: customer } = await registerCustomer(t.host);
    const quote = await sentQuote(t, customer);
    const [item] = (
      await data<{ items: { price: { total: number; tax: { inclusive: boolean; amount: number; total_with_tax: number } } }[] }>(
        customer.get(`/api/v1/quotes/${quote.id}`),
      )
    ).items;
    const contained = (gross: number) => Math.round((gross * 0.19) / 1.19);
    expect(item.price.tax).toMatchObject({ inclusive: true, amount: contained(item.price.total), total_with_tax: item.price.total });
    const totals = quote.totals as Quote["totals"] & { minimum_order_surcharge: number; tax: { amount: number } };
    expect(totals.gross_total).toBe(totals.items_total + totals.minimum_order_surcharge);
    expect(totals.tax.amount).toBe(contained(totals.gross_total));
    expect(totals.net_total).toBe(totals.gross_total - totals.tax.amount);

    const checkout = await data<Checkout>(customer.post("/api/v1/checkouts", body(quote.id, { payment: "card", po_number: undefined })), 201);
    const r = checkout.review as Review & { minimum_order_surcharge: number; tax: { inclusive: boolean } };
    const pays = r.lines.reduce((s, l) => s + l.total, 0) + r.minimum_order_surcharge + r.shipping.price;
    expect(r.shipping.price).toBeGreaterThan(0);
    expect(r.total).toBe(pays);
    expect(r.tax).toMatchObject({ inclusive: true, rate: 0.19, amount: contained(pays) });
    expect(r.net_total).toBe(pays - r.tax.amount);

    const forms = stripeSessions("cs_test_7");
    const order = await data<Order>(customer.post(`/api/v1/checkouts/${checkout.id}/confirm`));
    expect(order.amount).toBe(pays);
    expect(forms[0].get("line_items[0][price_data][unit_amount]")).toBe(String(pays));
  });

  it("a configured product's weight is its bill of materials'", async () => {
    const t = await shop();
    const { client: customer } = await registerCustomer(t.host);
    const product = await data<{ id: string }>(t.owner.post("/api/v1/products", { name: "Door", generator_key: "spw600e-door" }), 201);
    const configuration = await data<{ id: string }>(customer.post("/api/v1/configurations", { product_id: product.id, config: door }), 201);
    const engineered = await data<{ engineering: { bom: { total_weight_kg: number } } }>(customer.get(`/api/v1/configurations/${configuration.id}`));
    const quote = await data<Quote>(customer.post("/api/v1/quotes", { items: [{ configuration_id: configuration.id, quantity: 2 }] }), 201);
    await data(t.owner.post(`/api/v1/quotes/${quote.id}/send`));
    const checkout = await data<Checkout>(customer.post("/api/v1/checkouts", body(quote.id, { shipping_method: "pickup" })), 201);
    expect(checkout.review.shipping.weight_kg).toBeCloseTo(2 * engineered.engineering.bom.total_weight_kg, 2);
    expect(checkout.review.shipping.weight_kg).toBeGreaterThan(30);
    // Heavier than the parcel zone takes.
    await expectError(customer.post("/api/v1/checkouts", body(quote.id)), 422, "UNPROCESSABLE_ENTITY", "shipping_method");
  });

  it("bad input is 422 naming the field, and nothing is stored", async () => {
    const t = await shop();
    const { client: customer } = await registerCustomer(t.host);
    const quote = await sentQuote(t, customer, 1);
    const post = (over: Record<string, unknown>) => customer.post("/api/v1/checkouts", body(quote.id, over));
    const { billing_address: _b, ...noBilling } = body(quote.id);
    const missing = await expectError(customer.post("/api/v1/checkouts", noBilling), 422, "UNPROCESSABLE_ENTITY", "billing_address");
    expect(missing.error.details[0].message).toMatch(/is required/);
    const { shipping_address: _s, ...noShipping } = body(quote.id);
    await expectError(customer.post("/api/v1/checkouts", noShipping), 422, "UNPROCESSABLE_ENTITY", "shipping_address");
    await expectError(post({ shipping_address: { ...PARIS, city: "" } }), 422, "UNPROCESSABLE_ENTITY", "shipping_address.city");
    await expectError(post({ billing_address: { ...HOME, country: "Deutschland" } }), 422, "UNPROCESSABLE_ENTITY", "billing_address.country");
    // A saved address of another company is not the caller's to use.
    const other = await registerCustomer(t.host, "Other");
    const theirs = await data<{ id: string }>(other.client.post("/api/v1/company/addresses", PARIS), 201);
    await expectError(post({ shipping_address: theirs.id }), 422, "UNPROCESSABLE_ENTITY", "shipping_address");
    // The courier serves Germany only; an unknown method is named too.
    const courier = await expectError(post({ shipping_address: PARIS, shipping_method: "courier" }), 422, "UNPROCESSABLE_ENTITY", "shipping_method");
    expect(courier.error.message).toContain("does not deliver to FR");
    await expectError(post({ shipping_method: "drone" }), 422, "UNPROCESSABLE_ENTITY", "shipping_method");
    // Terms: not accepted, an old version, a future one.
    const { terms_version: _t, ...noTerms } = body(quote.id);
    await expectError(customer.post("/api/v1/checkouts", noTerms), 422, "UNPROCESSABLE_ENTITY", "terms_version");
    await data(t.owner.fetch("/api/v1/tenant/business", { method: "PATCH", json: { quote_terms: "Payment within 14 days." } }));
    const terms = await data<{ version: number }>(customer.get("/api/v1/terms"));
    expect(terms.version).toBe(2);
    await expectError(post({ terms_version: 1 }), 422, "UNPROCESSABLE_ENTITY", "terms_version");
    await expectError(post({ terms_version: 3 }), 422, "UNPROCESSABLE_ENTITY", "terms_version");
    // A purchase order needs its number; a card needs the shop to take cards.
    await expectError(post({ terms_version: 2, po_number: undefined }), 422, "UNPROCESSABLE_ENTITY", "po_number");
    const card = await expectError(post({ terms_version: 2, payment: "card", po_number: undefined }), 422, "UNPROCESSABLE_ENTITY", "payment");
    expect(card.error.message).toContain("purchase order");
    await expectError(post({ terms_version: 2, payment: "invoice" }), 422, "UNPROCESSABLE_ENTITY", "payment");
    expect(await rows(t, "select id from checkouts where tenant_id = ?", t.id)).toHaveLength(0);
    // The terms changing between review and confirmation needs the new ones accepted.
    const checkout = await data<Checkout>(post({ terms_version: 2 }), 201);
    await data(t.owner.fetch("/api/v1/tenant/business", { method: "PATCH", json: { quote_terms: "Payment within 30 days." } }));
    await expectError(customer.post(`/api/v1/checkouts/${checkout.id}/confirm`), 422, "UNPROCESSABLE_ENTITY", "terms_version");
    expect((await data<Quote>(customer.get(`/api/v1/quotes/${quote.id}`))).status).toBe("sent");
  });

  it("only a quote the caller may accept: not another customer's or shop's (404), not an expired one (409), not by a viewer (403)", async () => {
    const t = await shop();
    const { client: customer, customerId } = await registerCustomer(t.host);
    const quote = await sentQuote(t, customer, 1);
    const stranger = await registerCustomer(t.host, "Stranger");
    await expectError(stranger.client.post("/api/v1/checkouts", body(quote.id)), 404, "NOT_FOUND");
    const checkout = await data<Checkout>(customer.post("/api/v1/checkouts", body(quote.id)), 201);
    await expectError(stranger.client.post(`/api/v1/checkouts/${checkout.id}/confirm`), 404, "NOT_FOUND");
    const otherShop = await shop();
    const foreign = await registerCustomer(otherShop.host);
    await expectError(foreign.client.post("/api/v1/checkouts", body(quote.id)), 404, "NOT_FOUND");
    await expectError(foreign.client.post(`/api/v1/checkouts/${checkout.id}/confirm`), 404, "NOT_FOUND");
    const viewer = await userWithRole(t, "customer_viewer", customerId);
    await expectError(viewer.post("/api/v1/checkouts", body(quote.id)), 403, "FORBIDDEN");
    await expectError(viewer.post(`/api/v1/checkouts/${checkout.id}/confirm`), 403, "FORBIDDEN");
    // An expired quote can be neither checked out nor confirmed.
    await (await tenantDb(t.id))
      .prepare("update quotes set valid_until = ? where id = ?")
      .bind(Date.now() - 1000, quote.id)
      .run();
    await expectError(customer.post("/api/v1/checkouts", body(quote.id)), 409, "CONFLICT", "valid_until");
    await expectError(customer.post(`/api/v1/checkouts/${checkout.id}/confirm`), 409, "CONFLICT", "valid_until");
    expect(await rows(t, "select id from orders where tenant_id = ?", t.id)).toHaveLength(0);
  });

  it("a guest checks out with typed addresses; a quote accepted through the accept route may still be; a revised one needs a new checkout", async () => {
    const t = await shop();
    const guest = new Client(t.host);
    const res = await guest.fetch("/api/v1/models?filename=g.stl", { method: "POST", body: binaryStl(boxTriangles([20, 20, 20])) });
    const model = (await res.json<{ data: { id: string } }>()).data;
    await vi.waitFor(async () => expect((await data<{ status: string }>(guest.get(`/api/v1/models/${model.id}`))).status).toBe("analyzed"), {
      timeout: 15_000,
      interval: 100,
    });
    const make = async () => {
      const q = await data<Quote>(
        guest.post("/api/v1/quotes", { items: [{ model_id: model.id, process: "fff", material: "pla", quantity: 1 }], contact_email: "g@example.test" }),
        201,
      );
      await vi.waitFor(async () => expect((await data<Quote>(guest.get(`/api/v1/quotes/${q.id}`))).status).toBe("priced"), { timeout: 15_000, interval: 100 });
      return q;
    };
    // A guest has no company: a saved address id is refused, typed ones are fine.
    const quote = await make();
    await expectError(
      guest.post("/api/v1/checkouts", body(quote.id, { billing_address: crypto.randomUUID() })),
      422,
      "UNPROCESSABLE_ENTITY",
      "billing_address",
    );
    await data(guest.post(`/api/v1/quotes/${quote.id}/accept`));
    const checkout = await data<Checkout>(guest.post("/api/v1/checkouts", body(quote.id, { shipping_method: "courier" })), 201);
    expect(checkout.review.shipping).toMatchObject({ code: "courier", price: 1500, days: 1 });
    expect(await data<Order>(guest.post(`/api/v1/checkouts/${checkout.id}/confirm`))).toMatchObject({
      status: "purchase_order",
      amount: checkout.review.total,
    });
    // A visitor without the guest's session is asked to sign in.
    await expectError(new Client(t.host).post(`/api/v1/checkouts/${checkout.id}/confirm`), 401, "UNAUTHORIZED");

    const revised = await make();
    const stale = await data<Checkout>(guest.post("/api/v1/checkouts", body(revised.id)), 201);
    await data(guest.post(`/api/v1/quotes/${revised.id}/revise`, { reason: "again" }));
    await expectError(guest.post(`/api/v1/checkouts/${stale.id}/confirm`), 409, "CONFLICT", "quote_id");
  });

  it("by card: confirmation answers the order awaiting payment and the Stripe Checkout URL for the checkout's total", async () => {
    const t = await shop();
    await data(
      t.owner.fetch("/api/v1/payments/stripe", {
        method: "PUT",
        json: { secret_key: "sk_test_abcdefgh123", webhook_secret: "whsec_test0123456789abcdefABCDEF" },
      }),
    );
    const { client: customer } = await registerCustomer(t.host);
    const quote = await sentQuote(t, customer, 1);
    const checkout = await data<Checkout>(customer.post("/api/v1/checkouts", body(quote.id, { payment: "card", po_number: undefined })), 201);
    const forms = stripeSessions("cs_test_9");
    const order = await data<Order>(customer.post(`/api/v1/checkouts/${checkout.id}/confirm`));
    expect(order).toMatchObject({ status: "awaiting_payment", amount: checkout.review.total, checkout_url: "https://checkout.stripe.com/c/pay/cs_test_9" });
    expect(forms[0].get("line_items[0][price_data][unit_amount]")).toBe(String(checkout.review.total));
    expect(forms[0].get("success_url")).toContain(`/orders/${order.id}?checkout=success`);
    // Until paid, confirming again returns to the same session for the same order.
    expect(await data<Order>(customer.post(`/api/v1/checkouts/${checkout.id}/confirm`))).toMatchObject({ id: order.id, checkout_url: order.checkout_url });
  });
});
