import { severityRank, worstSeverity } from "../dfm/types.ts";
import type { CompiledPriceBook } from "./compile.ts";
import { applied, type AppliedDiscount, type DiscountSpec } from "./discount.ts";
import type { ShopBook } from "./shop-book.ts";
import { taxed } from "./tax.ts";
import type { PriceResult } from "./types.ts";

export interface QuoteTotals {
  currency: string;
  /** Sum of the items' totals (after their line discounts). */
  items_total: number;
  /** Top-up to the book's minimum order value, 0 when the items reach it. */
  minimum_order_surcharge: number;
  /** The shop's discount on the whole quote, off items and surcharge; null when none (absent in totals stored before decision 71). */
  discount?: AppliedDiscount | null;
  /** Excluding tax: items, surcharge, less the quote's discount, less the tax they contain on an inclusive book (decision 75). */
  net_total: number;
  tax: { label: string; rate: number; inclusive: boolean; amount: number };
  /** What the buyer pays: net_total + tax.amount, for exclusive and inclusive books alike. */
  gross_total: number;
  /** The slowest item sets the quote's lead time. */
  lead_time_days: number;
  orderable: boolean;
}

/** Totals for a quote's priced items (all from `book`), with the shop's discount on the quote if it gave one. */
export function quoteTotals(book: CompiledPriceBook, items: readonly PriceResult[], discount: DiscountSpec | null = null): QuoteTotals {
  let itemsTotal = 0;
  let days = 0;
  let orderable = items.length > 0;
  for (const it of items) {
    itemsTotal += it.total;
    days = Math.max(days, it.lead_time.days);
    orderable &&= it.orderable;
  }
  const surcharge = items.length > 0 ? Math.max(0, book.book.minimum_order_value - itemsTotal) : 0;
  const off = discount ? applied(discount, itemsTotal + surcharge) : null;
  // What the buyer pays before any tax is added: on an inclusive book, the gross itself.
  const due = itemsTotal + surcharge - (off?.off ?? 0);
  const { tax } = book.book;
  const t = taxed(due, tax);
  return {
    currency: book.book.currency,
    items_total: itemsTotal,
    minimum_order_surcharge: surcharge,
    discount: off,
    net_total: t.net,
    tax: { label: tax.label, rate: tax.rate, inclusive: tax.inclusive, amount: t.tax },
    gross_total: t.gross,
    lead_time_days: days,
    orderable,
  };
}

export interface ReviewReason {
  code: "ORDER_VALUE_ABOVE_LIMIT" | "QUANTITY_ABOVE_LIMIT" | "DFM_FINDINGS" | "PRICE_CONFIRMATION" | "CAD_FILE_CONFIRMATION";
  /** Shown to the customer: never the shop's thresholds, costs or margin. */
  message: string;
  /** The item that fired the rule; absent for quote-wide rules. */
  item_index?: number;
}

export interface ReviewDecision {
  review_required: boolean;
  reasons: ReviewReason[];
}

/**
 * Whether a quote may go to instant checkout or must be reviewed by the shop
 * first, by the shop's private rules. `belowFloor[i]` says item i's price
 * leaves less than the margin floor (see `belowMarginFloor`); `fromCadFile[i]` that item i
 * was priced from a mesh the buyer's browser tessellated from a STEP/IGES file, which the
 * server cannot check against the original: the shop confirms it (decision 69).
 */
export function evaluateReviewRules(
  shop: ShopBook,
  items: readonly PriceResult[],
  belowFloor: readonly boolean[] = [],
  fromCadFile: readonly boolean[] = [],
): ReviewDecision {
  const rules = shop.book.review_rules;
  const reasons: ReviewReason[] = [];
  const { net_total } = quoteTotals(shop.customer, items);
  if (rules.max_order_value !== null && net_total > rules.max_order_value) {
    reasons.push({ code: "ORDER_VALUE_ABOVE_LIMIT", message: "Orders of this value are confirmed by the shop." });
  }
  items.forEach((it, i) => {
    if (rules.max_item_quantity !== null && it.quantity > rules.max_item_quantity) {
      reasons.push({ code: "QUANTITY_ABOVE_LIMIT", message: `The shop confirms quantities like ${it.quantity} pieces itself.`, item_index: i });
    }
    const worst = worstSeverity(it.dfm);
    if (rules.dfm_severity !== null && worst !== null && severityRank(worst) >= severityRank(rules.dfm_severity)) {
      reasons.push({
        code: "DFM_FINDINGS",
        message: `Manufacturability ${worst}s: ${it.dfm
          .filter((f) => f.severity === worst)
          .map((f) => f.code)
          .join(", ")}.`,
        item_index: i,
      });
    }
    if (belowFloor[i]) {
      reasons.push({ code: "PRICE_CONFIRMATION", message: "The shop confirms the price of this item itself.", item_index: i });
    }
    if (fromCadFile[i]) {
      reasons.push({ code: "CAD_FILE_CONFIRMATION", message: "Priced from a STEP/IGES file: the price is confirmed after the shop's review.", item_index: i });
    }
  });
  return { review_required: reasons.length > 0, reasons };
}
