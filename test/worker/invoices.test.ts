import { beforeAll, describe, expect, it } from "vitest";
import { door } from "./fixtures.ts";
import { createTenant, data, expectError, registerCustomer, tenantDb, type TestTenant } from "./helpers.ts";
import { pdfText } from "./pdf-text.ts";
import { checkoutOf, userWithRole } from "./shop-fixture.ts";

/** Invoices (issue 14, decision 70): one per order, numbered without gaps, with the order's own figures, downloaded from the document centre. */

type Invoice = {
  id: string;
  number: string;
  order_id: string;
  amount: number;
  currency: string;
  issued_at: string;
  issued_by: string | null;
  document_id: string;
};
type Order = { id: string; number: string; status: string; amount: number };
type Doc = { id: string; type: string; title: string; order_id: string | null; download_url: string };

describe("invoices", () => {
  let t: TestTenant;
  let buyer: Awaited<ReturnType<typeof registerCustomer>>;
  let orders: Order[];
  let cancelled: Order;

  /** An order of `quantity` doors placed through a checkout on a purchase order (so it has a billing address and shipping). */
  async function checkedOut(configurationId: string, quantity: number) {
    const quote = await data<{ id: string }>(buyer.client.post("/api/v1/quotes", { items: [{ configuration_id: configurationId, quantity }] }), 201);
    await data(t.owner.post(`/api/v1/quotes/${quote.id}/send`));
    const checkout = await data<{ id: string }>(buyer.client.post("/api/v1/checkouts", checkoutOf(quote.id)), 201);
    return data<Order>(buyer.client.post(`/api/v1/checkouts/${checkout.id}/confirm`));
  }

  beforeAll(async () => {
    t = await createTenant();
    await data(
      t.owner.fetch("/api/v1/tenant/business", {
        method: "PATCH",
        json: {
          legal_name: "Invoicing Fabrication GmbH",
          legal_address: ["Industriestraße 12", "70173 Stuttgart"],
          vat_id: "DE123456789",
          payment_due_days: 14,
        },
      }),
    );
    buyer = await registerCustomer(t.host, "Billy Buyer");
    const product = await data<{ id: string }>(t.owner.post("/api/v1/products", { name: "Door", generator_key: "spw600e-door" }), 201);
    const configuration = await data<{ id: string }>(buyer.client.post("/api/v1/configurations", { product_id: product.id, config: door }), 201);
    orders = [await checkedOut(configuration.id, 1), await checkedOut(configuration.id, 2)];
    cancelled = await checkedOut(configuration.id, 1);
    await data(t.owner.post(`/api/v1/orders/${cancelled.id}/cancel`));
  }, 120_000);

  it("two orders take consecutive numbers; issuing again answers the same invoice (200), never a second", async () => {
    const [a, b] = [
      await data<Invoice>(t.owner.post(`/api/v1/orders/${orders[0].id}/invoice`), 201),
      await data<Invoice>(t.owner.post(`/api/v1/orders/${orders[1].id}/invoice`), 201),
    ];
    const year = new Date().getUTCFullYear();
    expect(a.number).toBe(`INV-${year}-0001`);
    expect(b.number).toBe(`INV-${year}-0002`);
    expect(a).toMatchObject({ order_id: orders[0].id, amount: orders[0].amount, currency: "EUR", document_id: `invoice.${a.id}` });
    expect(a.issued_by).not.toBeNull();
    expect(await data<Invoice>(t.owner.post(`/api/v1/orders/${orders[0].id}/invoice`))).toEqual(a);
    const db = await tenantDb(t.id);
    const { results } = await db.prepare("select number from invoices where tenant_id = ? order by number").bind(t.id).all<{ number: string }>();
    expect(results.map((r) => r.number)).toEqual([a.number, b.number]);
    const { value } = (await db.prepare("select value from sequences where tenant_id = ? and name = ?").bind(t.id, `INV-${year}`).first<{ value: number }>())!;
    expect(value).toBe(2);
    // Each issue is audited once, in the batch that numbers it (the repeat writes nothing); its PDF is drawn and kept at once.
    const audited = await db
      .prepare("select target_id, data, actor_type from audit_log where tenant_id = ? and action = 'invoice.issued' order by target_id")
      .bind(t.id)
      .all<{ target_id: string; data: string; actor_type: string }>();
    expect(audited.results.map((r) => ({ ...r, data: JSON.parse(r.data) }))).toEqual(
      [
        { target_id: orders[0].id, data: { invoice: a.number }, actor_type: "user" },
        { target_id: orders[1].id, data: { invoice: b.number }, actor_type: "user" },
      ].sort((x, y) => x.target_id.localeCompare(y.target_id)),
    );
    expect((await db.prepare("select r2_key from invoices where id = ?").bind(a.id).first<{ r2_key: string | null }>())!.r2_key).toMatch(/invoice/);
  });

  it("a cancelled order is not invoiced (409 naming its status), and takes no number", async () => {
    await expectError(t.owner.post(`/api/v1/orders/${cancelled.id}/invoice`), 409, "CONFLICT", "status");
    const db = await tenantDb(t.id);
    expect((await db.prepare("select count(*) as n from invoices where tenant_id = ?").bind(t.id).first<{ n: number }>())!.n).toBe(2);
  });

  it("the PDF carries the shop's legal details, the billing address, every figure of the order and the payment terms", async () => {
    const [doc] = (await data<Doc[]>(buyer.client.get("/api/v1/documents?type=invoice"))).filter((d) => d.order_id === orders[1].id);
    const res = await buyer.client.get(doc.download_url);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-disposition")).toMatch(/^attachment; filename="INV-\d{4}-0002\.pdf"$/);
    // Amounts are written with a no-break space after the currency.
    const read = async (r: Response) => (await pdfText(new Uint8Array(await r.arrayBuffer()))).replace(/\u00a0/g, " ");
    const text = await read(res);
    const euros = (minor: number) => `EUR ${Math.floor(minor / 100).toLocaleString("en-US")}.${String(minor % 100).padStart(2, "0")}`;
    for (const expected of [
      doc.title,
      "Invoicing Fabrication GmbH",
      "VAT ID: DE123456789",
      "Bill to",
      "Hafenstraße 12",
      orders[1].number,
      "PO-CHECKOUT",
      euros(orders[1].amount),
      "Payment is due within 14 days",
    ])
      expect(text).toContain(expected);
    // The same lines and totals as the order's confirmation: one source for both.
    const confirmation = await read(await buyer.client.get(`/api/v1/orders/${orders[1].id}/confirmation`));
    const figures = (s: string) => s.match(/EUR [\d,]+\.\d\d/g);
    expect(figures(text)).toEqual(figures(confirmation));
  });

  it("only the shop issues invoices: a company's admin 403; another shop's staff 404, as an unknown order", async () => {
    await expectError(buyer.client.post(`/api/v1/orders/${orders[0].id}/invoice`), 403, "FORBIDDEN");
    const viewer = await userWithRole(t, "customer_viewer", buyer.customerId);
    await expectError(viewer.post(`/api/v1/orders/${orders[0].id}/invoice`), 403, "FORBIDDEN");
    const staff = await userWithRole(t, "staff");
    expect((await data<Invoice>(staff.post(`/api/v1/orders/${orders[0].id}/invoice`))).order_id).toBe(orders[0].id);
    const other = await createTenant();
    const theirs = await expectError(other.owner.post(`/api/v1/orders/${orders[0].id}/invoice`), 404, "NOT_FOUND");
    const none = await expectError(other.owner.post(`/api/v1/orders/${crypto.randomUUID()}/invoice`), 404, "NOT_FOUND");
    expect(theirs.error.message).toBe(none.error.message);
    expect(await data<Doc[]>(other.owner.get("/api/v1/documents?type=invoice"))).toEqual([]);
    // Another company of the same shop sees no invoice of this one.
    const stranger = await registerCustomer(t.host, "Stranger");
    expect(await data<Doc[]>(stranger.client.get("/api/v1/documents?type=invoice"))).toEqual([]);
  });
});
