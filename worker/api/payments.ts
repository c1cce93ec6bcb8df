import { refuseUnapproved } from "../orders/approval.ts";
import { z } from "@hono/zod-openapi";
import { defineRoute } from "./route.ts";
import type { Context } from "hono";
import type { TenantEnv } from "./context.ts";
import { createRouter } from "./router.ts";
import { errorResponses, ok, jsonResponse } from "./envelope.ts";
import { ApiError, notFound } from "./errors.ts";
import { viewerOf } from "./models.ts";
import { IdParam } from "./schemas.ts";
import { audit } from "../db/audit.ts";
import { deleteStripeAccount, findOrderOfQuote, findStripeAccount, upsertStripeAccount } from "../db/orders.ts";
import { findQuote, quoteItemsOf, type Quote } from "../db/quotes.ts";
import { findSourceByName, insertSource, updateSource } from "../db/webhook-sources.ts";
import { principalOf } from "../middleware/auth.ts";
import { scopeOf } from "../middleware/tenant.ts";
import { orderOnPurchaseOrder, payByCard } from "../orders/place.ts";
import { OrderView, presentOrder } from "../orders/present.ts";
import { payableAmount } from "../quotes/order.ts";
import { blockedRefusal } from "../quotes/blocked.ts";
import { decryptSecret, encryptSecret } from "../webhooks/secrets.ts";

/** Stripe Checkout and purchase orders for accepted quotes; the shop's own Stripe keys. */

const STRIPE_SOURCE = "stripe";

const StripeSettings = z
  .strictObject({
    secret_key: z.string().regex(/^(sk|rk)_(test|live)_[A-Za-z0-9]{8,}$/, "must be a Stripe secret or restricted key (sk_… or rk_…)"),
    webhook_secret: z.string().regex(/^whsec_[A-Za-z0-9+/=]{16,}$/, "must be the endpoint's signing secret (whsec_…)"),
  })
  .openapi("StripeSettings");
const StripeStatus = z
  .object({
    configured: z.literal(true),
    secret_key_hint: z.string(),
    webhook_path: z.string().openapi({ description: "Point the Stripe webhook endpoint here, on the shop's host" }),
  })
  .openapi("StripeStatus");
const StripeConnection = z
  .object({
    connected: z.boolean(),
    secret_key_hint: z
      .string()
      .nullable()
      .openapi({ description: "The key's last four characters (…1234); the key itself is never shown again", example: "…1234" }),
    mode: z.enum(["test", "live"]).nullable().openapi({ description: "Whether the key takes real payments (live) or Stripe's test cards (test)" }),
    connected_at: z.string().nullable().openapi({ description: "When the key was last set (ISO 8601)" }),
    webhook_path: z.string().openapi({ description: "Point the Stripe webhook endpoint here, on the shop's host" }),
  })
  .openapi("StripeConnection");
const PaymentOptions = z
  .object({
    card: z.boolean().openapi({ description: "The shop takes cards through Stripe Checkout" }),
    purchase_order: z.literal(true).openapi({ description: "Ordering on a purchase order is always possible" }),
  })
  .openapi("PaymentOptions");
const Checkout = z.object({ order: OrderView, session_id: z.string(), checkout_url: z.string().nullable() }).openapi("CheckoutSession");
const PurchaseOrder = z.strictObject({ po_number: z.string().trim().min(1, "is required").max(64) }).openapi("PurchaseOrderRequest");

const routes = {
  stripe: defineRoute({
    permission: "payments:admin",
    method: "put",
    path: "/stripe",
    tags: ["Payments"],
    summary: "Set the shop's Stripe secret key and webhook signing secret (stored encrypted)",
    request: { body: { content: { "application/json": { schema: StripeSettings } }, required: true } },
    responses: { 200: jsonResponse("Configured", StripeStatus), ...errorResponses(400, 401, 403, 404) },
  }),
  connection: defineRoute({
    permission: "payments:admin",
    method: "get",
    path: "/stripe",
    tags: ["Payments"],
    summary: "Whether the shop has connected Stripe, with the last four characters of its key",
    responses: { 200: jsonResponse("Connection", StripeConnection), ...errorResponses(401, 403, 404) },
  }),
  disconnect: defineRoute({
    permission: "payments:admin",
    method: "delete",
    path: "/stripe",
    tags: ["Payments"],
    summary: "Disconnect Stripe: customers can no longer pay by card (purchase orders stay); payments already under way are still recorded",
    responses: { 200: jsonResponse("Disconnected", StripeConnection), ...errorResponses(401, 403, 404) },
  }),
  options: defineRoute({
    permission: "public",
    method: "get",
    path: "/options",
    tags: ["Payments"],
    summary: "How the shop's customers can pay for an accepted quote (public on the shop's host)",
    responses: { 200: jsonResponse("Payment options", PaymentOptions), ...errorResponses(404) },
  }),
  checkout: defineRoute({
    permission: "quotes:write",
    guest: true,
    method: "post",
    path: "/{id}/checkout",
    tags: ["Payments"],
    summary: "Pay an accepted quote with Stripe Checkout",
    request: { params: IdParam },
    responses: { 201: jsonResponse("Checkout Session created", Checkout), ...errorResponses(401, 403, 404, 409, 422) },
  }),
  purchaseOrder: defineRoute({
    permission: "quotes:write",
    guest: true,
    method: "post",
    path: "/{id}/purchase-order",
    tags: ["Payments"],
    summary: "Order an accepted quote on a purchase order",
    request: { params: IdParam, body: { content: { "application/json": { schema: PurchaseOrder } }, required: true } },
    responses: { 201: jsonResponse("Ordered", OrderView), ...errorResponses(400, 401, 403, 404, 409, 422) },
  }),
  order: defineRoute({
    permission: "quotes:read",
    guest: true,
    method: "get",
    path: "/{id}/order",
    tags: ["Payments"],
    summary: "The order of a quote (null until ordered), and whether it is paid",
    request: { params: IdParam },
    responses: { 200: jsonResponse("Order", z.union([OrderView, z.null()])), ...errorResponses(401, 404) },
  }),
};

/** The quote the caller may see (404 otherwise, as for any other tenant's id). */
async function visibleQuote(c: Context<TenantEnv>, id: string): Promise<Quote> {
  const viewer = await viewerOf(c, false);
  if (!viewer) throw new ApiError("UNAUTHORIZED", "Sign in to see quotes");
  const quote = await findQuote(scopeOf(c), id, viewer);
  if (!quote) throw notFound("Quote");
  return quote;
}

/**
 * An accepted quote the caller may order: its gross total is what is paid.
 * Ordering continues accepting, so it needs what accepting needs
 * (quotes:write): a customer pays for the quote they accepted themselves.
 */
async function orderableQuote(c: Context<TenantEnv>, id: string) {
  const quote = await visibleQuote(c, id);
  await refuseUnapproved(scopeOf(c), c.get("principal"));
  if (quote.status !== "accepted")
    throw new ApiError("CONFLICT", `Only an accepted quote can be ordered; this one is ${quote.status}`, [
      { field: "status", message: "is not accepted", value: quote.status },
    ]);
  // An item that cannot be made is never paid for, whatever state the quote reached.
  const blocked = blockedRefusal(await quoteItemsOf(scopeOf(c), quote.id));
  if (blocked) throw new ApiError(blocked.code, blocked.message, [blocked.detail]);
  const amount = payableAmount(quote);
  if (amount === null) throw new ApiError("UNPROCESSABLE_ENTITY", "The quote has no payable total", [{ field: "totals.gross_total", message: "is missing" }]);
  const existing = await findOrderOfQuote(scopeOf(c), quote.id);
  if (existing && existing.status !== "awaiting_payment")
    throw new ApiError("CONFLICT", `This quote is already ordered (${existing.status})`, [{ field: "order", message: existing.status, value: existing.id }]);
  return { quote, amount, existing };
}

const WEBHOOK_PATH = `/webhooks/${STRIPE_SOURCE}`;
const DISCONNECTED = { connected: false, secret_key_hint: null, mode: null, connected_at: null, webhook_path: WEBHOOK_PATH };

/** What the owner may see of the stored key: its mode and last four characters, as Stripe's own dashboard shows them. */
async function connectionOf(c: Context<TenantEnv>) {
  const scope = scopeOf(c);
  const account = await findStripeAccount(scope);
  if (!account) return DISCONNECTED;
  const key = await decryptSecret(c.env, { tenantId: scope.tenantId, purpose: "stripe_secret_key" }, account.secret_key_enc).catch(() => null);
  return {
    connected: true,
    // A key sealed with a retired secrets key no longer opens: still connected as far as the shop knows, without a hint.
    secret_key_hint: key ? `…${key.slice(-4)}` : null,
    mode: key ? (key.includes("_live_") ? ("live" as const) : ("test" as const)) : null,
    connected_at: new Date(account.updated_at).toISOString(),
    webhook_path: WEBHOOK_PATH,
  };
}

export const paymentsRouter = createRouter()
  .openapi(routes.connection, async (c) => ok(c, await connectionOf(c)))
  .openapi(routes.disconnect, async (c) => {
    const scope = scopeOf(c);
    // The `stripe` webhook source stays, so a checkout already paid at Stripe still marks its order paid.
    if (await deleteStripeAccount(scope)) {
      const p = principalOf(c);
      await audit(scope, {
        actor_type: p.kind,
        actor_id: p.userId,
        action: "payments.stripe_disconnected",
        target_type: "stripe_account",
        target_id: scope.tenantId,
        request_id: c.get("requestId"),
      });
    }
    return ok(c, DISCONNECTED);
  })
  .openapi(routes.options, async (c) => ok(c, { card: !!(await findStripeAccount(scopeOf(c))), purchase_order: true as const }))
  .openapi(routes.stripe, async (c) => {
    const scope = scopeOf(c);
    const body = c.req.valid("json");
    await upsertStripeAccount(scope, await encryptSecret(c.env, { tenantId: scope.tenantId, purpose: "stripe_secret_key" }, body.secret_key));
    // Stripe's webhooks arrive on the `stripe` source; the previous secret keeps verifying during the switch.
    const secret = {
      secret_enc: await encryptSecret(c.env, { tenantId: scope.tenantId, purpose: "webhook_source_secret" }, body.webhook_secret),
      created_at: Date.now(),
    };
    const source = await findSourceByName(scope, STRIPE_SOURCE);
    if (source && source.scheme !== "stripe")
      throw new ApiError("CONFLICT", "A webhook source named stripe with another scheme exists", [
        { field: "webhook_secret", message: "source stripe is not a Stripe source" },
      ]);
    if (source) await updateSource(scope, source.id, { secrets: [secret, source.secrets[0]] });
    else await insertSource(scope, { id: crypto.randomUUID(), name: STRIPE_SOURCE, scheme: "stripe", secrets: [secret], tolerance_seconds: 300 });
    const p = principalOf(c);
    await audit(scope, {
      actor_type: p.kind,
      actor_id: p.userId,
      action: "payments.stripe_configured",
      target_type: "stripe_account",
      target_id: scope.tenantId,
      request_id: c.get("requestId"),
    });
    return ok(c, { configured: true as const, secret_key_hint: `…${body.secret_key.slice(-4)}`, webhook_path: WEBHOOK_PATH });
  });

export const quotePaymentsRouter = createRouter()
  .openapi(routes.checkout, async (c) => {
    const { quote, amount, existing } = await orderableQuote(c, c.req.valid("param").id);
    const origin = new URL(c.req.url).origin;
    const { order, session } = await payByCard(c, quote, amount, existing, () => ({
      success: `${origin}/quotes/${quote.id}?checkout=success`,
      cancel: `${origin}/quotes/${quote.id}?checkout=cancelled`,
    }));
    return ok(c, { order: presentOrder(order), session_id: session.id, checkout_url: session.url ?? null }, 201);
  })
  .openapi(routes.purchaseOrder, async (c) => {
    const { quote, amount, existing } = await orderableQuote(c, c.req.valid("param").id);
    return ok(c, presentOrder(await orderOnPurchaseOrder(c, quote, amount, c.req.valid("json").po_number, existing)), 201);
  })
  .openapi(routes.order, async (c) => {
    const quote = await visibleQuote(c, c.req.valid("param").id);
    const order = await findOrderOfQuote(scopeOf(c), quote.id);
    return ok(c, order ? presentOrder(order) : null);
  });
