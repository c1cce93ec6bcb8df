/**
 * Prices in the browser with the server's own calculators (engine/pricing),
 * so an option change shows its price with no round trip. Imported file by file
 * to keep the price book's schema validator (zod) out of the page's bundle.
 */
import type { Analysis } from "../../engine/mesh/types.ts";
import type { CompiledPriceBook } from "../../engine/pricing/compile.ts";
import { applyBlockers, type ItemPrice } from "../../engine/pricing/blockers.ts";
import { price } from "../../engine/pricing/price.ts";
import { quantityBreakTable, type QuantityBreakRow } from "../../engine/pricing/quantity-breaks.ts";
import type { PriceOptions } from "../../engine/pricing/types.ts";

export { compilePriceBook } from "../../engine/pricing/compile.ts";

export type LocalPrice = { ok: true; price: ItemPrice; breaks: QuantityBreakRow[] } | { ok: false; message: string; field: string | null };

export function priceLocally(analysis: Analysis, book: CompiledPriceBook, options: PriceOptions): LocalPrice {
  try {
    // The server's rule: a part with a DFM error has no price at any quantity.
    const priced = applyBlockers(price(analysis, book, options));
    return { ok: true, price: priced, breaks: priced.blocked ? [] : quantityBreakTable(analysis, book, options) };
  } catch (e) {
    const details = (e as { details?: { field: string }[] }).details;
    return { ok: false, message: e instanceof Error ? e.message : String(e), field: details?.[0]?.field ?? null };
  }
}
