import type { Quote, QuoteItem } from "../db/quotes.ts";
import type { Scope } from "../db/scope.ts";
import { engineerQuoteItems, technicalSummary } from "../products/engineered.ts";
import { outboxStatements } from "../webhooks/outbox.ts";

const round2 = (x: number) => Math.round(x * 100) / 100;

/**
 * `quote.technical_data_ready` for a quote revision that has just been priced,
 * as outbox rows for the pricing batch; null when the quote has no configured
 * products, or this revision's went out already (`technical_data_revision`,
 * set by the caller in the same batch).
 */
export async function technicalDataEvent(scope: Scope, quote: Quote, items: QuoteItem[]) {
  if (quote.technical_data_revision === quote.revision || !items.some((i) => i.configuration_id)) return null;
  const engineered = await engineerQuoteItems(scope, items);
  if (engineered.length === 0) return null;
  return outboxStatements(scope, "quote.technical_data_ready", {
    quote_id: quote.id,
    quote_number: quote.number,
    revision: quote.revision,
    items: engineered.map((e) => {
      const summary = technicalSummary(e.engineering);
      return {
        item_id: e.item!.id,
        configuration_id: e.configuration.id,
        product_id: e.product.id,
        product_name: e.product.name,
        generator_key: e.product.generator_key,
        quantity: e.quantity,
        ...summary,
        total_weight_kg: summary.unit_weight_kg === null ? null : round2(summary.unit_weight_kg * e.quantity),
      };
    }),
    // The package is built in the background from this pricing; its path answers its status, then its signed links.
    documents: [
      { kind: "quote_pdf", path: `/api/v1/quotes/${quote.id}/pdf` },
      { kind: "technical_package", path: `/api/v1/quotes/${quote.id}/technical-package` },
    ],
  });
}
