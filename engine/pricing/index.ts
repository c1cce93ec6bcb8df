/** engine/pricing: price books and the four process calculators. */
export { compilePriceBook } from "./compile.ts";
export type { CompiledPriceBook } from "./compile.ts";
export { priceCnc, estimateSetups } from "./cnc.ts";
export { priceFff } from "./fff.ts";
export { priceLaser } from "./laser.ts";
export { priceSla } from "./sla.ts";
export { price } from "./price.ts";
export { applyBlockers, blockEngineering, dfmBlockers, engineeringBlockers, isBlocked, ruleBlockers, thermalBlockers } from "./blockers.ts";
export type { Blocker, BlockedItem, ItemPrice, PricedItem } from "./blockers.ts";
export { quantityBreakTable } from "./quantity-breaks.ts";
export type { QuantityBreakRow } from "./quantity-breaks.ts";
export { evaluateReviewRules, quoteTotals } from "./quote.ts";
export type { QuoteTotals, ReviewDecision, ReviewReason } from "./quote.ts";
export { roundMinor } from "./money.ts";
export * from "./price-book.ts";
export type * from "./types.ts";
export type { DfmFinding, DfmSeverity, DfmFaceHint } from "../dfm/types.ts";
