import type { CutBar } from "../cutting/types.ts";

/**
 * What cutting an order's profiles takes from stock (issue 13,
 * docs/decisions/0039-cutting-consumes-stock.md): every bar of the cutting
 * list comes out of one lot — a planned remnant from its own lot (while it
 * is still there), a new bar first-in first-out (earliest expiry, then earliest received) from a lot
 * holding at least its length — and each offcut at least the shop's minimum
 * goes back to stock as a remnant lot of its bar's lot. What a bar gave is
 * shared among the manufacturing orders whose pieces were cut from it, by
 * the length of their pieces.
 */

/** A lot of a profile as stock, with what it holds now (thousandths of its unit). */
export interface StockLot {
  id: string;
  lot_number: string;
  material: string;
  unit: string;
  origin: string;
  balance_milli: number;
  received_at: number;
  expires_at: number | null;
}

export interface BarDraw {
  /** The bar's index in the cutting list. */
  bar: number;
  profile: string;
  lot: StockLot;
  /** The whole bar, in thousandths of the lot's unit. */
  quantity_milli: number;
  /** Each manufacturing order's part of the bar less its remnant; they add up exactly. */
  shares: { manufacturing_order_id: string; quantity_milli: number }[];
  /** The offcut kept as a remnant lot, when at least the shop's minimum. */
  remnant: { length: number; quantity_milli: number } | null;
}

export interface Shortage {
  profile: string;
  /** Stock lengths (mm) of the bars no lot could give. */
  bars: number[];
}

export type ConsumptionPlan = { ok: true; draws: BarDraw[]; untracked: string[] } | { ok: false; shortages: Shortage[] };

/** Thousandths of a lot's unit per mm: profile stock is counted by length. */
const MILLI_PER_MM: Readonly<Record<string, number>> = { m: 1, mm: 1000 };
export const isLengthUnit = (unit: string) => Object.hasOwn(MILLI_PER_MM, unit);
/** The length in mm of thousandths of a length unit. */
export const mmOf = (unit: string, milli: number) => milli / MILLI_PER_MM[unit];

export function planBarConsumption(
  bars: readonly CutBar[],
  /** The manufacturing order a piece (by its label) belongs to; the bar goes to `fallback` when none of its pieces has one. */
  orderOfPiece: (label: string) => string | undefined,
  fallback: string,
  lots: readonly StockLot[],
  options: { remnant_min_length: number; now: number },
): ConsumptionPlan {
  const left = new Map(lots.map((l) => [l.id, l.balance_milli]));
  const tracked = new Set(lots.filter((l) => isLengthUnit(l.unit)).map((l) => l.material));
  const fifo = lots
    .filter((l) => isLengthUnit(l.unit) && l.origin !== "remnant" && (l.expires_at === null || l.expires_at > options.now))
    .sort((a, b) => (a.expires_at ?? Infinity) - (b.expires_at ?? Infinity) || a.received_at - b.received_at || a.lot_number.localeCompare(b.lot_number));
  const byNumber = new Map(lots.map((l) => [l.lot_number, l]));

  const draws: BarDraw[] = [];
  const short = new Map<string, Shortage>();
  const untracked = new Set<string>();
  bars.forEach((bar, index) => {
    if (!tracked.has(bar.profile)) return void untracked.add(bar.profile);
    const planned = bar.remnant_lot === undefined ? undefined : byNumber.get(bar.remnant_lot);
    const needs = (lot: StockLot) => Math.round(bar.stock_length * MILLI_PER_MM[lot.unit]);
    // A planned remnant another order took meanwhile: its pieces came off a stock bar instead.
    const lot =
      (planned && isLengthUnit(planned.unit) && left.get(planned.id)! >= needs(planned) ? planned : undefined) ??
      fifo.find((l) => l.material === bar.profile && left.get(l.id)! >= needs(l));
    if (!lot) {
      const entry = short.get(bar.profile) ?? { profile: bar.profile, bars: [] };
      entry.bars.push(bar.stock_length);
      return void short.set(bar.profile, entry);
    }
    const quantity_milli = needs(lot);
    left.set(lot.id, left.get(lot.id)! - quantity_milli);
    const kept = bar.offcut > 0 && bar.offcut >= options.remnant_min_length ? Math.floor(bar.offcut * MILLI_PER_MM[lot.unit]) : 0;
    draws.push({
      bar: index,
      profile: bar.profile,
      lot,
      quantity_milli,
      shares: shareOut(quantity_milli - kept, bar, orderOfPiece, fallback),
      remnant: kept > 0 ? { length: bar.offcut, quantity_milli: kept } : null,
    });
  });
  if (short.size > 0) return { ok: false, shortages: [...short.values()] };
  return { ok: true, draws, untracked: [...untracked].sort() };
}

/** `total` split by each order's length of pieces on the bar; rounding goes to the largest part. */
function shareOut(total: number, bar: CutBar, orderOfPiece: (label: string) => string | undefined, fallback: string) {
  const lengths = new Map<string, number>();
  for (const cut of bar.cuts) {
    const mo = orderOfPiece(cut.label);
    if (mo !== undefined) lengths.set(mo, (lengths.get(mo) ?? 0) + cut.length);
  }
  if (lengths.size === 0) return [{ manufacturing_order_id: fallback, quantity_milli: total }];
  const sum = [...lengths.values()].reduce((a, b) => a + b, 0);
  const shares = [...lengths].map(([manufacturing_order_id, length]) => ({ manufacturing_order_id, quantity_milli: Math.floor((total * length) / sum) }));
  const largest = shares.reduce((a, b) => (b.quantity_milli > a.quantity_milli ? b : a));
  largest.quantity_milli += total - shares.reduce((s, x) => s + x.quantity_milli, 0);
  return shares;
}
