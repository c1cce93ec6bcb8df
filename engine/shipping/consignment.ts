import { addWorkingDays } from "../production/calendar.ts";
import { type TaxRule, taxed } from "../pricing/tax.ts";

/**
 * What a checkout adds to a quote: the consignment's weight, its shipping,
 * the tax on both, and the date the parts arrive. Money in minor units.
 */

/** One line's mass: a 3D part by its volume, a laser profile by its area × sheet thickness; null when unknown. */
export function partMassKg(
  analysis: { kind?: unknown; volume_mm3?: unknown; net_area_mm2?: unknown } | null,
  thicknessMm: number | undefined,
  densityGcm3: number | undefined,
): number | null {
  if (!analysis || densityGcm3 === undefined) return null;
  // g/cm³ is 1e-6 kg/mm³.
  if (analysis.kind === "mesh" && typeof analysis.volume_mm3 === "number") return (Math.abs(analysis.volume_mm3) * densityGcm3) / 1e6;
  if (analysis.kind === "profile" && typeof analysis.net_area_mm2 === "number" && thicknessMm !== undefined)
    return (analysis.net_area_mm2 * thicknessMm * densityGcm3) / 1e6;
  return null;
}

/** The consignment's weight in kg (two decimals) from each line's unit mass × quantity; lines of unknown mass count as nothing. */
export const consignmentKg = (lines: { unit_kg: number | null; quantity: number }[]) =>
  Math.round(lines.reduce((s, l) => s + (l.unit_kg ?? 0) * l.quantity, 0) * 100) / 100;

/**
 * The order's totals with shipping, by the same rule as the quote's totals
 * (engine/pricing/quote.ts quoteTotals): the book's tax rule on goods and
 * shipping together (the shipping price is stated as the book states its
 * prices, so an inclusive book's shipping contains the tax too), so a quote
 * collected from the shop costs exactly its gross total. `net_total` excludes
 * the tax and `total` = net_total + tax.amount is what the buyer pays.
 */
export function totalsWithShipping(
  quote: { items_total: number; minimum_order_surcharge: number; discount?: { off: number } | null },
  shipping: number,
  tax: TaxRule,
) {
  // The shop's discount on the quote is off its goods, never off the shipping.
  const due = quote.items_total + quote.minimum_order_surcharge - (quote.discount?.off ?? 0) + shipping;
  const t = taxed(due, tax);
  return { net_total: t.net, tax: { ...tax, amount: t.tax }, total: t.gross };
}

/** The day the parts arrive: the lead time, then the shipping's transit, both in working days. */
export const deliveryDate = (from: number, leadDays: number, transitDays: number) =>
  new Date(addWorkingDays(from, leadDays + transitDays)).toISOString().slice(0, 10);
