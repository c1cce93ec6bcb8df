import { z } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { TenantEnv } from "./context.ts";
import { defineRoute } from "./route.ts";
import { createRouter } from "./router.ts";
import { errorResponses, jsonResponse, listEnvelope, ok, okList } from "./envelope.ts";
import { ApiError, notFound, unprocessable } from "./errors.ts";
import { viewerOf } from "./models.ts";
import { afterTransition } from "./quotes.ts";
import { IdParam, ListQuery, iso } from "./schemas.ts";
import { AddressInput, CheckoutView, CreateCheckout, SavedAddressView, presentAddress, toPostal } from "./schemas/checkout.ts";
import { DEFAULT_SHIPPING_METHODS, quoteShipping } from "../../engine/shipping/methods.ts";
import { findAddresses, findCheckout, insertAddress, insertCheckout, listAddresses, type Checkout } from "../db/checkouts.ts";
import { findOrderOfQuote, findStripeAccount, type Order } from "../db/orders.ts";
import { findQuote, quoteItemsOf, type Quote } from "../db/quotes.ts";
import type { PostalAddress } from "../db/schema/index.ts";
import { SYSTEM, type Viewer } from "../db/viewer.ts";
import { principalOf } from "../middleware/auth.ts";
import { unprocessableHook } from "../middleware/errors.ts";
import { scopeOf, tenantOf } from "../middleware/tenant.ts";
import { quoteWeightKg, reviewOf } from "../checkout/review.ts";
import { orderAsCheckedOut } from "../orders/place.ts";
import { needsOrderApproval, placeForApproval } from "../orders/approval.ts";
import { OrderView, presentOrder } from "../orders/present.ts";
import { acceptQuote, acceptRefusal, type Refusal } from "../quotes/decide.ts";
import { currentTerms } from "../shop/terms.ts";

/**
 * Checkout (issue 15, docs/decisions/0038-checkout.md): a buyer's company
 * keeps its addresses; a checkout records the addresses, shipping, payment and
 * terms chosen for a quote with the review shown; confirming it accepts the
 * quote and places the order through the same code as the accept and
 * purchase-order routes. Bad input is 422 naming the field.
 */

const Confirmation = OrderView.extend({
  checkout_url: z.string().nullable().openapi({ description: "Card payment: Stripe Checkout, where the buyer pays; null on a purchase order or once paid" }),
}).openapi("CheckoutConfirmation");

const routes = {
  addresses: defineRoute({
    permission: "customers:read",
    method: "get",
    path: "/",
    tags: ["Checkout"],
    summary: "The caller's company's saved addresses, newest first (none for staff, who belong to no company)",
    request: { query: ListQuery },
    responses: { 200: { description: "Addresses", content: { "application/json": { schema: listEnvelope(SavedAddressView) } } }, ...errorResponses(400) },
  }),
  saveAddress: defineRoute({
    permission: "quotes:write",
    method: "post",
    path: "/",
    tags: ["Checkout"],
    summary: "Save an address for the caller's company, to choose at its next checkouts",
    request: { body: { content: { "application/json": { schema: AddressInput } }, required: true } },
    responses: { 201: jsonResponse("Saved", SavedAddressView), ...errorResponses(413, 415, 422) },
  }),
  create: defineRoute({
    permission: "quotes:write",
    guest: true,
    method: "post",
    path: "/",
    tags: ["Checkout"],
    summary:
      "Start the checkout of a quote the caller may accept: addresses (saved ids or new), a shipping method serving the destination, the payment and the current terms; answers the review to confirm",
    request: { body: { content: { "application/json": { schema: CreateCheckout } }, required: true } },
    responses: { 201: jsonResponse("The review to confirm", CheckoutView), ...errorResponses(409, 413, 415, 422) },
  }),
  confirm: defineRoute({
    permission: "quotes:write",
    guest: true,
    method: "post",
    path: "/{id}/confirm",
    tags: ["Checkout"],
    summary:
      "Confirm a checkout: the quote is accepted and ordered as reviewed (card: the Stripe Checkout URL to pay at). Confirming again answers the same order.",
    request: { params: IdParam },
    responses: { 200: jsonResponse("The order", Confirmation), ...errorResponses(409, 422) },
  }),
};

const refused = (r: Refusal) => new ApiError(r.code, r.message, [r.detail]);

async function callerViewer(c: Context<TenantEnv>): Promise<Viewer> {
  const viewer = await viewerOf(c, false);
  if (!viewer) throw new ApiError("UNAUTHORIZED", "Sign in to check out");
  return viewer;
}

/** A quote the caller may decide on is checked out once accepted or acceptable; one already ordered is not. */
function checkoutRefusal(quote: Quote, items: Parameters<typeof acceptRefusal>[1], order: Order | undefined): Refusal | null {
  if (order && order.status !== "awaiting_payment")
    return {
      code: "CONFLICT",
      message: `This quote is already ordered (${order.number ?? order.status})`,
      detail: { field: "quote_id", message: "is ordered", value: order.id },
    };
  // A quote accepted through the accept route (and not ordered yet) may still be checked out.
  return quote.status === "accepted" ? null : acceptRefusal(quote, items);
}

/** The terms the buyer accepts must be the shop's current ones. */
function requireCurrentTerms(c: Context<TenantEnv>, version: number) {
  const current = currentTerms(tenantOf(c)).version;
  if (version !== current) throw unprocessable("terms_version", `is not the shop's current terms (version ${current}); read and accept them`, version);
}

export const companyAddressesRouter = createRouter()
  .openapi(routes.addresses, async (c) => {
    const customerId = principalOf(c).customerId;
    const page = c.req.valid("query");
    if (!customerId) return okList(c, [], { next_cursor: null, has_next: false, limit: page.limit });
    const { data, pagination } = await listAddresses(scopeOf(c), customerId, page);
    return okList(c, data.map(presentAddress), pagination);
  })
  .openapi(
    routes.saveAddress,
    async (c) => {
      const customerId = principalOf(c).customerId;
      if (!customerId) throw unprocessable("company", "Addresses are saved for a customer company; this account belongs to none");
      return ok(c, presentAddress(await insertAddress(scopeOf(c), customerId, toPostal(c.req.valid("json")))), 201);
    },
    unprocessableHook,
  );

export const checkoutsRouter = createRouter()
  .openapi(
    routes.create,
    async (c) => {
      const scope = scopeOf(c);
      const body = c.req.valid("json");
      const viewer = await callerViewer(c);
      const quote = await findQuote(scope, body.quote_id, viewer);
      if (!quote) throw notFound("Quote");
      const items = await quoteItemsOf(scope, quote.id);
      const refusal = checkoutRefusal(quote, items, await findOrderOfQuote(scope, quote.id));
      if (refusal) throw refused(refusal);
      requireCurrentTerms(c, body.terms_version);
      if (body.payment === "purchase_order" && !body.po_number) throw unprocessable("po_number", "is required to order on a purchase order");
      if (body.payment === "card" && !(await findStripeAccount(scope)))
        throw unprocessable("payment", "This shop does not take card payments yet; order on a purchase order", body.payment);

      // Saved addresses are the caller's company's; any other id is as unknown as a made-up one.
      const ids = [body.billing_address, body.shipping_address].filter((a): a is string => typeof a === "string");
      const saved = new Map(
        (viewer.kind === "customer" && viewer.customerId ? await findAddresses(scope, viewer.customerId, ids) : []).map((a) => [a.id, a.address]),
      );
      const resolve = (field: string, ref: typeof body.billing_address): PostalAddress => {
        if (typeof ref !== "string") return toPostal(ref);
        const found = saved.get(ref);
        if (!found) throw unprocessable(field, "is not one of your company's saved addresses", ref);
        return found;
      };
      const billing = resolve("billing_address", body.billing_address);
      const destination = resolve("shipping_address", body.shipping_address);

      const methods = tenantOf(c).settings.shipping_methods ?? DEFAULT_SHIPPING_METHODS;
      const method = methods.find((m) => m.code === body.shipping_method);
      if (!method)
        throw unprocessable("shipping_method", `is not one of the shop's shipping methods (${methods.map((m) => m.code).join(", ")})`, body.shipping_method);
      const weight = await quoteWeightKg(scope, quote, items);
      const priced = quoteShipping(method, destination.country, weight);
      if (!priced.ok) throw unprocessable("shipping_method", `${method.name} ${priced.reason}`, body.shipping_method);

      const shipping = { code: method.code, name: method.name, price: priced.price, days: priced.days, weight_kg: weight };
      const checkout = await insertCheckout(scope, {
        quote_id: quote.id,
        quote_revision: quote.revision,
        billing_address: billing,
        shipping_address: destination,
        payment: body.payment,
        po_number: body.payment === "purchase_order" ? body.po_number! : null,
        terms_version: body.terms_version,
        review: await reviewOf(scope, c.env.FILES, quote, items, shipping),
      });
      return ok(c, presentCheckout(checkout), 201);
    },
    unprocessableHook,
  )
  .openapi(routes.confirm, async (c) => {
    const scope = scopeOf(c);
    const checkout = await findCheckout(scope, c.req.valid("param").id);
    // A checkout is the caller's when its quote is: another customer's looks like none.
    const quote = checkout && (await findQuote(scope, checkout.quote_id, await callerViewer(c)));
    if (!checkout || !quote) throw notFound("Checkout");
    const existing = await findOrderOfQuote(scope, quote.id);
    const done = placedBy(checkout, existing);
    if (done) return ok(c, { ...presentOrder(done), checkout_url: null });
    try {
      return ok(c, await confirm(c, checkout, quote, existing));
    } catch (e) {
      // A confirmation running at the same time won: answer its order.
      const winner = e instanceof ApiError && e.code === "CONFLICT" ? placedBy(checkout, await findOrderOfQuote(scope, quote.id)) : undefined;
      if (winner) return ok(c, { ...presentOrder(winner), checkout_url: null });
      throw e;
    }
  });

/** The order this checkout placed, once nothing is left to do (a card order awaiting payment still needs its Stripe session). */
const placedBy = (checkout: Checkout, order: Order | undefined) =>
  order?.checkout_id === checkout.id && (order.status !== "awaiting_payment" || checkout.payment === "purchase_order") ? order : undefined;

/** Accepts the quote (unless accepted already) and orders it as the checkout agreed. */
async function confirm(c: Context<TenantEnv>, checkout: Checkout, quote: Quote, existing: Order | undefined) {
  const scope = scopeOf(c);
  if (existing && existing.status !== "awaiting_payment")
    throw new ApiError("CONFLICT", `This quote was ordered otherwise (${existing.number ?? existing.status})`, [
      { field: "quote_id", message: "is ordered", value: existing.id },
    ]);
  if (quote.revision !== checkout.quote_revision)
    throw new ApiError("CONFLICT", "The quote has been revised since this checkout; check out again", [
      { field: "quote_id", message: `is at revision ${quote.revision}`, value: checkout.quote_revision },
    ]);
  requireCurrentTerms(c, checkout.terms_version);
  let accepted = quote;
  if (quote.status !== "accepted") {
    const refusal = await acceptQuote(scope, quote);
    accepted = (await findQuote(scope, quote.id, SYSTEM))!;
    // A confirmation running at the same time may have accepted it first (the same revision): this one orders all the same.
    if (refusal && !(accepted.status === "accepted" && accepted.revision === checkout.quote_revision)) throw refused(refusal);
    if (!refusal) await afterTransition(c, quote.id, "accepted", { checkout_id: checkout.id });
  }
  const principal = c.get("principal");
  // A company that approves its users' orders: this one waits for its admin (decision 53).
  if (principal && (await needsOrderApproval(scope, principal))) {
    return { ...presentOrder(await placeForApproval(scope, accepted, checkout, principal.userId)), checkout_url: null };
  }
  return orderAsCheckedOut(c, checkout, accepted, existing);
}

const presentCheckout = (k: Checkout) => ({
  id: k.id,
  quote_id: k.quote_id,
  payment: k.payment,
  po_number: k.po_number,
  terms_version: k.terms_version,
  billing_address: k.billing_address,
  shipping_address: k.shipping_address,
  review: k.review,
  created_at: iso(k.created_at),
});
