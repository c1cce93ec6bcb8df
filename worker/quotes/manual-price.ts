import { costOf, manualPrice, taxed, type PriceOptions, type PriceResult, type ShopBook } from "../../engine/pricing/index.ts";
import type { Analysis } from "../../engine/mesh/types.ts";
import { audit, type AuditEntry } from "../db/audit.ts";
import type { Db } from "../db/client.ts";
import { findModel } from "../db/models.ts";
import { findQuote, quoteItemsOf, type QuoteItem } from "../db/quotes.ts";
import type { Scope } from "../db/scope.ts";
import { SYSTEM } from "../db/viewer.ts";
import { bookVersion } from "../pricing/books.ts";
import { loadConfigured } from "../products/configured-product.ts";
import { engineer } from "../products/engineering.ts";
import { statusRefusal } from "./decide.ts";
import { effectiveStatus } from "../db/quote-status.ts";
import { repriceQuote, type QuoteState } from "./reprice.ts";

/**
 * The shop prices a quote line by hand (issue 15, "manual review"): run by the
 * quote's QuoteCoordinator, so it is serialised with the quote's analyses and
 * re-pricing. The result crosses the Durable Object's RPC boundary, so a
 * refusal is returned as data for the handler to answer with.
 */

export interface ManualPriceRequest {
  /** Per unit, in minor units of the quote's currency (as the API shows all money). */
  unit_price: number;
  lead_time_days: number;
  /** Why, for the shop's audit log; never shown to the customer. */
  reason: string;
  /** Shown to the customer next to the price. */
  customer_note?: string;
}

export interface ManualPriceActor {
  actor_type: AuditEntry["actor_type"];
  actor_id: string | null;
  request_id: string | null;
  /** Holds `prices:override`: may sell below cost. */
  may_sell_below_cost: boolean;
  /** The tenant's quote validity, for a quote the manual price releases. */
  valid_until: number;
}

export interface Warning {
  code: "AT_OR_BELOW_COST" | "COST_UNKNOWN";
  field: string;
  message: string;
}

export type ManualPriceOutcome =
  | { ok: true; state: QuoteState; events: string[]; released: boolean; warnings: Warning[] }
  | {
      ok: false;
      code: "NOT_FOUND" | "CONFLICT" | "FORBIDDEN" | "UNPROCESSABLE_ENTITY";
      message: string;
      detail: { field: string; message: string; value?: unknown };
    };

const OPEN = new Set(["draft", "pricing", "priced"]);

export async function priceByHand(
  db: Db,
  tenantId: string,
  quoteId: string,
  itemId: string,
  input: ManualPriceRequest,
  actor: ManualPriceActor,
): Promise<ManualPriceOutcome> {
  const scope = { db, tenantId };
  const quote = await findQuote(scope, quoteId, SYSTEM);
  if (!quote) return { ok: false, code: "NOT_FOUND", message: "Quote not found", detail: { field: "id", message: "not found", value: quoteId } };
  if (!OPEN.has(effectiveStatus(quote))) {
    const r = statusRefusal(quote, "priced by hand");
    return { ok: false, code: "CONFLICT", message: `${r.message}: revise it first to change its prices`, detail: r.detail };
  }
  const items = await quoteItemsOf(scope, quoteId);
  const index = items.findIndex((i) => i.id === itemId);
  const item = items[index];
  if (!item) return { ok: false, code: "NOT_FOUND", message: "Quote item not found", detail: { field: "itemId", message: "not found", value: itemId } };
  if (item.status === "pending" || !item.price) {
    const analysing = item.status === "pending";
    return analysing
      ? {
          ok: false,
          code: "CONFLICT",
          message: `Item ${index + 1} is still being analysed; price it by hand once its analysis is done`,
          detail: { field: "itemId", message: "is still being analysed", value: itemId },
        }
      : {
          ok: false,
          code: "UNPROCESSABLE_ENTITY",
          message: `Item ${index + 1} could not be read (${item.error?.message ?? "no analysis"}); ask the customer for a new file`,
          detail: { field: "itemId", message: "has no analysis to price", value: itemId },
        };
  }
  const { book, shop } = await bookVersion(scope, quote.price_book_version);
  const quantity = (item.price as { quantity: number }).quantity;
  const total = input.unit_price * quantity;
  // The unit price is stated as the book states prices; the cost is without tax, and so is what it compares with.
  const sold = taxed(total, book.book.tax).net;
  const cost = await lineCost(scope, shop, item);
  if (cost !== null && sold < cost && !actor.may_sell_below_cost) {
    return {
      ok: false,
      code: "FORBIDDEN",
      message: `This price is below what item ${index + 1} costs the shop to make (${money(cost, quote.currency)} for ${quantity}); only an owner or admin can sell below cost`,
      detail: { field: "unit_price", message: "is below cost; needs the prices:override permission", value: input.unit_price },
    };
  }
  const warnings: Warning[] =
    cost === null
      ? [{ code: "COST_UNKNOWN", field: "unit_price", message: `What item ${index + 1} costs the shop could not be worked out: check the price covers it.` }]
      : sold <= cost
        ? [
            {
              code: "AT_OR_BELOW_COST",
              field: "unit_price",
              message: `Item ${index + 1} is sold at ${sold === cost ? "" : "less than "}what it costs the shop (${money(cost, quote.currency)} for ${quantity}).`,
            },
          ]
        : [];
  const price = manualPrice(item.price as unknown as PriceResult, input, book.book.tax, new Date());
  const entry = (action: string, data: Record<string, unknown>) =>
    audit(scope, {
      actor_type: actor.actor_type,
      actor_id: actor.actor_id,
      request_id: actor.request_id,
      action,
      target_type: "quote",
      target_id: quoteId,
      data,
    });
  const result = await repriceQuote(db, tenantId, quoteId, {
    itemId,
    price: price as unknown as Record<string, unknown>,
    release: { valid_until: actor.valid_until },
    statements: (released) => [
      entry("quote.item_priced_manually", {
        item_id: itemId,
        item_index: index,
        was: item.status,
        unit_price: input.unit_price,
        quantity,
        total,
        lead_time_days: input.lead_time_days,
        reason: input.reason,
        customer_note: price.manual.customer_note,
        cost,
        below_cost: cost !== null && sold < cost,
      }),
      ...(released ? [entry("quote.sent", { released_by: "manual_price" })] : []),
    ],
  });
  if (!result) return { ok: false, code: "NOT_FOUND", message: "Quote not found", detail: { field: "id", message: "not found", value: quoteId } };
  return { ok: true, ...result, warnings };
}

/** An amount in minor units as the shop's staff read it (`EUR 12.34`). */
export function money(amount: number, currency: string) {
  const digits = new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions().maximumFractionDigits ?? 2;
  return `${currency} ${(amount / 10 ** digits).toFixed(digits)}`;
}

/**
 * What a line costs the shop, in minor units, or null when it cannot be told:
 * a part is the same calculator on the shop's cost book (as the margin floor
 * checks it); a configured product is its bill of materials and labour by the
 * product's own price table, which has no margin folded in.
 */
export async function lineCost(scope: Scope, shop: ShopBook, item: QuoteItem): Promise<number | null> {
  const quantity = (item.options as { quantity: number }).quantity;
  try {
    if (item.configuration_id) {
      const loaded = await loadConfigured(scope, item.configuration_id);
      if (!loaded) return null;
      const engineering = engineer(loaded.product, loaded.schema.config_schema, loaded.configuration.config) as { price?: { total: number } | null };
      return engineering.price ? engineering.price.total * quantity : null;
    }
    const model = item.model_id ? await findModel(scope, item.model_id, SYSTEM) : undefined;
    const sold = item.price as unknown as PriceResult;
    if (!model?.analysis || !sold.machine?.code) return null;
    return costOf(model.analysis as unknown as Analysis, shop, item.options as unknown as PriceOptions, sold);
  } catch {
    // A calculator or a configuration that no longer engineers: the cost is unknown, and the response says so.
    return null;
  }
}
