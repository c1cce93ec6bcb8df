import { demoCatalog } from "../../engine/pricing/demo-catalog.ts";
import type { PriceBook } from "../../engine/pricing/index.ts";

/* Shared by the workerd and end-to-end leak tests (no Cloudflare imports). */

/**
 * The demo book with every private figure replaced by a distinctive sentinel
 * (7-digit money, odd margins) that no sell price, id or measurement can hit
 * by chance. Minimum charges, lead times and breaks are sell-side and public.
 */
export function sentinelBook(): { book: PriceBook; values: number[] } {
  const book = structuredClone(demoCatalog);
  const values: number[] = [];
  let next = 7_310_017;
  const sentinel = () => {
    next += 10_007;
    values.push(next);
    return next;
  };
  for (const p of ["fff", "sla", "cnc", "laser"] as const) {
    const proc = book.processes[p]!;
    proc.setup_fee = sentinel();
    for (const m of proc.machines) m.hourly_rate = sentinel();
  }
  for (const m of book.materials) {
    if (m.price.unit === "sheet") for (const t of m.price.thicknesses) t.amount = sentinel();
    else m.price.amount = sentinel();
  }
  for (const f of book.finishes) {
    if (f.pricing.basis === "per_part") f.pricing.amount = sentinel();
    else f.pricing.per_m2 = sentinel();
  }
  // A calibrated printer: its four numbers price (customer book), how well they fitted is the shop's.
  book.processes.fff!.machines[0].time_calibration = {
    perimeter_flow_mm3_s: 3.5,
    infill_flow_mm3_s: 9,
    layer_overhead_s: 1.5,
    island_travel_s: 0.8,
    fit_report: { samples: 6, mean_relative_error: 0.0731, max_relative_error: 0.1913, slicers: ["prusaslicer"], fitted_at: "2026-12-01T10:00:00.000Z" },
  };
  book.margin = { target: 0.3719, floor: 0.2417 };
  book.review_rules = { max_order_value: 8_765_431, max_item_quantity: 7919, dfm_severity: "error" };
  values.push(8_765_431, 7919);
  return { book, values };
}

/** Keys only the shop's own book has. */
export const PRIVATE_KEYS = [
  "margin",
  "floor",
  "review_rules",
  "max_order_value",
  "max_item_quantity",
  "dfm_severity",
  "capped_by_margin_floor",
  "cost",
  "fit_report",
];

/** Every way a private figure could be written: the integer, as money (87,654.31 / 87654.31), and the margin shares. */
export function privatePatterns(values: number[]): RegExp[] {
  const money = (n: number) => [
    `${Math.floor(n / 100).toLocaleString("en-US")}.${String(n % 100).padStart(2, "0")}`,
    `${Math.floor(n / 100)}.${String(n % 100).padStart(2, "0")}`,
  ];
  const literal = (s: string) => new RegExp(`(?<![0-9])${s.replace(/[.,]/g, (c) => `\\${c}`)}(?![0-9])`);
  return [...values.flatMap((v) => [String(v), ...money(v)]).map(literal), ...["0.3719", "37.19", "0.2417", "24.17", "0.6281", "0.7583"].map(literal)];
}
