import type { Env } from "../env.ts";

/**
 * Processing allowed per file (docs/decisions/0008-analysis-budget.md): with the
 * consumer's batches of at most 2, a batch stays well inside the 30 s of CPU a
 * queue consumer invocation gets.
 */
const DEFAULT_ANALYSIS_BUDGET_MS = 10_000;
export const analysisBudgetMs = (env: Env) => Number(env.ANALYSIS_BUDGET_MS) || DEFAULT_ANALYSIS_BUDGET_MS;
