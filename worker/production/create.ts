import { addWorkingDays } from "../../engine/production/calendar.ts";
import { genericRouting, machineHoursOf, partRouting, type PartProcess } from "../../engine/production/process-routings.ts";
import { doorRouting } from "../../engine/products/door/routing.ts";
import type { DoorEngineering } from "../../engine/products/door/index.ts";
import { insertManufacturingOrderStatements, manufacturingOrdersOf, type NewManufacturingOrder } from "../db/manufacturing-orders.ts";
import { derivedId } from "../db/derived-id.ts";
import type { Order } from "../db/orders.ts";
import type { QuoteItem } from "../db/quotes.ts";
import type { Scope } from "../db/scope.ts";
import type { EngineeredItem } from "../products/engineered.ts";

/** An order line's MO id, the same for every path that plans it (the order's job, a partner's manufacturing.order_created). */
export const manufacturingOrderId = (orderId: string, itemId: string) => derivedId(`${orderId}:${itemId}`, "manufacturing-order");

/**
 * The manufacturing orders of a placed order, one per line (issue 13), as
 * statements for one batch; none when they exist already (a redelivered job).
 * A configured door is routed from its BOM; an uploaded part by its process
 * and the machine time it was priced with; a configured product whose family
 * declares no routing gets the generic one. Due: the line's lead time in
 * working days from the order.
 */
export async function manufacturingOrderStatements(scope: Scope, order: Order, items: QuoteItem[], engineered: EngineeredItem[]) {
  if ((await manufacturingOrdersOf(scope, order.id)).length > 0) return [];
  const byItem = new Map(engineered.map((e) => [e.item?.id, e]));
  const rows = await Promise.all(
    items.map(async (item): Promise<NewManufacturingOrder> => {
      const id = await manufacturingOrderId(order.id, item.id);
      const options = item.options as { quantity?: number; process?: string };
      const quantity = Number(options.quantity ?? 1);
      const price = item.price as { lead_time?: { days?: number }; breakdown?: { code: string; amount: number; basis?: Record<string, unknown> }[] } | null;
      const due_at = addWorkingDays(order.created_at, price?.lead_time?.days ?? 10);
      const line = { id, order_id: order.id, quote_item_id: item.id, quantity, due_at };
      const made = byItem.get(item.id);
      if (made) {
        const engineering = made.engineering as Partial<DoorEngineering>;
        const routing = made.product.generator_key === "spw600e-door" && engineering.bom ? doorRouting(engineering.bom, quantity) : genericRouting(quantity);
        return { ...line, routing, bom: engineering.bom ?? null, qc_checklist: engineering.qc_checklist ?? null };
      }
      if (item.configuration_id) return { ...line, routing: genericRouting(quantity), bom: null, qc_checklist: null };
      const routing = partRouting({ process: (options.process ?? "fff") as PartProcess, quantity, machine_hours: machineHoursOf(price) });
      return { ...line, routing, bom: null, qc_checklist: null };
    }),
  );
  return insertManufacturingOrderStatements(scope, rows);
}
