import { renderShippingDocument, type ShippingDocumentKind } from "../../engine/documents/shipping-documents.ts";
import { findCustomer } from "../db/customers.ts";
import { manufacturingOrdersOf } from "../db/manufacturing-orders.ts";
import type { Order } from "../db/orders.ts";
import { findQuote, quoteItemsOf } from "../db/quotes.ts";
import type { Scope } from "../db/scope.ts";
import { linesOf, type Shipment } from "../db/shipments.ts";
import type { Tenant } from "../db/tenants.ts";
import { SYSTEM } from "../db/viewer.ts";
import { itemViews } from "../quotes/item-views.ts";
import { sellerOf } from "../shop/seller.ts";

/** A shipment's packing list or delivery note: each MO described as its quote line was. */
export async function shipmentDocument(scope: Scope, files: R2Bucket, tenant: Tenant, kind: ShippingDocumentKind, shipment: Shipment, order: Order) {
  const quote = (await findQuote(scope, order.quote_id, SYSTEM))!;
  const [items, mos, lines, customer] = await Promise.all([
    quoteItemsOf(scope, quote.id),
    manufacturingOrdersOf(scope, order.id),
    linesOf(scope, [shipment.id]),
    quote.customer_id ? findCustomer(scope, quote.customer_id) : undefined,
  ]);
  const views = await itemViews(scope, files, items, quote.price_book_version);
  const moById = new Map(mos.map((m) => [m.id, m]));
  return renderShippingDocument(kind, {
    shop: sellerOf(tenant),
    shipment: { ...shipment, shipped_at: new Date(shipment.shipped_at).toISOString() },
    order: { number: order.number, po_number: order.po_number },
    customer: { name: customer?.name ?? quote.contact_email ?? "Customer", address: [] },
    lines: lines.map((l) => {
      const mo = moById.get(l.manufacturing_order_id);
      const view = mo && views.get(mo.quote_item_id);
      return {
        manufacturing_order_id: l.manufacturing_order_id,
        number: mo?.number ?? "",
        description: view ? [view.label, view.description].filter(Boolean).join(", ") : "Item",
        quantity: l.quantity,
      };
    }),
  });
}
