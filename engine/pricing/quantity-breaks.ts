import type { Analysis } from "../mesh/types.ts";
import { breakFor } from "./commercial.ts";
import type { CompiledPriceBook } from "./compile.ts";
import { price } from "./price.ts";
import type { PriceOptions, PriceResult } from "./types.ts";

export interface QuantityBreakRow {
  quantity: number;
  unit_price: number;
  total: number;
  /** The book's discount at this quantity (0 below the first break). */
  discount: number;
  /**
   * The one-off setup's share of `unit_price`: why the unit price falls by more
   * than the discount (setup is spread over the quantity).
   */
  setup_per_unit: number;
  /** The discount the price really got: less than `discount` where a minimum charge takes some of it back. */
  applied_discount: number;
}

/** Lines that price the work itself; every later line (margin, lead time, discount, minimum) scales them alike. */
const WORK_LINES = new Set(["material", "machine_time", "supports", "finishing", "setup"]);

/**
 * The setup's share of one unit's price: the setup line's part of the work
 * lines, applied to the unit price (so it carries the same mark-ups and
 * discount as the rest). Configured products have no per-order setup.
 */
export function setupPerUnit(p: Pick<PriceResult, "process" | "breakdown" | "unit_price">): number {
  if (p.process === "configured") return 0;
  let work = 0,
    setup = 0;
  for (const line of p.breakdown) {
    if (!WORK_LINES.has(line.code)) continue;
    work += line.amount;
    if (line.code === "setup") setup += line.amount;
  }
  return work > 0 ? Math.round((p.unit_price * setup) / work) : 0;
}

/**
 * The quantity discount the price really got, as a share of the price before
 * it: the book's discount, less whatever a minimum charge added back.
 */
export function appliedDiscount(p: Pick<PriceResult, "breakdown">): number {
  let before = 0,
    discount = 0,
    minimum = 0;
  for (const line of p.breakdown) {
    if (line.code === "quantity_discount") discount = -line.amount;
    else if (line.code === "minimum_charge") minimum = line.amount;
    else if (discount === 0) before += line.amount;
  }
  return before > 0 ? Math.max(0, discount - minimum) / before : 0;
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
    return {
      quantity,
      unit_price: p.unit_price,
      total: p.total,
      discount: breakFor(book, quantity)?.discount ?? 0,
      setup_per_unit: setupPerUnit(p),
      applied_discount: appliedDiscount(p),
    };
  });
}
