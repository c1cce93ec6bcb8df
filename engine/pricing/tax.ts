/**
 * The price book's tax rule, applied in one place (decision 75). An exclusive
 * rule adds the tax to an amount; an inclusive one says the amount already
 * contains it, so the tax is the part of it that is tax and nothing is added.
 */
import { roundMinor } from "./money.ts";

export interface TaxRule {
  label: string;
  rate: number;
  inclusive: boolean;
}

/** An amount under a tax rule: `net` excludes the tax, `gross` is what the buyer pays; gross = net + tax for both kinds. */
export interface Taxed {
  net: number;
  tax: number;
  gross: number;
}

/** The tax of `amount` (minor units, as the book states prices) under `rule`. */
export function taxed(amount: number, rule: Pick<TaxRule, "rate" | "inclusive">): Taxed {
  if (!rule.inclusive) {
    const tax = roundMinor(amount * rule.rate);
    return { net: amount, tax, gross: amount + tax };
  }
  const tax = roundMinor((amount * rule.rate) / (1 + rule.rate));
  return { net: amount - tax, tax, gross: amount };
}

/** A line's tax as a price states it: the rule, the tax in or on the line's total, and the total with tax. */
export function lineTax(total: number, rule: TaxRule) {
  const { tax, gross } = taxed(total, rule);
  return { label: rule.label, rate: rule.rate, inclusive: rule.inclusive, amount: tax, total_with_tax: gross };
}

/** A priced line's total without tax (what the shop's costs and margin compare with). */
export const exTax = (price: { tax: { amount: number; total_with_tax: number } }) => price.tax.total_with_tax - price.tax.amount;
