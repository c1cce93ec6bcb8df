import type { BatchItem } from "drizzle-orm/batch";
import {
  discountLine,
  engineeringBlockers,
  evaluateReviewRules,
  isManual,
  quoteTotals,
  type DiscountSpec,
  type LineDiscount,
  type PriceOptions,
  type PriceResult,
} from "../../engine/pricing/index.ts";
import type { Analysis } from "../../engine/mesh/types.ts";
import { partBelowFloor } from "../pricing/floor.ts";
import type { Db } from "../db/client.ts";
import { findModel } from "../db/models.ts";
import { findQuote, quoteItemsOf, updateItemStatement, updateQuoteStatement, type Quote, type QuoteItem } from "../db/quotes.ts";
import type { QuoteStatus } from "../db/schema/index.ts";
import { bookVersion } from "../pricing/books.ts";
import { priceItem, type ItemSource } from "./items.ts";
import type { priceConfiguredItem } from "./configured.ts";
import { technicalDataEvent } from "./technical-data.ts";
import { pricedEvent } from "./priced-event.ts";
import { blockedReasons } from "./blocked.ts";
import { loadConfigured } from "../products/configured-product.ts";
import { engineer } from "../products/engineering.ts";
import type { Scope } from "../db/scope.ts";
import { SYSTEM } from "../db/viewer.ts";

/** States in which the server still (re)prices a quote; after `sent` its prices are frozen. */
const OPEN: readonly QuoteStatus[] = ["draft", "pricing", "priced"];

export interface QuoteState {
  quote_id: string;
  status: QuoteStatus;
  items: { id: string; status: string; total: number | null }[];
  total: number | null;
  review_required: boolean;
}

/**
 * A price the shop sets by hand (worker/quotes/manual-price.ts), settled with
 * the quote in the same batch: `release` sends a quote held for review once no
 * item needs review any more; `statements` (its audit rows) commit with it.
 */
export interface ManualChange {
  itemId: string;
  price: Record<string, unknown>;
  release: { valid_until: number };
  statements: (released: boolean) => BatchItem<"sqlite">[];
}

/**
 * Prices every item whose part is analysed, with the quote's own price-book
 * version, and settles the quote's status, totals and review decision in one
 * batch. Callers serialise it per quote (QuoteCoordinator), so two analyses
 * finishing at once cannot interleave. An item the shop priced by hand keeps
 * its price, and no item-level review rule holds it back again.
 */
export async function repriceQuote(
  db: Db,
  tenantId: string,
  quoteId: string,
  manual?: ManualChange,
): Promise<{ state: QuoteState; events: string[]; released: boolean; package: boolean } | null> {
  const scope = { db, tenantId };
  const quote = await findQuote(scope, quoteId, SYSTEM);
  if (!quote) return null;
  const items = await quoteItemsOf(scope, quoteId);
  if (!OPEN.includes(quote.status))
    return {
      state: stateOf(
        quote,
        items.map((i) => ({ id: i.id, status: i.status, price: i.price })),
      ),
      events: [],
      released: false,
      package: false,
    };
  const { book, shop } = await bookVersion(scope, quote.price_book_version);
  const settled: QuoteItem[] = [];
  const floor: boolean[] = [];
  const fromCadFile: boolean[] = [];
  // A priced configured item keeps its price when its product's price table changes; a revision prices it afresh.
  const keeps = (item: QuoteItem) => (item.configuration_id !== null && item.status === "priced") || isManual(item.price);
  for (const item of items) {
    if (item.id === manual?.itemId) {
      settled.push({ ...item, status: "priced" as const, price: manual.price, error: null, price_differs: false });
      floor.push(false);
      fromCadFile.push(false);
      continue;
    }
    if (keeps(item)) {
      settled.push(item);
      floor.push(false);
      fromCadFile.push(false);
      continue;
    }
    const source = await sourceOf(scope, item);
    const fresh = { ...item, ...priceItem(item, source, book) };
    // The floor rule judges the calculator's price; a discount the shop gave was checked against cost when given.
    const next = withLineDiscount(fresh, item);
    settled.push(next);
    floor.push(
      next.status === "priced" &&
        source.kind === "model" &&
        !!source.model?.analysis &&
        partBelowFloor(shop, source.model.analysis as unknown as Analysis, item.options as unknown as PriceOptions, fresh.price as unknown as PriceResult),
    );
    fromCadFile.push(source.kind === "model" && !!source.model?.source_format);
  }
  const priced = settled.filter((i) => i.status === "priced").map((i) => i.price as unknown as PriceResult);
  const pending = settled.some((i) => i.status === "pending");
  const status: QuoteStatus = pending ? "pricing" : "priced";
  const complete = !pending && priced.length === settled.length;
  const rules = complete ? evaluateReviewRules(shop, priced, floor, fromCadFile) : { review_required: false, reasons: [] };
  // The shop has reviewed an item it priced by hand (when complete, `priced` lines up with `settled`).
  const reasons = rules.reasons.filter((r) => r.item_index === undefined || !isManual(settled[r.item_index].price));
  // An item that cannot be made as it is holds the quote for the shop's manual review.
  const blocked = blockedReasons(settled);
  // The review flow releases a held quote by sending it: a manual price does so once no item needs review.
  const released =
    !!manual && quote.status === "priced" && quote.review_required && complete && blocked.length === 0 && !reasons.some((r) => r.item_index !== undefined);
  // Partners hear `quote.priced` when a quote becomes priced, and `quote.technical_data_ready` once per
  // revision that has configured products, written in the same batch (transactional outbox).
  const technical = status === "priced" ? await technicalDataEvent(scope, quote, settled) : null;
  const set = {
    status: released ? ("sent" as const) : status,
    totals: complete ? (quoteTotals(book, priced, quote.discount as DiscountSpec | null) as unknown as Record<string, unknown>) : null,
    review_required: reasons.length > 0 || blocked.length > 0,
    review_reasons: [...blocked, ...reasons],
    ...(technical ? { technical_data_revision: quote.revision } : {}),
    ...(released ? { sent_at: Date.now(), valid_until: manual.release.valid_until } : {}),
  };
  const totals = set.totals as { net_total: number; gross_total: number } | null;
  // A quote that had no total (an item blocked) is priced once it gets one.
  const event = status === "priced" && !(quote.status === "priced" && quote.totals) && totals ? pricedEvent(scope, quote, totals) : null;
  const events = [event, technical].filter((e) => e !== null);
  await db.batch([
    updateQuoteStatement(scope, quoteId, set),
    ...settled.map((i) => updateItemStatement(scope, i.id, { status: i.status, price: i.price, error: i.error, price_differs: i.price_differs })),
    ...events.flatMap((e) => e.statements),
    ...(manual?.statements(released) ?? []),
  ]);
  for (const i of settled.filter((s) => s.price_differs)) {
    console.log(
      JSON.stringify({
        level: "warn",
        event: "quote.preview_differs",
        tenant_id: tenantId,
        quote_id: quoteId,
        item_id: i.id,
        preview_total: i.preview_total,
        server_total: (i.price as { total?: number } | null)?.total,
      }),
    );
  }
  return {
    state: stateOf({ ...quote, ...set }, settled),
    events: events.map((e) => e.eventId),
    released,
    // The caller queues the technical package of a priced quote with configured products.
    package: status === "priced" && settled.some((i) => i.configuration_id !== null),
  };
}

/** A line the shop discounted keeps its discount on its fresh price (decision 71). */
function withLineDiscount(next: QuoteItem, before: QuoteItem): QuoteItem {
  const discount = (before.price as { discount?: LineDiscount } | null)?.discount;
  if (!discount || next.status !== "priced" || !next.price) return next;
  return { ...next, price: discountLine(next.price as unknown as PriceResult, discount) as unknown as Record<string, unknown> };
}

/** Loads what an item is priced from. */
async function sourceOf(scope: Scope, item: QuoteItem): Promise<ItemSource> {
  if (!item.configuration_id) return { kind: "model", model: item.model_id ? await findModel(scope, item.model_id, SYSTEM) : undefined };
  const loaded = await loadConfigured(scope, item.configuration_id);
  if (!loaded) return { kind: "configuration", product: undefined, price: null, blockers: [] };
  const { configuration, product, schema } = loaded;
  const engineering = engineer(product, schema.config_schema, configuration.config) as { price?: Parameters<typeof priceConfiguredItem>[2] } & Parameters<
    typeof engineeringBlockers
  >[0];
  return { kind: "configuration", product, price: engineering.price ?? null, blockers: engineeringBlockers(engineering) };
}

function stateOf(quote: Quote, items: { id: string; status: string; price: unknown }[]): QuoteState {
  const totals = quote.totals as { net_total?: number } | null;
  return {
    quote_id: quote.id,
    status: quote.status,
    items: items.map((i) => ({ id: i.id, status: i.status, total: (i.price as { total?: number } | null)?.total ?? null })),
    total: totals?.net_total ?? null,
    review_required: quote.review_required,
  };
}
