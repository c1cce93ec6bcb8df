import { renderQcReport } from "../../engine/documents/qc-report.ts";
import { manufacturingOrdersOf } from "../db/manufacturing-orders.ts";
import type { Order } from "../db/orders.ts";
import { checkpointsOf, photosOf } from "../db/qc.ts";
import { findQuote, quoteItemsOf } from "../db/quotes.ts";
import type { Scope } from "../db/scope.ts";
import type { Tenant } from "../db/tenants.ts";
import { SYSTEM } from "../db/viewer.ts";
import { itemViews } from "../quotes/item-views.ts";
import { documentSeller } from "../shop/seller.ts";

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * An order's QC report, drawn from its records as they stand (decision 70):
 * every checkpoint of each of its manufacturing orders that has one, with its
 * checks and the number of photos taken. A check's corrective action is the
 * shop's own follow-up and stays out; the inspector's note is part of the record.
 */
export async function qcReportPdf(scope: Scope, files: R2Bucket, tenant: Tenant, order: Order) {
  const quote = (await findQuote(scope, order.quote_id, SYSTEM))!;
  const [mos, items] = await Promise.all([manufacturingOrdersOf(scope, order.id), quoteItemsOf(scope, quote.id)]);
  const views = await itemViews(scope, files, items, quote.price_book_version, { pictures: false });
  const recorded = await Promise.all(
    mos.map(async (mo) => {
      const [checkpoints, photos] = await Promise.all([checkpointsOf(scope, mo.id), photosOf(scope, mo.id)]);
      return {
        number: mo.number,
        label: views.get(mo.quote_item_id)?.label ?? "Item",
        quantity: mo.quantity,
        checkpoints: checkpoints.map((cp) => ({
          stage: cp.stage,
          inspector_name: cp.inspector_name,
          recorded_at: iso(cp.created_at),
          overall_status: cp.overall_status,
          photos: photos.filter((p) => p.checkpoint_id === cp.id).length,
          checks: cp.checks.map(({ description, status, measurement, tolerance, out_of_tolerance, notes }) => ({
            description,
            status,
            measurement,
            tolerance,
            out_of_tolerance,
            notes,
          })),
        })),
      };
    }),
  );
  return renderQcReport({
    shop: await documentSeller(files, tenant),
    order: { number: order.number, quote_number: quote.number },
    generated_at: iso(Date.now()),
    manufacturing_orders: recorded.filter((mo) => mo.checkpoints.length > 0),
  });
}
