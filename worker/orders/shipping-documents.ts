import { renderShippingDocument, type ShippingDocumentKind } from "../../engine/documents/shipping-documents.ts";
import { findCustomer } from "../db/customers.ts";
import { manufacturingOrdersOf } from "../db/manufacturing-orders.ts";
import type { Order } from "../db/orders.ts";
import { findQuote, quoteItemsOf } from "../db/quotes.ts";
import type { Scope } from "../db/scope.ts";
import { linesOf, shipmentsOf, type Shipment } from "../db/shipments.ts";
import { unitsOf } from "../db/units.ts";
import type { Tenant } from "../db/tenants.ts";
import { SYSTEM } from "../db/viewer.ts";
import { itemViews } from "../quotes/item-views.ts";
import { documentSeller } from "../shop/seller.ts";

/** A shipment's packing list or delivery note: each MO described as its quote line was. */
export async function shipmentDocument(scope: Scope, files: R2Bucket, tenant: Tenant, kind: ShippingDocumentKind, shipment: Shipment, order: Order) {
  const quote = (await findQuote(scope, order.quote_id, SYSTEM))!;
  const [items, mos, shipments, customer] = await Promise.all([
    quoteItemsOf(scope, quote.id),
    manufacturingOrdersOf(scope, order.id),
    shipmentsOf(scope, order.id),
    quote.customer_id ? findCustomer(scope, quote.customer_id) : undefined,
  ]);
  const [allLines, serials] = await Promise.all([
    linesOf(
      scope,
      shipments.map((s) => s.id),
    ),
    unitsOf(
      scope,
      mos.map((m) => m.id),
    ),
  ]);
  const lines = allLines.filter((l) => l.shipment_id === shipment.id);
  // Units leave in serial order: this shipment carries the serials after those of the order's earlier shipments.
  const earlier = new Set(
    shipments
      .slice(
        0,
        shipments.findIndex((s) => s.id === shipment.id),
      )
      .map((s) => s.id),
  );
  const shippedBefore = (moId: string) =>
    allLines.filter((l) => earlier.has(l.shipment_id) && l.manufacturing_order_id === moId).reduce((n, l) => n + l.quantity, 0);
  const views = await itemViews(scope, files, items, quote.price_book_version);
  const moById = new Map(mos.map((m) => [m.id, m]));
  return renderShippingDocument(kind, {
    shop: await documentSeller(files, tenant),
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
        serials: (serials.get(l.manufacturing_order_id) ?? []).slice(
          shippedBefore(l.manufacturing_order_id),
          shippedBefore(l.manufacturing_order_id) + l.quantity,
        ),
      };
    }),
  });
}
