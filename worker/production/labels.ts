import { type Label, lotLabel, manufacturingOrderLabel, packageLabels, renderLabels } from "../../engine/documents/labels.ts";
import { findCustomer } from "../db/customers.ts";
import type { Lot } from "../db/lots.ts";
import { type ManufacturingOrder, manufacturingOrdersOf } from "../db/manufacturing-orders.ts";
import { findOrder, type Order } from "../db/orders.ts";
import { findQuote, quoteItemsOf } from "../db/quotes.ts";
import type { Scope } from "../db/scope.ts";
import type { Shipment } from "../db/shipments.ts";
import type { Tenant } from "../db/tenants.ts";
import { SYSTEM } from "../db/viewer.ts";
import { itemViews } from "../quotes/item-views.ts";

/**
 * The staff page a label's QR code opens, on the host the label was printed
 * from (the shop is resolved from it, so it is the shop's own host). Signed-out
 * scanners land on sign-in; customers are refused by the page's permission.
 */
export const staffUrl = (requestUrl: string, path: string) => `https://${new URL(requestUrl).host}/production/${path}`;

const pdf = (tenant: Tenant, labels: Label[], title: string) => renderLabels(tenant.name, labels, title);

export const lotLabelPdf = (tenant: Tenant, lot: Lot, requestUrl: string) =>
  pdf(
    tenant,
    [
      lotLabel(
        {
          ...lot,
          quantity: lot.balance_milli / 1000,
          received_at: new Date(lot.received_at).toISOString(),
          expires_at: lot.expires_at === null ? null : new Date(lot.expires_at).toISOString(),
        },
        staffUrl(requestUrl, `lots/${encodeURIComponent(lot.lot_number)}`),
      ),
    ],
    `Label ${lot.lot_number}`,
  );

/** What an MO makes, as its quote line names it in the order's documents. */
export async function manufacturingOrderLabelPdf(scope: Scope, files: R2Bucket, tenant: Tenant, mo: ManufacturingOrder, requestUrl: string) {
  const order = await findOrder(scope, mo.order_id);
  const quote = order && (await findQuote(scope, order.quote_id, SYSTEM));
  const item = quote && (await quoteItemsOf(scope, quote.id)).find((i) => i.id === mo.quote_item_id);
  const view = item && quote ? (await itemViews(scope, files, [item], quote.price_book_version, { pictures: false })).get(item.id) : undefined;
  const product = view ? [view.label, view.description].filter(Boolean).join(", ") : "Item";
  const label = manufacturingOrderLabel(
    { number: mo.number, order_number: order?.number ?? null, product, quantity: mo.quantity, due_at: new Date(mo.due_at).toISOString() },
    staffUrl(requestUrl, mo.id),
  );
  return pdf(tenant, [label], `Label ${mo.number}`);
}

/** One label per package of the shipment, naming the MOs each holds. */
export async function shipmentLabelsPdf(scope: Scope, tenant: Tenant, shipment: Shipment, order: Order, requestUrl: string) {
  const quote = await findQuote(scope, order.quote_id, SYSTEM);
  const [mos, customer] = await Promise.all([manufacturingOrdersOf(scope, order.id), quote?.customer_id ? findCustomer(scope, quote.customer_id) : undefined]);
  const labels = packageLabels(
    {
      number: shipment.number,
      order_number: order.number,
      customer: customer?.name ?? quote?.contact_email ?? "Customer",
      shipped_at: new Date(shipment.shipped_at).toISOString(),
      packages: shipment.packages,
    },
    new Map(mos.map((m) => [m.id, m.number])),
    staffUrl(requestUrl, `shipments/${shipment.id}`),
  );
  return pdf(tenant, labels, `Labels ${shipment.number}`);
}
