import type { Analysis } from "../mesh/types.ts";
import { breakFor } from "./commercial.ts";
import type { CompiledPriceBook } from "./compile.ts";
import { price } from "./price.ts";
import type { PriceOptions } from "./types.ts";

export interface QuantityBreakRow {
  quantity: number;
  unit_price: number;
  total: number;
  /** The book's discount at this quantity (0 below the first break). */
  discount: number;
}

/**
 * The price at 1 and at each quantity break the book allows, with the other
 * options unchanged: the table next to the quantity field.
 */
export function quantityBreakTable(analysis: Analysis, book: CompiledPriceBook, options: PriceOptions): QuantityBreakRow[] {
  const quantities = [1];
  for (const b of book.book.quantity_breaks) {
    if (b.min_qty > 1 && b.min_qty <= book.book.max_quantity) quantities.push(b.min_qty);
  }
  return quantities.map((quantity) => {
    const p = price(analysis, book, { ...options, quantity });
    return { quantity, unit_price: p.unit_price, total: p.total, discount: breakFor(book, quantity)?.discount ?? 0 };
  });
}
