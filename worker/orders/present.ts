import { z } from "@hono/zod-openapi";
import type { Order } from "../db/orders.ts";
import type { QuoteItem } from "../db/quotes.ts";
import { ORDER_STATUSES } from "../db/schema/index.ts";
import { Address, ChosenShippingView } from "../api/schemas/checkout.ts";
import { orNull } from "../api/envelope.ts";

const iso = (ms: number | null) => (ms == null ? null : new Date(ms).toISOString());

export const OrderView = z
  .object({
    id: z.string(),
    number: z.string().nullable().openapi({ description: "ORD-YYYY-NNNN; null only on orders placed before order numbers" }),
    quote_id: z.string(),
    status: z.enum(ORDER_STATUSES),
    payment_method: z.enum(["stripe", "purchase_order"]),
    amount: z.number().int(),
    currency: z.string(),
    po_number: z.string().nullable(),
    paid_at: z.string().nullable(),
    created_at: z.string().nullable(),
    checkout_id: z
      .string()
      .nullable()
      .openapi({ description: "The checkout that placed it; null for orders placed through the accept and purchase-order routes" }),
    terms_version: z.number().int().nullable().openapi({ description: "The version of the shop's terms accepted at checkout" }),
    billing_address: orNull(Address),
    shipping_address: orNull(Address),
    shipping: orNull(ChosenShippingView),
    approval: orNull(
      z.object({
        status: z.enum(["pending", "approved", "rejected"]),
        placed_by: z.string().nullable().openapi({ description: "The company user who placed it for approval" }),
        decided_by: z.string().nullable(),
        decided_at: z.string().nullable(),
        reason: z.string().nullable().openapi({ description: "Why it was rejected" }),
      }),
    ).openapi({ description: "Orders a company user placed for their admin's approval; null for any other" }),
  })
  .openapi("Order");

export const OrderItemView = z
  .object({
    id: z.string(),
    position: z.number().int(),
    model_id: z.string().nullable(),
    configuration_id: z.string().nullable(),
    options: z.record(z.string(), z.unknown()),
    quantity: z.number().int(),
    unit_price: z.number().int().nullable(),
    total: z.number().int().nullable(),
    lead_time_days: z.number().int().nullable(),
  })
  .openapi("OrderItem");

export const OrderWithItems = OrderView.extend({ items: z.array(OrderItemView), price_book_version: z.number().int() }).openapi("OrderWithItems");

export const presentOrder = (o: Order) => ({
  id: o.id,
  number: o.number,
  quote_id: o.quote_id,
  status: o.status,
  payment_method: o.payment_method,
  amount: o.amount,
  currency: o.currency,
  po_number: o.po_number,
  paid_at: iso(o.paid_at),
  created_at: iso(o.created_at),
  checkout_id: o.checkout_id,
  terms_version: o.terms_version,
  billing_address: o.billing_address,
  shipping_address: o.shipping_address,
  shipping: o.shipping,
  approval:
    o.status === "awaiting_approval" || o.approval_decision
      ? {
          status: o.approval_decision ?? ("pending" as const),
          placed_by: o.placed_by,
          decided_by: o.approval_decided_by,
          decided_at: iso(o.approval_decided_at),
          reason: o.approval_reason,
        }
      : null,
});

/** An order line as the accepted quote froze it: what was ordered, at what price. */
export function presentOrderItem(item: QuoteItem) {
  const price = item.price as { unit_price?: number | null; total?: number | null; lead_time?: { days?: number } } | null;
  const options = item.options as Record<string, unknown>;
  return {
    id: item.id,
    position: item.position,
    model_id: item.model_id,
    configuration_id: item.configuration_id,
    options,
    quantity: Number(options.quantity ?? 1),
    unit_price: price?.unit_price ?? null,
    total: price?.total ?? null,
    lead_time_days: price?.lead_time?.days ?? null,
  };
}
