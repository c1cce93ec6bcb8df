import { createRoute, z } from "@hono/zod-openapi";
import { createRouter } from "./router.ts";
import { envelope, errorResponses, ok } from "./envelope.ts";
import { findStripeAccount } from "../db/orders.ts";
import { requireTenant, tenantOf } from "../middleware/tenant.ts";

const PaymentOptions = z
  .object({
    card: z.boolean().openapi({ description: "The shop takes cards through Stripe Checkout" }),
    purchase_order: z.literal(true).openapi({ description: "Ordering on a purchase order is always possible" }),
  })
  .openapi("PaymentOptions");

const options = createRoute({
  method: "get",
  path: "/payments/options",
  tags: ["Payments"],
  summary: "How the shop's customers can pay for an accepted quote (public on the shop's host)",
  middleware: [requireTenant],
  responses: { 200: { description: "Payment options", content: { "application/json": { schema: envelope(PaymentOptions) } } }, ...errorResponses(404) },
});

export const paymentOptionsRouter = createRouter().openapi(options, async (c) => {
  const account = await findStripeAccount({ db: c.get("db"), tenantId: tenantOf(c).id });
  return ok(c, { card: !!account, purchase_order: true as const });
});
