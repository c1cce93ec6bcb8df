import { hasErrors } from "../dfm/types.ts";
import type { DfmFinding } from "../dfm/types.ts";
import type { CompiledPriceBook } from "./compile.ts";
import { roundMinor } from "./money.ts";
import type { ProcessCode } from "./price-book.ts";
import type { ResolvedOptions } from "./resolve.ts";
import { lineTax } from "./tax.ts";
import type { BreakdownLine, PriceResult } from "./types.ts";

type Basis = BreakdownLine["basis"];

/**
 * What a process calculator hands over: per-unit amounts (fractional minor
 * units; sell-side on the customer book, costs on the cost book) and what produced them.
 */
export interface ManufacturingCost {
  material: number;
  materialBasis: Basis;
  machine: number;
  machineBasis: Basis;
  /** Zero when the part or the process needs none; the line is then left out. */
  supports: number;
  supportsBasis: Basis;
  /** Per order line, not per unit. */
  setup: number;
  setupBasis: Basis;
}

export interface CommercialInput {
  book: CompiledPriceBook;
  process: ProcessCode;
  machine: { code: string; name: string };
  options: ResolvedOptions;
  cost: ManufacturingCost;
  /** The area a per-area finish covers, mm² per unit. */
  finishAreaMm2: number;
  minimumCharge: number;
  dfm: DfmFinding[];
}

/** The last quantity break at or below `quantity`; null when none applies. */
export function breakFor(book: CompiledPriceBook, quantity: number): { min_qty: number; discount: number } | null {
  const breaks = book.book.quantity_breaks;
  let found: { min_qty: number; discount: number } | null = null;
  for (let i = 0; i < breaks.length && breaks[i].min_qty <= quantity; i++) found = breaks[i];
  return found;
}

/**
 * Turns a calculator's amounts into a price, in this order:
 * amounts (material, machine, supports, finishing per unit × quantity, plus
 * setup) → lead-time factor → quantity discount → process minimum charge.
 * On the customer book the amounts are sell-side already (the margin is
 * folded into the rates); the margin floor and review rules are the server's
 * business, checked on top (see `shop-book.ts`), never applied here.
 * Rounding: each line rounds half away from zero; the unit price rounds the
 * exact total ÷ quantity half up (and never below minimum ÷ quantity, rounded
 * up); total = unit price × quantity; whatever that
 * leaves between the lines and the total is a `rounding` line, so the lines
 * always sum to the total.
 */
export function priceFromCost(input: CommercialInput): PriceResult {
  const { book, options: o, cost } = input;
  const q = o.quantity;
  const { tax } = book.book;
  const lines: BreakdownLine[] = [];
  let linesSum = 0;
  const line = (code: BreakdownLine["code"], label: string, exact: number, basis: Basis) => {
    const amount = roundMinor(exact);
    linesSum += amount;
    lines.push({ code, label, amount, basis });
  };

  let p0 = 0;
  p0 += cost.material * q;
  line("material", "Material", cost.material * q, cost.materialBasis);
  p0 += cost.machine * q;
  line("machine_time", "Machine time", cost.machine * q, cost.machineBasis);
  if (cost.supports > 0) {
    p0 += cost.supports * q;
    line("supports", "Supports", cost.supports * q, cost.supportsBasis);
  }
  const f = o.finish;
  if (f) {
    const unit = f.pricing.basis === "per_part" ? f.pricing.amount : (input.finishAreaMm2 / 1e6) * f.pricing.per_m2;
    p0 += unit * q;
    line(
      "finishing",
      f.name,
      unit * q,
      f.pricing.basis === "per_part" ? { per_part: f.pricing.amount } : { area_mm2: input.finishAreaMm2, per_m2: f.pricing.per_m2 },
    );
  }
  p0 += cost.setup;
  line("setup", "Setup", cost.setup, cost.setupBasis);

  const lt = o.leadTime;
  const p1 = p0 * lt.factor;
  if (p1 !== p0) line("lead_time", lt.label, p1 - p0, { factor: lt.factor, days: lt.days });

  let p2 = p1;
  const br = breakFor(book, q);
  if (br && br.discount > 0) {
    p2 = p1 * (1 - br.discount);
    line("quantity_discount", "Quantity discount", p2 - p1, { min_qty: br.min_qty, discount: br.discount });
  }

  const min = input.minimumCharge;
  if (p2 < min) line("minimum_charge", "Minimum charge", min - p2, { minimum_charge: min });
  const p3 = Math.max(p2, min);

  const unitPrice = Math.max(roundMinor(p3 / q), Math.ceil(min / q));
  const total = unitPrice * q;
  if (total !== linesSum) line("rounding", "Rounding", total - linesSum, { unit_price: unitPrice, quantity: q });

  const days = lt.days + (f ? f.extra_days : 0);
  return {
    process: input.process,
    machine: input.machine,
    material: o.material.code,
    finish: f ? f.code : null,
    colour: o.colour,
    quantity: q,
    currency: book.book.currency,
    unit_price: unitPrice,
    total,
    lead_time: { code: lt.code, label: lt.label, days, factor: lt.factor },
    breakdown: lines,
    dfm: input.dfm,
    orderable: !hasErrors(input.dfm),
    tax: lineTax(total, tax),
    price_book_version: book.book.version,
  };
}
