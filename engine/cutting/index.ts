export * from "./types.ts";
export { optimiseCutting, firstFitDecreasing, DEFAULT_STOCK_LENGTHS, DEFAULT_KERF, DEFAULT_SEARCH_BUDGET, MAX_PIECES } from "./optimise.ts";
export { continuousBound, martelloTothL2 } from "./lower-bounds.ts";
export { optimiseWithRemnants, type Remnant } from "./remnants.ts";
