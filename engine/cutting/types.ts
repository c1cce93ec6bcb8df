/**
 * One-dimensional cutting stock: the profile cuts of a door or a whole order
 * packed onto stock bars. Lengths in mm.
 */
export interface CutRequest {
  length: number;
  quantity: number;
  label: string;
  profile: string;
}

export interface CuttingInput {
  /** Stock bar lengths for every profile; default [6000, 6500]. */
  stock_lengths?: number[];
  /** Per-profile stock lengths, overriding `stock_lengths` for that profile. */
  stock_lengths_by_profile?: Record<string, number[]>;
  /** Saw blade width lost at every cut; default 5. */
  kerf?: number;
  /** Length lost at each end of every bar (damaged extrusion ends, including the trim cut); default 0. */
  trim?: number;
  cuts: CutRequest[];
  /** Work budget of the exact search per profile; the result says whether optimality was proven. */
  search_budget?: number;
}

export interface PlacedCut {
  length: number;
  label: string;
}

export interface CutBar {
  profile: string;
  stock_length: number;
  cuts: PlacedCut[];
  /** Cuts + kerfs between them + both end trims. */
  used_length: number;
  /** Reusable remainder after the last cut's kerf; 0 when less than a kerf was left. */
  offcut: number;
  /** Set when the bar is a remnant from stock (optimiseWithRemnants): the lot that holds it. */
  remnant_lot?: string;
}

/**
 * Which bound gave `lower_bound` (the simplest that reaches it): Σ lengths /
 * bar, Martello–Toth L2, or the Gilmore–Gomory LP relaxation rounded up. The
 * LP is only solved when L2 leaves a gap to the packing, and only by
 * `optimiseCutting`.
 */
export type LowerBoundMethod = "continuous" | "martello_toth_l2" | "gilmore_gomory_lp";

export interface ProfileCutting {
  profile: string;
  pieces: number;
  bars_used: number;
  /** Bars needed at least, on the longest stock. */
  lower_bound: number;
  lower_bound_method: LowerBoundMethod;
  ffd_bars: number;
  stock_length_total: number;
  cut_length_total: number;
  waste_percent: number;
  /** True when no packing with less total stock length exists. */
  optimal: boolean;
}

export interface CuttingResult {
  bars_used: number;
  lower_bound: number;
  ffd_bars: number;
  optimal: boolean;
  stock_length_total: number;
  cut_length_total: number;
  /** Stock not turned into cuts (kerf, trims and offcuts), in % of stock used. */
  waste_percent: number;
  kerf: number;
  trim: number;
  profiles: ProfileCutting[];
  bars: CutBar[];
}
