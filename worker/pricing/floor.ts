import { belowMarginFloor, costOf, type PriceOptions, type PriceResult, type ShopBook } from "../../engine/pricing/index.ts";
import type { Analysis } from "../../engine/mesh/types.ts";

/**
 * Whether a part's price (made with the customer book) leaves the shop less
 * than its margin floor. Only the Worker can tell: the floor and the costs
 * never leave it. Configured products are priced from their own price tables
 * (decision 0004) and are not checked here.
 */
export function partBelowFloor(shop: ShopBook, analysis: Analysis, options: PriceOptions, sold: PriceResult): boolean {
  return belowMarginFloor(shop, sold, costOf(analysis, shop, options, sold));
}
