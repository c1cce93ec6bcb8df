import { roundMinor } from "./money.ts";
import type { PriceBook, SellBook } from "./price-book.ts";

/**
 * The customer book: the shop's price book with its margin folded into every
 * rate a calculator multiplies (machine hours, material, finishes, setup
 * fees), each rounded to a whole minor unit, and without the margin, its
 * floor or the review rules. Minimum charges, the minimum order value,
 * lead-time factors and quantity breaks are sell-side already and pass as
 * they are. The server prices with this very book too, so the browser's
 * instant price and the server's are the same arithmetic on the same numbers
 * (docs/decisions/0010-customer-price-book.md).
 */
export function customerBook(book: PriceBook): SellBook {
  const k = 1 / (1 - book.margin.target);
  return scaled(book, "sell", (minor) => roundMinor(minor * k));
}

/** The shop's own costs in the calculators' shape: what the margin floor is checked against. */
export function costBook(book: PriceBook): SellBook {
  return scaled(book, "cost", (minor) => minor);
}

/** Copies the catalogue's fields by name (so no private top-level field rides along), scaling money rates. */
function scaled(book: PriceBook, prices: SellBook["prices"], fold: (minor: number) => number): SellBook {
  const { fff, sla, cnc, laser } = book.processes;
  const machines = <M extends { hourly_rate: number }>(list: M[]): M[] => list.map((m) => ({ ...m, hourly_rate: fold(m.hourly_rate) }));
  const process = <P extends { setup_fee: number; machines: { hourly_rate: number }[] }>(p: P | undefined): P | undefined =>
    p && { ...p, setup_fee: fold(p.setup_fee), machines: machines(p.machines) };
  return {
    version: book.version,
    currency: book.currency,
    tax: book.tax,
    minimum_order_value: book.minimum_order_value,
    max_quantity: book.max_quantity,
    quantity_breaks: book.quantity_breaks,
    lead_times: book.lead_times,
    default_lead_time: book.default_lead_time,
    processes: {
      ...(fff && { fff: withoutFitReports(process(fff)!) }),
      ...(sla && { sla: process(sla) }),
      ...(cnc && { cnc: process(cnc) }),
      ...(laser && { laser: process(laser) }),
    },
    materials: book.materials.map((m) => ({
      ...m,
      price:
        m.price.unit === "sheet"
          ? { ...m.price, thicknesses: m.price.thicknesses.map((t) => ({ ...t, amount: fold(t.amount) })) }
          : { ...m.price, amount: fold(m.price.amount) },
    })),
    finishes: book.finishes.map((f) => ({
      ...f,
      materials: f.materials ?? legacyMaterials(book, f.processes),
      pricing: f.pricing.basis === "per_part" ? { ...f.pricing, amount: fold(f.pricing.amount) } : { ...f.pricing, per_m2: fold(f.pricing.per_m2) },
    })),
    prices,
  };
}

/** A calibration's four numbers price; how well it fitted is the shop's business. */
function withoutFitReports(fff: PriceBook["processes"]["fff"] & object) {
  return {
    ...fff,
    machines: fff.machines.map(({ time_calibration: c, ...m }) =>
      c
        ? {
            ...m,
            time_calibration: {
              perimeter_flow_mm3_s: c.perimeter_flow_mm3_s,
              infill_flow_mm3_s: c.infill_flow_mm3_s,
              layer_overhead_s: c.layer_overhead_s,
              island_travel_s: c.island_travel_s,
            },
          }
        : m,
    ),
  };
}

/**
 * Books published before finishes named their materials (versions are never
 * rewritten) meant "every material of the finish's processes".
 */
const legacyMaterials = (book: PriceBook, processes: readonly string[]): string[] =>
  book.materials.filter((m) => m.processes.some((p) => processes.includes(p))).map((m) => m.code);
