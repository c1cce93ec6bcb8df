import { z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { defineRoute } from "./route.ts";
import { createRouter } from "./router.ts";
import type { TenantEnv } from "./context.ts";
import { errorResponses, listEnvelope, ok, okList, jsonResponse } from "./envelope.ts";
import { ApiError, notFound } from "./errors.ts";
import { viewerOf } from "./models.ts";
import { emptyPage } from "../db/paging.ts";
import { IdParam, iso, ListQuery } from "./schemas.ts";
import type { Invoice } from "../db/invoices.ts";
import { isInvoiceable, issueInvoice } from "../orders/invoice.ts";
import { audit } from "../db/audit.ts";
import { manufacturingOrdersOf } from "../db/manufacturing-orders.ts";
import { statusUpdatesOf } from "../production/status.ts";
import { dispatchOutbox } from "../webhooks/outbox.ts";
import { cancelOrder, findVisibleOrder, listOrders, type Order } from "../db/orders.ts";
import { findQuote, quoteItemsOf } from "../db/quotes.ts";
import { SYSTEM } from "../db/viewer.ts";
import { principalOf } from "../middleware/auth.ts";
import { scopeOf, tenantOf } from "../middleware/tenant.ts";
import { notify } from "../notifications/notify.ts";
import { orderConfirmationPdf } from "../orders/confirmation.ts";
import { OrderView, OrderWithItems, presentOrder, presentOrderItem } from "../orders/present.ts";
import { orderTimeline } from "../orders/timeline.ts";
import { quoteCoordinator } from "../../durable-objects/stubs.ts";
import { isStaff, roleAllows } from "../auth/permissions.ts";
import { publishedBook } from "../pricing/books.ts";
import { createQuote } from "../quotes/create.ts";
import { writeOnce } from "../middleware/idempotency.ts";
import { prepareItems } from "../quotes/items.ts";
import { presentQuote } from "../quotes/present.ts";
import { reorderChanges, reorderInputs } from "../quotes/reorder.ts";
import { Quote, QuoteChange } from "./schemas/quote.ts";
import { decideOrder, isRejected, notAwaitingApproval, resubmitOrder } from "../orders/approval.ts";
import { orderAsCheckedOut, requireStripe } from "../orders/place.ts";
import { findCheckout } from "../db/checkouts.ts";
import { unprocessable } from "./errors.ts";

const Subject = z.object({ type: z.enum(["order", "manufacturing_order"]), id: z.string(), number: z.string().nullable() });
const TimelineEntryView = z
  .object({
    at: z.string(),
    event: z.string().openapi({ example: "manufacturing_order.operation_finish" }),
    subject: Subject,
    summary: z.string(),
    actor: z.object({
      type: z.enum(["shop", "customer", "system"]),
      name: z.string().nullable().openapi({ description: "The staff member's name, for the shop's eyes only" }),
    }),
  })
  .openapi("TimelineEntry");

const Reorder = Quote.extend({
  reordered_from: z.object({ order_id: z.string(), quote_id: z.string() }),
  changes: z.array(QuoteChange).openapi({ description: "Each item whose price (or choice) differs from the order's: `price` entries with both totals" }),
}).openapi("Reorder");
const Approved = OrderView.extend({
  checkout_url: z.string().nullable().openapi({ description: "Card payment: Stripe Checkout, where the order is paid; null on a purchase order" }),
}).openapi("OrderApproved");

const RejectOrder = z
  .strictObject({ reason: z.string().trim().max(1000, "must be at most 1,000 characters").openapi({ description: "Why, for the colleague who placed it" }) })
  .openapi("RejectOrder");

const ResubmitOrder = z
  .strictObject({
    note: z
      .string()
      .trim()
      .max(1000, "must be at most 1,000 characters")
      .openapi({ description: "What changed since the rejection (or why it is reopened), for the admin who decides" }),
    po_number: z
      .string()
      .trim()
      .min(1, "must not be blank")
      .max(64, "must be at most 64 characters")
      .optional()
      .openapi({ description: "A corrected purchase-order number (orders on a purchase order only)" }),
  })
  .openapi("ResubmitOrder");

const InvoiceView = z
  .object({
    id: z.string(),
    number: z.string().openapi({ example: "INV-2026-0001" }),
    order_id: z.string(),
    amount: z.number().int().openapi({ description: "The order's total in minor units, tax and shipping included" }),
    currency: z.string(),
    issued_at: z.string(),
    issued_by: z.string().nullable().openapi({ description: "The staff member who issued it; null when the order's first shipment did" }),
    document_id: z.string().openapi({ description: "Its id in the document centre (`GET /documents?type=invoice`), where it is downloaded" }),
  })
  .openapi("Invoice");

const presentInvoice = (i: Invoice) => ({
  id: i.id,
  number: i.number,
  order_id: i.order_id,
  amount: i.amount,
  currency: i.currency,
  issued_at: iso(i.issued_at)!,
  issued_by: i.issued_by,
  document_id: `invoice.${i.id}`,
});

const routes = {
  list: defineRoute({
    permission: "quotes:read",
    guest: true,
    method: "get",
    path: "/",
    tags: ["Orders"],
    summary: "Orders the caller may see, newest first: a customer its company's, staff the shop's",
    request: { query: ListQuery },
    responses: { 200: { description: "Orders", content: { "application/json": { schema: listEnvelope(OrderView) } } }, ...errorResponses(400, 401, 404) },
  }),
  get: defineRoute({
    permission: "quotes:read",
    guest: true,
    method: "get",
    path: "/{id}",
    tags: ["Orders"],
    summary: "An order with its lines as the accepted quote froze them",
    request: { params: IdParam },
    responses: { 200: jsonResponse("Order", OrderWithItems), ...errorResponses(401, 404) },
  }),
  timeline: defineRoute({
    permission: "quotes:read",
    guest: true,
    method: "get",
    path: "/{id}/timeline",
    tags: ["Orders"],
    summary: "Every state change of an order and its manufacturing orders, oldest first, with time and actor",
    request: { params: IdParam },
    responses: { 200: jsonResponse("Timeline", z.array(TimelineEntryView)), ...errorResponses(401, 404) },
  }),
  confirmation: defineRoute({
    permission: "quotes:read",
    guest: true,
    method: "get",
    path: "/{id}/confirmation",
    tags: ["Orders"],
    summary:
      "The order confirmation as a PDF on the shop's letterhead: references, addresses, every line, shipping, tax, total, delivery date and the accepted terms",
    request: { params: IdParam },
    responses: {
      200: { description: "PDF", content: { "application/pdf": { schema: z.any().openapi({ type: "string", format: "binary" }) } } },
      ...errorResponses(401, 404),
    },
  }),
  reorder: defineRoute({
    permission: "quotes:write",
    method: "post",
    path: "/{id}/reorder",
    tags: ["Orders"],
    summary:
      "Order again: a new quote with the order's items (same parts and choices, same configured products), priced on today's price book, with each difference from the order's prices in `changes`",
    request: { params: IdParam },
    responses: { 201: jsonResponse("The new quote", Reorder), ...errorResponses(401, 403, 404, 422) },
  }),
  cancel: defineRoute({
    permission: "orders:write",
    method: "post",
    path: "/{id}/cancel",
    tags: ["Orders"],
    summary: "Cancel an order (the shop's act) with its scheduled manufacturing orders; 409 once it is cancelled or production has started",
    request: { params: IdParam },
    responses: { 200: jsonResponse("Cancelled", OrderView), ...errorResponses(401, 403, 404, 409) },
  }),
  approve: defineRoute({
    permission: "orders:approve",
    method: "post",
    path: "/{id}/approve",
    tags: ["Orders"],
    summary:
      "A company admin (or the shop's owner or admin on the company's behalf) approves an order a colleague placed for approval: it is placed as their checkout agreed (purchase order, or card payment at the Stripe Checkout URL answered); 409 unless it awaits approval",
    request: { params: IdParam },
    responses: { 200: jsonResponse("Placed", Approved), ...errorResponses(401, 403, 404, 409, 422) },
  }),
  reject: defineRoute({
    permission: "orders:approve",
    method: "post",
    path: "/{id}/reject",
    tags: ["Orders"],
    summary:
      "A company admin (or the shop's owner or admin on the company's behalf) rejects an order a colleague placed for approval, saying why: it is cancelled; 409 unless it awaits approval",
    request: { params: IdParam, body: { content: { "application/json": { schema: RejectOrder } }, required: true } },
    responses: { 200: jsonResponse("Rejected", OrderView), ...errorResponses(400, 401, 403, 404, 409, 413, 415, 422) },
  }),
  invoice: defineRoute({
    permission: "orders:write",
    method: "post",
    path: "/{id}/invoice",
    tags: ["Orders"],
    summary:
      "Issue the order's invoice now (the shop's act; the first shipment issues it otherwise): 201 with a new INV-YYYY-NNNN, or 200 with the invoice the order already has — one per order; 409 unless the order is paid or on a purchase order",
    request: { params: IdParam },
    responses: { 200: jsonResponse("The order's invoice", InvoiceView), 201: jsonResponse("Issued", InvoiceView), ...errorResponses(401, 403, 404, 409) },
  }),
  resubmit: defineRoute({
    permission: "quotes:write",
    method: "post",
    path: "/{id}/resubmit",
    tags: ["Orders"],
    summary:
      "Resubmit a rejected order for approval, saying what changed (and correcting its purchase-order number): the colleague who placed it, or whoever may approve it reopening it; it awaits approval again; 409 unless it was rejected",
    request: { params: IdParam, body: { content: { "application/json": { schema: ResubmitOrder } }, required: true } },
    responses: { 200: jsonResponse("Awaiting approval again", OrderView), ...errorResponses(400, 401, 403, 404, 409, 413, 415, 422) },
  }),
};

async function visibleOrder(c: Context<TenantEnv>, id: string) {
  const viewer = await viewerOf(c, false);
  const order = viewer && (await findVisibleOrder(scopeOf(c), id, viewer));
  if (!order) throw notFound("Order");
  return order;
}

export const ordersRouter = createRouter()
  .openapi(routes.list, async (c) => {
    const query = c.req.valid("query");
    const viewer = await viewerOf(c, false);
    const { data, pagination } = viewer ? await listOrders(scopeOf(c), viewer, query) : emptyPage<Order>(query.limit);
    return okList(c, data.map(presentOrder), pagination);
  })
  .openapi(routes.get, async (c) => {
    const order = await visibleOrder(c, c.req.valid("param").id);
    const scope = scopeOf(c);
    const quote = (await findQuote(scope, order.quote_id, SYSTEM))!;
    const items = await quoteItemsOf(scope, order.quote_id);
    return ok(c, { ...presentOrder(order), price_book_version: quote.price_book_version, items: items.map(presentOrderItem) });
  })
  .openapi(routes.timeline, async (c) => {
    const order = await visibleOrder(c, c.req.valid("param").id);
    return ok(c, await orderTimeline(scopeOf(c), order, (await viewerOf(c, false))!));
  })
  .openapi(routes.confirmation, async (c) => {
    const order = await visibleOrder(c, c.req.valid("param").id);
    const pdf = await orderConfirmationPdf(scopeOf(c), c.env.FILES, tenantOf(c), order);
    return c.body(pdf as Uint8Array<ArrayBuffer>, 200, {
      "content-type": "application/pdf",
      "content-disposition": `inline; filename="${order.number ?? order.id}-confirmation.pdf"`,
    });
  })
  .openapi(routes.invoice, async (c) => {
    const order = await visibleOrder(c, c.req.valid("param").id);
    if (!isInvoiceable(order))
      throw new ApiError(
        "CONFLICT",
        `Order ${order.number ?? order.id} is ${order.status.replace(/_/g, " ")}; only a paid order or one on a purchase order is invoiced`,
        [{ field: "status", message: `is ${order.status}`, value: order.status }],
      );
    const scope = scopeOf(c);
    const principal = principalOf(c);
    const { invoice, created } = await issueInvoice(scope, c.env.FILES, tenantOf(c), order, principal.userId, {
      actor_type: principal.kind,
      actor_id: principal.userId,
      request_id: c.get("requestId"),
    });
    return ok(c, presentInvoice(invoice), created ? 201 : 200);
  })
  .openapi(routes.reorder, async (c) => {
    const order = await visibleOrder(c, c.req.valid("param").id);
    const scope = scopeOf(c);
    const viewer = (await viewerOf(c, false))!;
    const principal = principalOf(c);
    const ordered = (await findQuote(scope, order.quote_id, SYSTEM))!;
    const orderedItems = await quoteItemsOf(scope, ordered.id);
    const published = await publishedBook(scope);
    // Checked as new items are: a part or product no longer available, or a choice the book dropped, is a 422 naming the item.
    const items = await prepareItems(scope, viewer, published.book, reorderInputs(orderedItems));
    const { id } = await writeOnce(c.get("retryId"), "quotes.id", (id) =>
      createQuote(
        scope,
        published,
        tenantOf(c).settings.quote_validity_days,
        {
          id,
          customer_id: ordered.customer_id,
          project_id: ordered.project_id,
          // The company's person who orders again owns the new quote; staff order again on the original owner's behalf.
          owner_user_id: isStaff(principal.role) ? ordered.owner_user_id : principal.userId,
          guest_session_hash: null,
          contact_email: ordered.contact_email,
          title: `Order again: ${order.number ?? ordered.number}`,
          notes: null,
        },
        items,
      ),
    );
    await quoteCoordinator(c.env, scope, id).reprice(scope.tenantId, id);
    const quote = presentQuote((await findQuote(scope, id, SYSTEM))!, await quoteItemsOf(scope, id));
    await audit(scope, {
      actor_type: principal.kind,
      actor_id: principal.userId,
      action: "order.reordered",
      target_type: "order",
      target_id: order.id,
      data: { quote_id: id },
      request_id: c.get("requestId"),
    });
    return ok(
      c,
      {
        ...quote,
        reordered_from: { order_id: order.id, quote_id: ordered.id },
        changes: reorderChanges(presentQuote(ordered, orderedItems).items, quote.items),
      },
      201,
    );
  })
  .openapi(routes.approve, async (c) => {
    const order = await visibleOrder(c, c.req.valid("param").id);
    const scope = scopeOf(c);
    if (order.status !== "awaiting_approval") throw notAwaitingApproval(order, "approved");
    const checkout = order.checkout_id ? await findCheckout(scope, order.checkout_id) : undefined;
    if (!checkout) throw notAwaitingApproval(order, "approved");
    // Checked before the decision, so an approval never leaves the order stranded between states.
    if (checkout.payment === "card") await requireStripe(c, "payment_method");
    const principal = principalOf(c);
    if (!(await decideOrder(scope, order, "approved", principal.userId, null)))
      throw notAwaitingApproval((await findVisibleOrder(scope, order.id, SYSTEM))!, "approved");
    await audit(scope, {
      actor_type: principal.kind,
      actor_id: principal.userId,
      action: "order.approved",
      target_type: "order",
      target_id: order.id,
      request_id: c.get("requestId"),
    });
    const quote = (await findQuote(scope, order.quote_id, SYSTEM))!;
    return ok(c, await orderAsCheckedOut(c, checkout, quote, (await findVisibleOrder(scope, order.id, SYSTEM))!));
  })
  .openapi(routes.reject, async (c) => {
    const order = await visibleOrder(c, c.req.valid("param").id);
    const scope = scopeOf(c);
    const { reason } = c.req.valid("json");
    if (!reason) throw unprocessable("reason", "Say why, so your colleague knows what to change");
    if (order.status !== "awaiting_approval") throw notAwaitingApproval(order, "rejected");
    const principal = principalOf(c);
    if (!(await decideOrder(scope, order, "rejected", principal.userId, reason)))
      throw notAwaitingApproval((await findVisibleOrder(scope, order.id, SYSTEM))!, "rejected");
    await audit(scope, {
      actor_type: principal.kind,
      actor_id: principal.userId,
      action: "order.rejected",
      target_type: "order",
      target_id: order.id,
      data: { reason },
      request_id: c.get("requestId"),
    });
    return ok(c, presentOrder((await findVisibleOrder(scope, order.id, SYSTEM))!));
  })
  .openapi(routes.resubmit, async (c) => {
    const order = await visibleOrder(c, c.req.valid("param").id);
    const scope = scopeOf(c);
    const { note, po_number } = c.req.valid("json");
    const notRejected = (o: Order) =>
      new ApiError("CONFLICT", `Order ${o.number ?? o.id} is ${o.status.replace(/_/g, " ")}; only a rejected order can be resubmitted`, [
        { field: "status", message: `is ${o.status}${o.approval_decision ? ` (${o.approval_decision})` : ""}`, value: o.status },
      ]);
    if (!isRejected(order)) throw notRejected(order);
    const principal = principalOf(c);
    // The colleague who placed it resubmits; an approver (the company's admin, the shop's owner or admin) may reopen it.
    if (principal.userId !== order.placed_by && !roleAllows(principal.role, "orders:approve"))
      throw new ApiError("FORBIDDEN", "Only the colleague who placed this order, or your company's admin, can resubmit it");
    if (!note) throw unprocessable("note", "Say what changed, so your admin knows what to look at again");
    if (po_number !== undefined && order.payment_method !== "purchase_order")
      throw unprocessable("po_number", "This order is paid by card; it has no purchase-order number", po_number);
    if (!(await resubmitOrder(scope, order, po_number))) throw notRejected((await findVisibleOrder(scope, order.id, SYSTEM))!);
    await audit(scope, {
      actor_type: principal.kind,
      actor_id: principal.userId,
      action: "order.resubmitted",
      target_type: "order",
      target_id: order.id,
      data: { note, ...(po_number === undefined ? {} : { po_number }) },
      request_id: c.get("requestId"),
    });
    const reopened = (await findVisibleOrder(scope, order.id, SYSTEM))!;
    await notify(c.env, scope, { type: "order.resubmitted", order_id: order.id, by_user_id: principal.userId, at: reopened.updated_at, note });
    return ok(c, presentOrder(reopened));
  })
  .openapi(routes.cancel, async (c) => {
    const order = await visibleOrder(c, c.req.valid("param").id);
    const scope = scopeOf(c);
    const now = Date.now();
    const notices = statusUpdatesOf(scope, await manufacturingOrdersOf(scope, order.id), "scheduled", "cancelled", now, "order_cancelled");
    if (!(await cancelOrder(scope, order.id, now, notices.statements))) {
      const started = (await manufacturingOrdersOf(scope, order.id)).find((mo) => mo.status !== "scheduled" && mo.status !== "cancelled");
      if (started) {
        throw new ApiError("CONFLICT", `Production of order ${order.number ?? order.id} has started (${started.number}); it can no longer be cancelled`, [
          { field: "status", message: "production has started", value: started.status },
        ]);
      }
      throw new ApiError("CONFLICT", `Order ${order.number ?? order.id} is already cancelled`, [
        { field: "status", message: "is cancelled", value: "cancelled" },
      ]);
    }
    const principal = principalOf(c);
    await dispatchOutbox(c.env, scope.tenantId, notices.eventIds);
    await audit(scope, {
      actor_type: principal.kind,
      actor_id: principal.userId,
      action: "order.cancelled",
      target_type: "order",
      target_id: order.id,
      request_id: c.get("requestId"),
    });
    return ok(c, { ...presentOrder(order), status: "cancelled" as const });
  });
