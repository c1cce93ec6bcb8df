/**
 * Discounts the shop gives by hand (decision 71): on one quote line or on the
 * whole quote, as a percentage or a fixed amount in minor units. A discount
 * is stored as what the shop asked for (`percent` or `amount`) and its effect
 * is worked out here, so every figure of a quote is reproducible from its
 * price-book version plus the recorded overrides.
 */
import { roundMinor } from "./money.ts";
import { lineTax } from "./tax.ts";
import type { PriceResult } from "./types.ts";

/** What the shop asks for: exactly one of `percent` (0 < p ≤ 100) or `amount` (minor units). */
export interface DiscountSpec {
  percent: number | null;
  amount: number | null;
  /** Shown to the customer next to the discount. */
  customer_note: string | null;
  set_at: string;
}

/** A discount as the customer sees it: its label, what it takes off, and the shop's note. */
export interface AppliedDiscount extends DiscountSpec {
  label: string;
  /** What it takes off, in minor units (for a percentage, rounded half away from zero). */
  off: number;
}

/** A line discount also keeps the line's total before it, so the line reads "list − discount = total". */
export interface LineDiscount extends AppliedDiscount {
  list_total: number;
}

/** "Discount 10 %", "Discount 12.5 %", or "Discount" for a fixed amount. */
export const discountLabel = (spec: Pick<DiscountSpec, "percent">) => (spec.percent === null ? "Discount" : `Discount ${Number(spec.percent.toFixed(2))} %`);

/** What a discount takes off `base`: never more than `base`, never less than nothing. */
export function discountOff(spec: Pick<DiscountSpec, "percent" | "amount">, base: number): number {
  const off = spec.percent !== null ? roundMinor((base * spec.percent) / 100) : (spec.amount ?? 0);
  return Math.max(0, Math.min(base, off));
}

export const applied = (spec: DiscountSpec, base: number): AppliedDiscount => ({
  ...spec,
  label: discountLabel(spec),
  off: discountOff(spec, base),
});

type Priced = Pick<PriceResult, "total" | "tax"> & { discount?: LineDiscount };

/** The line's total before any discount. */
export const listTotal = (price: Priced) => price.discount?.list_total ?? price.total;

/** A line with `spec` as its discount (replacing any before): its total and tax are worked out again. */
export function discountLine<P extends Priced>(price: P, spec: DiscountSpec): P & { discount: LineDiscount } {
  const list = listTotal(price);
  const discount: LineDiscount = { ...applied(spec, list), list_total: list };
  return { ...price, ...withTotal(price, list - discount.off), discount };
}

/** A line without its discount: back to its list total. */
export function undiscountLine<P extends Priced>(price: P): Omit<P, "discount"> {
  const { discount, ...rest } = price;
  return discount ? { ...rest, ...withTotal(price, discount.list_total) } : rest;
}

function withTotal(price: Priced, total: number): Pick<PriceResult, "total" | "tax"> {
  return { total, tax: lineTax(total, price.tax) };
}
