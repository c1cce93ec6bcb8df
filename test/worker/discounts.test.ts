/** The shop's discounts on a line or a whole quote (decision 71): the floor check, revisions, totals everywhere, and what the customer sees. */
import { beforeAll, describe, expect, it, vi } from "vitest";
import { findQuote, guardedRevisionStatement, STALE_REVISION, updateQuoteStatement } from "../../worker/db/quotes.ts";
import { isNotNullViolation } from "../../worker/db/scope.ts";
import { SYSTEM } from "../../worker/db/viewer.ts";
import { acceptQuote } from "../../worker/quotes/decide.ts";
import { type Client, createTenant, data, expectError, registerCustomer, scopeFor, tenantDb, tenantRows, type TestTenant } from "./helpers.ts";
import { binaryStl, boxTriangles } from "./fixtures.ts";
import { pdfText } from "./pdf-text.ts";
import { checkoutOf, keyClient, userWithRole } from "./shop-fixture.ts";

type Discount = { label: string; percent: number | null; amount: number | null; off: number; customer_note: string | null };
type Price = { unit_price: number; total: number; quantity: number; discount?: Discount & { list_total: number } };
type Item = { id: string; status: string; price: Price | null };
type Totals = {
  items_total: number;
  minimum_order_surcharge: number;
  discount?: Discount | null;
  net_total: number;
  gross_total: number;
  tax: { amount: number };
};
type Quote = {
  id: string;
  status: string;
  revision: number;
  currency: string;
  totals: Totals | null;
  items: Item[];
  changes?: { field: string; price_before: number | null; price_after: number | null }[];
  revisions?: { revision: number; reason: string | null }[];
};
type Discounted = Quote & { revised: boolean; dry_run: boolean; warnings: { code: string; field: string; message: string }[] };
type Review = {
  lines: (Price & { discount?: Discount & { list_total: number } })[];
  items_total: number;
  discount: Discount | null;
  net_total: number;
  total: number;
};

async function analyzedModel(c: Client, size: [number, number, number]) {
  const model = await data<{ id: string }>(c.fetch("/api/v1/models?filename=part.stl", { method: "POST", body: binaryStl(boxTriangles(size)) }), 202);
  await vi.waitFor(async () => expect((await data<{ status: string }>(c.get(`/api/v1/models/${model.id}`))).status).toBe("analyzed"), {
    timeout: 15_000,
    interval: 100,
  });
  return model.id;
}

const REASON = "Loyal customer, agreed on the phone with Ann";
const itemPath = (q: Quote, i = 0) => `/api/v1/quotes/${q.id}/items/${q.items[i].id}/discount`;
const quotePath = (q: Quote) => `/api/v1/quotes/${q.id}/discount`;
const lineSum = (q: Quote) => q.items.reduce((a, i) => a + i.price!.total, 0);

async function auditRows(t: TestTenant, quoteId: string) {
  const db = await tenantDb(t.id);
  const rows = await db
    .prepare("select action, data from audit_log where tenant_id = ? and target_id = ? and action like 'quote.discount%' order by created_at, rowid")
    .bind(t.id, quoteId)
    .all<{ action: string; data: string }>();
  return rows.results.map((r) => ({ action: r.action, data: JSON.parse(r.data) as Record<string, unknown> }));
}

describe("discounts", () => {
  let t: TestTenant, customer: Awaited<ReturnType<typeof registerCustomer>>, staff: Client, part: string, big: string;
  beforeAll(async () => {
    t = await createTenant();
    customer = await registerCustomer(t.host, "Ada Buyer");
    staff = await userWithRole(t, "staff");
    part = await analyzedModel(customer.client, [40, 30, 20]);
    big = await analyzedModel(customer.client, [100, 100, 50]);
  }, 60_000);

  /** A customer's quote of two lines, priced and sent by the shop. */
  const sentQuote = async () => {
    const q = await data<Quote>(
      customer.client.post("/api/v1/quotes", {
        items: [
          { model_id: big, process: "fff", material: "pla", quantity: 4 },
          { model_id: part, process: "fff", material: "pla", quantity: 2 },
        ],
      }),
      201,
    );
    expect(q.status).toBe("priced");
    return data<Quote>(t.owner.post(`/api/v1/quotes/${q.id}/send`));
  };

  it("staff give a line 10 % and the quote a fixed amount: a new revision each, every total adds up, checkout and order agree", async () => {
    const q = await sentQuote();
    const list = q.items[0].price!.total;
    const line = await data<Discounted>(staff.post(itemPath(q), { percent: 10, reason: REASON, customer_note: "Thank you for your loyalty" }));
    expect(line).toMatchObject({ revised: true, dry_run: false, warnings: [], status: "sent", revision: q.revision + 1 });
    const off = Math.round(list / 10);
    expect(line.items[0].price).toMatchObject({
      unit_price: q.items[0].price!.unit_price,
      total: list - off,
      discount: { label: "Discount 10 %", percent: 10, amount: null, off, list_total: list, customer_note: "Thank you for your loyalty" },
    });
    expect(line.items[1].price!.total).toBe(q.items[1].price!.total);
    expect(line.totals!.items_total).toBe(lineSum(line));
    expect(line.totals!.net_total).toBe(q.totals!.net_total - off);

    const whole = await data<Discounted>(staff.post(quotePath(line), { amount: 1000, reason: REASON }));
    expect(whole.revision).toBe(q.revision + 2);
    expect(whole.totals!.discount).toMatchObject({ label: "Discount", amount: 1000, off: 1000 });
    const t2 = whole.totals!;
    expect(t2.net_total).toBe(t2.items_total + t2.minimum_order_surcharge - 1000);
    expect(t2.gross_total).toBe(t2.net_total + t2.tax.amount);

    // The customer sees both discounts, the history of what they were sent, and what changed — never the reason.
    const seen = await customer.client.get(`/api/v1/quotes/${q.id}`);
    const text = await seen.clone().text();
    expect(text).not.toContain(REASON);
    const mine = ((await seen.json()) as { data: Quote }).data;
    expect(mine.totals).toEqual(whole.totals);
    expect(mine.revisions!.map((r) => r.revision)).toEqual([q.revision, q.revision + 1]);
    expect(mine.revisions![0].reason).toBe("Thank you for your loyalty");

    // The PDF shows the discounts as lines and the same total.
    const pdf = await pdfText(new Uint8Array(await (await customer.client.get(`/api/v1/quotes/${q.id}/pdf`)).arrayBuffer()));
    expect(pdf).toContain("Discount 10 %");
    expect(pdf).toMatch(/Discount\s+-EUR\s10\.00/);
    expect(pdf).not.toContain(REASON);

    // Checkout reviews the same lines and total; the order costs it.
    const checkout = await data<{ id: string; review: Review }>(customer.client.post("/api/v1/checkouts", checkoutOf(q.id)), 201);
    expect(checkout.review.total).toBe(whole.totals!.gross_total);
    expect(checkout.review.discount).toEqual({ label: "Discount", off: 1000, customer_note: null });
    expect(checkout.review.lines[0]).toMatchObject({ total: list - off, discount: { label: "Discount 10 %", off, list_total: list } });
    expect(checkout.review.lines.reduce((a, l) => a + l.total, 0) - 1000 + whole.totals!.minimum_order_surcharge).toBe(checkout.review.net_total);
    const order = await data<{ id: string; amount: number }>(customer.client.post(`/api/v1/checkouts/${checkout.id}/confirm`));
    expect(order.amount).toBe(whole.totals!.gross_total);
    const confirmation = await pdfText(new Uint8Array(await (await customer.client.get(`/api/v1/orders/${order.id}/confirmation`)).arrayBuffer()));
    expect(confirmation).toContain("Discount 10 %");
    expect(confirmation).not.toContain(REASON);

    expect(await auditRows(t, q.id)).toEqual([
      { action: "quote.discount_given", data: expect.objectContaining({ on: "item", item_index: 0, percent: 10, off, reason: REASON, below_cost: false }) },
      { action: "quote.discount_given", data: expect.objectContaining({ on: "quote", amount: 1000, off: 1000, reason: REASON, below_cost: false }) },
    ]);
    // Accepted (and ordered): no more discounts.
    await expectError(staff.post(quotePath(q), { percent: 5, reason: REASON }), 409, "CONFLICT", "status");
    await expectError(staff.delete(itemPath(whole)), 409, "CONFLICT", "status");
  });

  it("a checkout started before a discount cannot be confirmed at the old figures", async () => {
    const q = await sentQuote();
    const checkout = await data<{ id: string }>(customer.client.post("/api/v1/checkouts", checkoutOf(q.id)), 201);
    await data(staff.post(quotePath(q), { percent: 5, reason: REASON }));
    await expectError(customer.client.post(`/api/v1/checkouts/${checkout.id}/confirm`), 409, "CONFLICT", "quote_id");
  });

  it("partners hear each discounted revision's totals; accepting the revision before it is refused, the new one accepted", async () => {
    const q = await sentQuote();
    const scope = await scopeFor(t.id);
    // The customer decides on the revision they are looking at while the shop gives a discount.
    const seen = (await findQuote(scope, q.id, SYSTEM))!;
    const given = await data<Discounted>(staff.post(quotePath(q), { percent: 5, reason: REASON }));
    expect(await acceptQuote(scope, seen)).toMatchObject({ code: "CONFLICT", detail: { field: "revision", value: q.revision } });
    expect(await data<Quote>(customer.client.get(`/api/v1/quotes/${q.id}`))).toMatchObject({ status: "sent", revision: given.revision });

    const priced = await tenantRows<{ payload: string }>(t, "select payload from outbound_events where tenant_id = ? and type = 'quote.priced'", t.id);
    expect(priced.map((r) => JSON.parse(r.payload))).toContainEqual({
      quote_id: q.id,
      quote_number: expect.any(String),
      revision: given.revision,
      currency: q.currency,
      net_total: given.totals!.net_total,
      gross_total: given.totals!.gross_total,
    });
    // Through the API, the revision read says which figures are accepted.
    await expectError(customer.client.post(`/api/v1/quotes/${q.id}/accept`, { revision: q.revision }), 409, "CONFLICT", "revision");
    expect(await data<Quote>(customer.client.post(`/api/v1/quotes/${q.id}/accept`, { revision: given.revision }))).toMatchObject({
      status: "accepted",
      revision: given.revision,
    });
  });

  it("a discount worked out on figures the customer has just accepted is not written over them (its batch fails whole)", async () => {
    const q = await sentQuote();
    const scope = await scopeFor(t.id);
    const seen = (await findQuote(scope, q.id, SYSTEM))!;
    await data(customer.client.post(`/api/v1/quotes/${q.id}/accept`));
    // What giveDiscount writes for a sent quote, as it would after reading it just before the acceptance.
    const batch = scope.db.batch([
      guardedRevisionStatement(scope, q.id, seen.revision, { stale: true }, "late", ["priced", "sent"]),
      updateQuoteStatement(scope, q.id, { revision: seen.revision + 1, totals: null }),
    ]);
    await expect(batch).rejects.toSatisfy((e: unknown) => isNotNullViolation(e, STALE_REVISION));
    expect(await data<Quote>(customer.client.get(`/api/v1/quotes/${q.id}`))).toMatchObject({ status: "accepted", revision: seen.revision, totals: q.totals });
    expect((await data<Quote>(customer.client.get(`/api/v1/quotes/${q.id}`))).revisions ?? []).toEqual([]);
    await expectError(staff.post(quotePath(q), { percent: 5, reason: REASON }), 409, "CONFLICT", "status");
  });

  it("a refusal below cost cites the sale below cost, not a line sold exactly at cost", async () => {
    const q = await sentQuote();
    const list = q.items[0].price!.total;
    const dry = await data<Discounted>(t.owner.post(itemPath(q), { percent: 100, reason: REASON, dry_run: true }));
    const [, euros] = /it costs the shop EUR ([\d,]+\.\d\d) for 4/.exec(dry.warnings[0].message)!;
    const cost = Math.round(Number(euros.replaceAll(",", "")) * 100);
    await data(t.owner.post(quotePath(q), { percent: 100, reason: REASON }));
    // The line at exactly its cost is only a warning; the quote (already free) is what is below cost.
    const refused = await expectError(staff.post(itemPath(q), { amount: list - cost, reason: REASON }), 403, "FORBIDDEN", "amount");
    expect(refused.error.message).toMatch(/^The quote sells EUR [\d,.]+ below cost .*Only an owner or admin/);
  });

  it("below cost: staff and API keys get 403 and nothing changes; an owner may, warned how far below; a dry run writes nothing", async () => {
    const q = await sentQuote();
    const refused = await expectError(staff.post(itemPath(q), { percent: 100, reason: REASON }), 403, "FORBIDDEN", "percent");
    expect(refused.error.message).toMatch(/^Item 1 sells EUR [\d,]+\.\d\d below cost \(it costs the shop EUR [\d,.]+ for 4\)\. Only an owner or admin/);
    const key = await keyClient(t, ["quotes:write"]);
    await expectError(key.fetch(quotePath(q), { method: "POST", json: { amount: q.totals!.net_total, reason: REASON } }), 403, "FORBIDDEN", "amount");
    const same = await data<Quote>(customer.client.get(`/api/v1/quotes/${q.id}`));
    expect(same).toMatchObject({ revision: q.revision, totals: q.totals });

    // The owner's dry run says what it would be and warns, and writes nothing.
    const dry = await data<Discounted>(t.owner.post(itemPath(q), { percent: 100, reason: REASON, dry_run: true }));
    expect(dry).toMatchObject({ dry_run: true, revised: false });
    expect(dry.items[0].price!.total).toBe(0);
    expect(dry.warnings[0]).toMatchObject({
      code: "AT_OR_BELOW_COST",
      field: "percent",
      message: expect.stringMatching(/^Item 1 sells EUR [\d,]+\.\d\d below cost/),
    });
    expect((await data<Quote>(customer.client.get(`/api/v1/quotes/${q.id}`))).revision).toBe(q.revision);
    expect(await auditRows(t, q.id)).toEqual([]);

    // The owner gives it: accepted with the warning, recorded with the cost.
    const given = await data<Discounted>(t.owner.post(quotePath(q), { percent: 100, reason: REASON }));
    expect(given.totals!.net_total).toBe(0);
    expect(given.warnings).toEqual([
      expect.objectContaining({ code: "AT_OR_BELOW_COST", message: expect.stringMatching(/^The quote sells EUR [\d,.]+ below cost/) }),
    ]);
    const [row] = await auditRows(t, q.id);
    expect(row.data).toMatchObject({ below_cost: true, percent: 100 });
    expect(row.data.cost as number).toBeGreaterThan(0);
    // What the customer may read says nothing of it: no reason, warning or cost, in the API or the PDF.
    const cost = row.data.cost as number;
    const costShown = new RegExp(`(?<![\\d.,])(${cost}|${Math.floor(cost / 100).toLocaleString("en-US")}\\.${String(cost % 100).padStart(2, "0")})(?![\\d])`);
    const text = await (await customer.client.get(`/api/v1/quotes/${q.id}`)).text();
    const pdf = await pdfText(new Uint8Array(await (await customer.client.get(`/api/v1/quotes/${q.id}/pdf`)).arrayBuffer()));
    for (const body of [text, pdf]) {
      for (const secret of [REASON, "cost", "below", "warnings"]) expect(body).not.toContain(secret);
      expect(body).not.toMatch(costShown);
    }

    // Taking it away restores the figures (a new revision again); taking away what is not there changes nothing.
    const removed = await data<Discounted>(staff.delete(quotePath(q)));
    expect(removed.totals!.net_total).toBe(q.totals!.net_total);
    expect(removed.totals!.discount).toBeNull();
    expect(removed.revision).toBe(given.revision + 1);
    const again = await data<Discounted>(staff.delete(quotePath(q)));
    expect(again).toMatchObject({ revised: false, revision: removed.revision });
    expect((await auditRows(t, q.id)).map((r) => r.action)).toEqual(["quote.discount_given", "quote.discount_removed"]);
  });

  it("bad input is 422 naming the field (400 for a missing reason); customers may not; a line keeps its discount when re-priced, not in a new revision", async () => {
    const q = await sentQuote();
    const bad = async (body: Record<string, unknown>, field: string, path = itemPath(q)) =>
      expectError(staff.post(path, { reason: REASON, ...body }), 422, "UNPROCESSABLE_ENTITY", field);
    await bad({ percent: -5 }, "percent");
    await bad({ percent: 0 }, "percent");
    await bad({ percent: 100.5 }, "percent");
    await bad({ percent: 12.345 }, "percent");
    await bad({ amount: -100 }, "amount");
    await bad({ amount: 12.5 }, "amount");
    await bad({ percent: 10, amount: 100 }, "amount");
    await bad({}, "percent");
    await bad({}, "percent", quotePath(q));
    await bad({ amount: q.items[0].price!.total + 1 }, "amount");
    await bad({ amount: q.totals!.items_total + q.totals!.minimum_order_surcharge + 1 }, "amount", quotePath(q));
    await expectError(staff.post(itemPath(q), { percent: 10 }), 400, "VALIDATION_ERROR", "reason");
    await expectError(customer.client.post(itemPath(q), { percent: 10, reason: REASON }), 403, "FORBIDDEN");
    await expectError(customer.client.delete(quotePath(q)), 403, "FORBIDDEN");
    await expectError(staff.post(`/api/v1/quotes/${q.id}/items/${crypto.randomUUID()}/discount`, { percent: 10, reason: REASON }), 404, "NOT_FOUND", "itemId");

    // A priced quote not sent yet: a new revision too; the line discount is kept when another item arrives and the quote is re-priced.
    const open = await data<Quote>(customer.client.post("/api/v1/quotes", { items: [{ model_id: part, process: "fff", material: "pla", quantity: 3 }] }), 201);
    const cut = await data<Discounted>(staff.post(itemPath(open), { amount: 50, reason: REASON }));
    expect(cut).toMatchObject({ revised: true, revision: open.revision + 1 });
    const added = await data<Quote>(
      customer.client.post(`/api/v1/quotes/${open.id}/items`, { model_id: big, process: "fff", material: "pla", quantity: 1 }),
      201,
    );
    expect(added.items[0].price).toMatchObject({ total: open.items[0].price!.total - 50, discount: { off: 50 } });
    expect(added.totals!.items_total).toBe(lineSum(added));
    // A revision the customer asks for prices afresh: the shop's discounts are for the revision they were given on.
    const revised = await data<Quote>(customer.client.post(`/api/v1/quotes/${open.id}/revise`, { changes: [{ item_id: added.items[1].id, quantity: 2 }] }));
    await vi.waitFor(async () => expect((await data<Quote>(customer.client.get(`/api/v1/quotes/${revised.id}`))).status).toBe("priced"), {
      timeout: 15_000,
      interval: 100,
    });
    const fresh = await data<Quote>(customer.client.get(`/api/v1/quotes/${revised.id}`));
    expect(fresh.items[0].price!.discount).toBeUndefined();
    expect(fresh.totals!.discount ?? null).toBeNull();
  });

  it("another shop's quote or item is 404, as an unknown one", async () => {
    const q = await sentQuote();
    const other = await createTenant();
    await expectError(other.owner.post(itemPath(q), { percent: 10, reason: REASON }), 404, "NOT_FOUND");
    await expectError(other.owner.post(quotePath(q), { percent: 10, reason: REASON }), 404, "NOT_FOUND");
    await expectError(other.owner.delete(quotePath(q)), 404, "NOT_FOUND");
    const theirs = await data<Quote>(
      other.owner.post("/api/v1/quotes", {
        items: [{ model_id: await analyzedModel(other.owner, [20, 20, 20]), process: "fff", material: "pla", quantity: 1 }],
      }),
      201,
    );
    await expectError(t.owner.post(`/api/v1/quotes/${q.id}/items/${theirs.items[0].id}/discount`, { percent: 10, reason: REASON }), 404, "NOT_FOUND", "itemId");
    expect((await data<Quote>(t.owner.get(`/api/v1/quotes/${q.id}`))).revision).toBe(q.revision);
  });
});
