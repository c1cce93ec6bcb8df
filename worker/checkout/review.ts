import type { TaxRule } from "../../engine/pricing/tax.ts";
import { consignmentKg, deliveryDate, partMassKg, totalsWithShipping } from "../../engine/shipping/consignment.ts";
import type { CheckoutReview, ChosenShipping } from "../db/schema/index.ts";
import { findModel } from "../db/models.ts";
import type { Quote, QuoteItem } from "../db/quotes.ts";
import type { Scope } from "../db/scope.ts";
import { SYSTEM } from "../db/viewer.ts";
import { bookVersion } from "../pricing/books.ts";
import { engineerQuoteItems, technicalSummary } from "../products/engineered.ts";
import { itemViews } from "../quotes/item-views.ts";

type Discount = { label: string; off: number; customer_note: string | null };
type ItemPrice = { unit_price: number; total: number; lead_time: { days: number }; discount?: Discount & { list_total: number } };
type QuoteTotals = { items_total: number; minimum_order_surcharge: number; discount?: Discount | null; lead_time_days: number; tax: TaxRule };

/** What the buyer reads of a discount: never the shop's reason (that is in the audit log only). */
const shown = <D extends Discount>(d: D | null | undefined) => d && { label: d.label, off: d.off, customer_note: d.customer_note };

/**
 * The consignment's weight in kg: each part's mass from its analysis and the
 * density of its material in the book it was priced with; each configured
 * product's from its bill of materials. Lines of unknown mass count as nothing.
 */
export async function quoteWeightKg(scope: Scope, quote: Quote, items: QuoteItem[]): Promise<number> {
  const { book } = await bookVersion(scope, quote.price_book_version);
  const engineered = new Map((await engineerQuoteItems(scope, items)).map((e) => [e.item!.id, technicalSummary(e.engineering).unit_weight_kg]));
  const lines = await Promise.all(
    items.map(async (item) => {
      const options = item.options as { quantity?: number; material?: string; thickness_mm?: number };
      const quantity = options.quantity ?? 1;
      if (item.configuration_id) return { unit_kg: engineered.get(item.id) ?? null, quantity };
      const model = item.model_id ? await findModel(scope, item.model_id, SYSTEM) : undefined;
      const density = options.material ? book.materials.get(options.material)?.density_g_cm3 : undefined;
      return { unit_kg: partMassKg(model?.analysis ?? null, options.thickness_mm, density), quantity };
    }),
  );
  return consignmentKg(lines);
}

/** What the buyer reviews before confirming: every line with its price, the shipping, the tax on both and the total. */
export async function reviewOf(
  scope: Scope,
  files: R2Bucket,
  quote: Quote,
  items: QuoteItem[],
  shipping: ChosenShipping,
  now = Date.now(),
): Promise<CheckoutReview> {
  const totals = quote.totals as unknown as QuoteTotals;
  const views = await itemViews(scope, files, items, quote.price_book_version, { pictures: false });
  const { net_total, tax, total } = totalsWithShipping(totals, shipping.price, totals.tax);
  return {
    currency: quote.currency,
    lines: items.map((item, i) => {
      const price = item.price as unknown as ItemPrice;
      return {
        item_id: item.id,
        label: views.get(item.id)?.label ?? `Item ${i + 1}`,
        description: views.get(item.id)?.description ?? null,
        quantity: (item.options as { quantity?: number }).quantity ?? 1,
        unit_price: price.unit_price,
        total: price.total,
        lead_time_days: price.lead_time.days,
        ...(price.discount ? { discount: { ...shown(price.discount)!, list_total: price.discount.list_total } } : {}),
      };
    }),
    items_total: totals.items_total,
    minimum_order_surcharge: totals.minimum_order_surcharge,
    discount: shown(totals.discount) ?? null,
    shipping,
    net_total,
    tax,
    total,
    delivery_date: deliveryDate(now, totals.lead_time_days, shipping.days),
  };
}
