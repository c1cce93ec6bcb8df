import { applyBlockers, price, type Blocker, type CompiledPriceBook, type ItemPrice, type PriceOptions, type ProcessCode } from "../../engine/pricing/index.ts";
import { resolveOptions } from "../../engine/pricing/resolve.ts";
import { EngineError, isEngineError } from "../../engine/errors.ts";
import type { Analysis } from "../../engine/mesh/types.ts";
import { ApiError } from "../api/errors.ts";
import { withFieldPrefix } from "../api/field-prefix.ts";
import { findModel, type Model } from "../db/models.ts";
import { findConfiguration } from "../db/products.ts";
import { priceConfiguredItem } from "./configured.ts";
import type { NewQuoteItem, QuoteItem } from "../db/quotes.ts";
import type { Viewer } from "../db/viewer.ts";
import type { Scope } from "../db/scope.ts";

export interface PartItemInput extends PriceOptions {
  model_id: string;
  /** The total the browser showed, to flag a server price that differs. */
  preview_total?: number;
}

export interface ConfiguredItemInput {
  configuration_id: string;
  quantity: number;
  lead_time?: string;
}

export type ItemInput = PartItemInput | ConfiguredItemInput;

/** What an item is priced from: an uploaded part's analysis, or a configured product's engineering price. */
export type ItemSource =
  | { kind: "model"; model: Model | undefined }
  | {
      kind: "configuration";
      product: { id: string; name: string; generator_key: string } | undefined;
      price: Parameters<typeof priceConfiguredItem>[2];
      /** What its engineering found that stops it being made as configured (a U-value over the shop's limit). */
      blockers: Blocker[];
    };

/** Checks a process exists in the book and the options fit it, without needing the part's analysis. */
function checkOptions(book: CompiledPriceBook, o: PriceOptions) {
  if (!book.book.processes[o.process as ProcessCode]) {
    throw new EngineError("UNKNOWN_PROCESS", `This shop does not offer ${o.process}.`, 422, [
      { field: "process", message: "is not offered", value: o.process },
    ]);
  }
  resolveOptions(book, o.process, o);
}

/**
 * Validates requested items against the caller's models and the price book:
 * a model the caller cannot see is a 404 naming the item; options that do not
 * fit the book are a 422 naming the field.
 */
export async function prepareItems(scope: Scope, viewer: Viewer, book: CompiledPriceBook, inputs: ItemInput[]): Promise<NewQuoteItem[]> {
  const items: NewQuoteItem[] = [];
  for (const [i, input] of inputs.entries()) items.push(await prepareItem(scope, viewer, book, input, `items.${i}`));
  return items;
}

/** One requested item, checked as prepareItems does; its error fields start with `at` (none for a body that is the item). */
export async function prepareItem(scope: Scope, viewer: Viewer, book: CompiledPriceBook, input: ItemInput, at = ""): Promise<NewQuoteItem> {
  const field = (name: string) => (at ? `${at}.${name}` : name);
  if ("configuration_id" in input) {
    const configuration = await findConfiguration(scope, input.configuration_id, viewer);
    if (!configuration)
      throw new ApiError("NOT_FOUND", "Configuration not found", [{ field: field("configuration_id"), message: "not found", value: input.configuration_id }]);
    if (input.lead_time && !book.leadTimes.has(input.lead_time)) {
      throw new ApiError("UNPROCESSABLE_ENTITY", `No lead time "${input.lead_time}"`, [
        { field: field("lead_time"), message: "unknown", value: input.lead_time },
      ]);
    }
    const { configuration_id, ...options } = input;
    return configuredItem(configuration_id, options);
  }
  const model = await findModel(scope, input.model_id, viewer);
  if (!model) throw new ApiError("NOT_FOUND", "Model not found", [{ field: field("model_id"), message: "not found", value: input.model_id }]);
  const { model_id, preview_total, ...options } = input;
  if (at) withFieldPrefix(at, () => checkOptions(book, options));
  else checkOptions(book, options);
  return { id: crypto.randomUUID(), model_id, options: options as unknown as Record<string, unknown>, preview_total: preview_total ?? null, status: "pending" };
}

/** A configured product as a quote item, waiting to be priced. */
export const configuredItem = (configurationId: string, options: { quantity: number; lead_time?: string }): NewQuoteItem => ({
  id: crypto.randomUUID(),
  configuration_id: configurationId,
  options: { kind: "configuration", ...options },
  status: "pending",
});

/** One item priced from its source, or why it cannot be (yet). */
export function priceItem(item: QuoteItem, source: ItemSource, book: CompiledPriceBook): Partial<QuoteItem> {
  if (source.kind === "configuration") {
    if (!source.product) return { status: "failed", price: null, error: { code: "CONFIGURATION_GONE", message: "The configuration is no longer available" } };
    try {
      const result = applyBlockers(
        priceConfiguredItem(book, source.product, source.price, item.options as { quantity: number; lead_time?: string }),
        source.blockers,
      );
      return { ...settledAs(result), error: null, price_differs: false };
    } catch (e) {
      if (!isEngineError(e)) throw e;
      return { status: "failed", price: null, error: { code: e.code, message: e.message } };
    }
  }
  const model = source.model;
  if (!model) return { status: "failed", price: null, error: { code: "MODEL_GONE", message: "The part file is no longer available" } };
  if (model.status === "pending") return { status: "pending", price: null, error: null };
  if (model.status === "failed") {
    return {
      status: "failed",
      price: null,
      error: { code: model.error_code ?? "ANALYSIS_FAILED", message: model.error_message ?? "The part could not be analysed" },
    };
  }
  try {
    const result = applyBlockers(price(model.analysis as unknown as Analysis, book, item.options as unknown as PriceOptions));
    const differs = !result.blocked && item.preview_total !== null && item.preview_total !== result.total;
    return { ...settledAs(result), error: null, price_differs: differs };
  } catch (e) {
    if (!isEngineError(e)) throw e;
    return { status: "failed", price: null, error: { code: e.code, message: e.message } };
  }
}

/** A blocked item has no price to confirm: it waits for the shop's manual review (`review`) with what blocks it. */
const settledAs = (result: ItemPrice): Pick<QuoteItem, "status" | "price"> => ({
  status: result.blocked ? "review" : "priced",
  price: result as unknown as Record<string, unknown>,
});
