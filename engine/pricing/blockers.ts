/**
 * A price only for what can be made. A DFM error, a failed engineering limit
 * (a door's U-value over the shop's maximum) or a product rule error blocks
 * an item: it gets no price and no lead time, only what blocks it and how to
 * fix it, and the shop quotes it by hand. One rule for the browser's instant
 * price and the server's, laid over the process calculators' results.
 */
import type { DfmFinding } from "../dfm/types.ts";
import type { LimitCheck } from "../thermal/u-value.ts";
import type { PriceResult } from "./types.ts";

export interface Blocker {
  code: string;
  /** What is wrong, for the buyer. */
  message: string;
  /** What the buyer can do about it. */
  fix: string;
  /** The option or configuration field at fault, when there is one (`config.glazing_u_value`). */
  field?: string;
}

/** A priced item: the calculator's result, marked as not blocked. */
export type PricedItem = PriceResult & { blocked: false; blockers: [] };

/** A blocked item keeps what was asked and what was found; every money and lead-time field is null. */
export type BlockedItem = Omit<PriceResult, "unit_price" | "total" | "lead_time" | "tax" | "breakdown" | "orderable"> & {
  unit_price: null;
  total: null;
  lead_time: null;
  tax: null;
  breakdown: [];
  orderable: false;
  blocked: true;
  blockers: Blocker[];
};

export type ItemPrice = PricedItem | BlockedItem;

const DEFAULT_FIX = "Change the design and upload it again, or request a manual quote so the shop can check what can be done.";

/** The DFM errors of a part as blockers. */
export const dfmBlockers = (dfm: readonly DfmFinding[]): Blocker[] =>
  dfm.filter((f) => f.severity === "error").map((f) => ({ code: f.code, message: f.message, fix: f.fix ?? DEFAULT_FIX }));

const u = (x: number) => x.toFixed(2);

/** A thermal result over the shop's U-value limit, as a blocker naming the field that moves it most. */
export function thermalBlockers(thermal: { overall_u_value: number; limit: LimitCheck | null } | null | undefined): Blocker[] {
  const limit = thermal?.limit;
  if (!thermal || !limit || limit.passes) return [];
  return [
    {
      code: "U_VALUE_ABOVE_LIMIT",
      message: `The door's U-value of ${u(thermal.overall_u_value)} W/m²K is above the shop's limit of ${u(limit.max_u_value)} W/m²K.`,
      fix: "Choose better glazing (a lower glazing U-value, or triple glazing) or a warm-edge spacer until the U-value meets the limit.",
      field: "config.glazing_u_value",
    },
  ];
}

/** Product rule errors (the cross-field rules a schema cannot state) as blockers. */
export const ruleBlockers = (issues: readonly { field: string; message: string }[]): Blocker[] =>
  issues.map((i) => ({
    code: "PRODUCT_RULE",
    message: i.message,
    fix: "Change the highlighted option in the configurator.",
    field: ["config", ...i.field.split("/").filter(Boolean)].join("."),
  }));

/**
 * Blockers a configured product's engineering carries: its limit checks. A
 * family states limits in its engineering (`thermal.limit` for doors); one
 * without limits is never blocked here.
 */
export const engineeringBlockers = (engineering: { thermal?: { overall_u_value: number; limit: LimitCheck | null } | null } | null | undefined): Blocker[] =>
  thermalBlockers(engineering?.thermal);

/**
 * The calculator's price, or the item blocked: its DFM errors and any
 * `extra` blockers (engineering limits) take the price, lead time and tax away.
 */
export function applyBlockers(result: PriceResult, extra: readonly Blocker[] = []): ItemPrice {
  const blockers = [...dfmBlockers(result.dfm), ...extra];
  if (blockers.length === 0) return { ...result, blocked: false, blockers: [] };
  const { unit_price: _u, total: _t, lead_time: _l, tax: _x, breakdown: _b, orderable: _o, ...kept } = result;
  return { ...kept, unit_price: null, total: null, lead_time: null, tax: null, breakdown: [], orderable: false, blocked: true, blockers };
}

/** Whether a stored or received price (possibly written before blocking existed) blocks its item. */
export const isBlocked = (price: unknown): boolean => {
  const p = price as { blocked?: unknown; total?: unknown; dfm?: DfmFinding[] } | null | undefined;
  if (!p) return false;
  if (p.blocked === true) return true;
  // The shop priced it by hand knowing its findings (engine/pricing/manual.ts).
  if ((p as { manual?: unknown }).manual) return false;
  return Array.isArray(p.dfm) && p.dfm.some((f) => f.severity === "error");
};

/**
 * A configured product's engineering as the API shows it: with `blocked` and
 * `blockers`, and no price when blocked.
 */
export function blockEngineering<E extends { price?: unknown; thermal?: { overall_u_value: number; limit: LimitCheck | null } | null }>(
  engineering: E,
): E & { blocked: boolean; blockers: Blocker[] } {
  const blockers = engineeringBlockers(engineering);
  return blockers.length > 0 ? { ...engineering, price: null, blocked: true, blockers } : { ...engineering, blocked: false, blockers: [] };
}
