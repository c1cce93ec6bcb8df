import { type OrderConfirmationInput, renderOrderConfirmation } from "../../engine/documents/order-confirmation.ts";
import { findCheckout } from "../db/checkouts.ts";
import type { Order } from "../db/orders.ts";
import { findQuote, quoteItemsOf } from "../db/quotes.ts";
import type { Scope } from "../db/scope.ts";
import type { Tenant } from "../db/tenants.ts";
import { SYSTEM } from "../db/viewer.ts";
import { itemViews } from "../quotes/item-views.ts";
import { documentSeller } from "../shop/seller.ts";
import { termsVersion } from "../shop/terms.ts";

type Discount = { label: string; off: number };
type QuoteTotals = {
  minimum_order_surcharge: number;
  discount?: Discount | null;
  net_total: number;
  gross_total: number;
  tax: { label: string; rate: number; amount: number; inclusive: boolean };
};
type ItemPrice = { unit_price: number; total: number; discount?: Discount & { list_total: number } } | null;

/** An order's confirmation PDF. */
export const orderConfirmationPdf = async (scope: Scope, files: R2Bucket, tenant: Tenant, order: Order) =>
  renderOrderConfirmation(await orderDocumentInput(scope, files, tenant, order));

/**
 * What an order's documents state (its confirmation and its invoice, so the
 * two never disagree): what its checkout reviewed and agreed; an order placed
 * without one (the purchase-order and Stripe routes) shows its quote's lines
 * and totals, with no addresses, shipping or terms to state.
 */
export async function orderDocumentInput(scope: Scope, files: R2Bucket, tenant: Tenant, order: Order): Promise<OrderConfirmationInput> {
  const quote = (await findQuote(scope, order.quote_id, SYSTEM))!;
  const checkout = order.checkout_id ? await findCheckout(scope, order.checkout_id) : undefined;
  const common = {
    shop: await documentSeller(files, tenant),
    order: {
      number: order.number,
      created_at: new Date(order.created_at).toISOString(),
      quote_number: quote.number,
      po_number: order.po_number,
      payment: order.payment_method === "purchase_order" ? ("purchase_order" as const) : ("card" as const),
      paid: order.status === "paid",
    },
    currency: order.currency,
    billing_address: order.billing_address,
    shipping_address: order.shipping_address,
  };
  if (checkout) {
    const r = checkout.review;
    const text = termsVersion(tenant, checkout.terms_version);
    return {
      ...common,
      lines: r.lines,
      totals: {
        minimum_order_surcharge: r.minimum_order_surcharge,
        discount: r.discount,
        shipping: r.shipping,
        net_total: r.net_total,
        tax: r.tax,
        total: r.total,
      },
      delivery_date: r.delivery_date,
      terms: text === null ? null : { version: checkout.terms_version, text },
    };
  }
  const items = await quoteItemsOf(scope, quote.id);
  const views = await itemViews(scope, files, items, quote.price_book_version, { pictures: false });
  const totals = quote.totals as unknown as QuoteTotals;
  return {
    ...common,
    lines: items.map((item, i) => {
      const price = item.price as ItemPrice;
      return {
        label: views.get(item.id)?.label ?? `Item ${i + 1}`,
        description: views.get(item.id)?.description ?? null,
        quantity: Number((item.options as { quantity?: number }).quantity ?? 1),
        unit_price: price?.unit_price ?? 0,
        total: price?.total ?? 0,
        discount: price?.discount ?? null,
      };
    }),
    totals: {
      minimum_order_surcharge: totals.minimum_order_surcharge,
      discount: totals.discount,
      shipping: null,
      net_total: totals.net_total,
      tax: totals.tax,
      total: order.amount,
    },
    delivery_date: null,
    terms: null,
  };
}
