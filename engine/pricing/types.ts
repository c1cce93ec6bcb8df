import type { DfmFinding } from "../dfm/types.ts";
import type { ProcessCode } from "./price-book.ts";

/** What a customer (or API client) chose for one part. */
export interface PriceOptions {
  process: ProcessCode;
  /** A machine code; when absent the cheapest machine that fits is used. */
  machine?: string;
  material: string;
  finish?: string;
  quantity: number;
  /** A lead-time code; the book's default when absent. */
  lead_time?: string;
  /** FFF infill as a fraction (0.2 = 20 %); the book's default when absent. */
  infill?: number;
  colour?: string;
  /** Laser only: the sheet thickness, one the material is sold in. */
  thickness_mm?: number;
}

export type BreakdownCode =
  | "material"
  | "machine_time"
  | "supports"
  | "finishing"
  | "setup"
  | "lead_time"
  | "quantity_discount"
  | "minimum_charge"
  | "rounding";

/** One line of the price: amounts are for the whole order line (all units). */
export interface BreakdownLine {
  code: BreakdownCode;
  label: string;
  amount: number;
  /** The quantities and rates that produced the amount, per unit unless named otherwise. */
  basis: Record<string, number | string | boolean>;
}

export interface PriceResult {
  /** `configured`: a configured product priced from its bill of materials. */
  process: ProcessCode | "configured";
  machine: { code: string; name: string };
  material: string;
  finish: string | null;
  colour: string | null;
  quantity: number;
  currency: string;
  /** Net, in minor units; `total` is `unit_price × quantity`, less a line discount the shop gave (decision 71). */
  unit_price: number;
  total: number;
  lead_time: { code: string; label: string; days: number; factor: number };
  breakdown: BreakdownLine[];
  dfm: DfmFinding[];
  /** False when a DFM error blocks ordering. */
  orderable: boolean;
  tax: { label: string; rate: number; inclusive: boolean; amount: number; total_with_tax: number };
  price_book_version: string;
}
