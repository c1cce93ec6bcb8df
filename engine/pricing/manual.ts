/**
 * A price the shop sets by hand for a quote line: for an item that cannot be
 * made as it is (blocked) or that a review rule holds back. It replaces the
 * calculator's figures with the shop's unit price and lead time, keeps what
 * was asked and found (process, material, quantity, DFM findings), and is
 * marked as set by the shop so the customer can tell it from an instant price.
 */
import type { PricedItem } from "./blockers.ts";
import { lineTax, type TaxRule } from "./tax.ts";
import type { PriceResult } from "./types.ts";

/** What the customer sees of a manual price: that the shop set it, and the shop's note to them. */
export interface ManualMark {
  by: "shop";
  customer_note: string | null;
  set_at: string;
}

export type ManualPricedItem = PricedItem & { manual: ManualMark };

export interface ManualPriceInput {
  /** Per unit, in minor units of the quote's currency. */
  unit_price: number;
  lead_time_days: number;
  customer_note?: string | null;
}

/** The manual price of a line, from its stored result (blocked or priced) and the book's tax. */
export function manualPrice(
  stored: Omit<PriceResult, "unit_price" | "total" | "lead_time" | "tax" | "breakdown" | "orderable">,
  input: ManualPriceInput,
  tax: TaxRule,
  now: Date,
): ManualPricedItem {
  const total = input.unit_price * stored.quantity;
  // A line discount was on the price this replaces: the shop's own price starts without one.
  const {
    blocked: _b,
    blockers: _s,
    manual: _m,
    discount: _d,
    ...kept
  } = stored as typeof stored & {
    blocked?: unknown;
    blockers?: unknown;
    manual?: unknown;
    discount?: unknown;
  };
  return {
    ...kept,
    unit_price: input.unit_price,
    total,
    lead_time: { code: "manual", label: "Set by the shop", days: input.lead_time_days, factor: 1 },
    breakdown: [],
    orderable: true,
    tax: lineTax(total, tax),
    blocked: false,
    blockers: [],
    manual: { by: "shop", customer_note: input.customer_note?.trim() || null, set_at: now.toISOString() },
  };
}

/** Whether a stored price was set by the shop by hand. */
export const isManual = (price: unknown): boolean => !!(price as { manual?: unknown } | null | undefined)?.manual;
