import { EngineError } from "../../engine/errors.ts";
import { lineTax, roundMinor, type BreakdownLine, type CompiledPriceBook, type PriceResult } from "../../engine/pricing/index.ts";

interface ProductPrice {
  currency: string;
  total: number;
  lines?: { description?: string; code: string; amount: number }[];
  materials?: number;
  labour?: number;
}

/**
 * A configured product as a quote line: its unit price is the family's
 * bill-of-materials price; lead time, quantity and tax follow the shop's
 * price book like any other line.
 */
export function priceConfiguredItem(
  book: CompiledPriceBook,
  product: { id: string; name: string; generator_key: string },
  price: ProductPrice | null,
  options: { quantity: number; lead_time?: string },
): PriceResult {
  if (!price) throw new EngineError("PRICE_ON_REQUEST", `${product.name} has no price table yet: the shop prices it on request`, 422);
  if (price.currency !== book.book.currency) {
    throw new EngineError("CURRENCY_MISMATCH", `${product.name} is priced in ${price.currency}, the shop quotes in ${book.book.currency}`, 422);
  }
  const leadTime = book.leadTimes.get(options.lead_time ?? book.book.default_lead_time);
  if (!leadTime)
    throw new EngineError("UNKNOWN_LEAD_TIME", `No lead time "${options.lead_time}".`, 422, [
      { field: "lead_time", message: "unknown", value: options.lead_time },
    ]);
  const unit = roundMinor(price.total * leadTime.factor);
  const total = unit * options.quantity;
  const breakdown: BreakdownLine[] = [
    {
      code: "material",
      label: "Materials (bill of materials)",
      amount: (price.materials ?? price.total) * options.quantity,
      basis: { bom_lines: price.lines?.length ?? 0 },
    },
  ];
  if (price.labour) breakdown.push({ code: "setup", label: "Fabrication labour", amount: price.labour * options.quantity, basis: {} });
  const adjustment = total - breakdown.reduce((s, l) => s + l.amount, 0);
  if (adjustment !== 0) breakdown.push({ code: "lead_time", label: `${leadTime.label} lead time ×${leadTime.factor}`, amount: adjustment, basis: {} });
  return {
    process: "configured",
    machine: { code: product.generator_key, name: product.name },
    material: product.generator_key,
    finish: null,
    colour: null,
    quantity: options.quantity,
    currency: book.book.currency,
    unit_price: unit,
    total,
    lead_time: { code: leadTime.code, label: leadTime.label, days: leadTime.days, factor: leadTime.factor },
    breakdown,
    dfm: [],
    orderable: true,
    tax: lineTax(total, book.book.tax),
    price_book_version: book.book.version,
  };
}
