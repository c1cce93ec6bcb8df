import type { BatchItem } from "drizzle-orm/batch";
import { discountLine, listTotal, quoteTotals, undiscountLine, type DiscountSpec, type PriceResult, type QuoteTotals } from "../../engine/pricing/index.ts";
import { exTax } from "../../engine/pricing/tax.ts";
import { audit, type AuditEntry } from "../db/audit.ts";
import type { Db } from "../db/client.ts";
import {
  findQuote,
  guardedRevisionStatement,
  quoteItemsOf,
  STALE_REVISION,
  updateItemStatement,
  updateQuoteStatement,
  type Quote,
  type QuoteItem,
} from "../db/quotes.ts";
import type { QuoteStatus } from "../db/schema/index.ts";
import { isNotNullViolation, isUniqueViolation } from "../db/scope.ts";
import { SYSTEM } from "../db/viewer.ts";
import { bookVersion } from "../pricing/books.ts";
import { statusRefusal } from "./decide.ts";
import { lineCost, money, type Warning } from "./manual-price.ts";
import { effectiveStatus } from "../db/quote-status.ts";
import { presentQuote } from "./present.ts";
import { pricedEvent } from "./priced-event.ts";
import type { QuoteState } from "./reprice.ts";
import { technicalDataEvent } from "./technical-data.ts";

/**
 * The shop's discounts (decision 71), on one line or on the whole quote: run
 * by the quote's QuoteCoordinator, in turn with its re-pricing. The floor is
 * what the lines cost the shop (as for manual prices, decision 23); below it
 * needs `prices:override`, and at or below it the answer warns. A quote still
 * being priced changes in place; a priced or sent one gets a new revision (the
 * one the customer saw is kept), on the same price-book version and prices.
 */

export interface DiscountRequest {
  /** The line, or null for the whole quote. */
  itemId: string | null;
  /** The discount to give, or null to take it away. */
  set: { percent: number | null; amount: number | null; customer_note: string | null } | null;
  /** For the shop's audit log only. */
  reason: string | null;
  /** Work it out and check the floor, write nothing. */
  dry_run: boolean;
}

export interface DiscountActor {
  actor_type: AuditEntry["actor_type"];
  actor_id: string | null;
  request_id: string | null;
  may_sell_below_cost: boolean;
}

type Refused = {
  ok: false;
  code: "NOT_FOUND" | "CONFLICT" | "FORBIDDEN" | "UNPROCESSABLE_ENTITY";
  message: string;
  detail: { field: string; message: string; value?: unknown };
};
export type DiscountOutcome =
  | {
      ok: true;
      state: QuoteState;
      /** A new revision was made. */
      revised: boolean;
      warnings: Warning[];
      quote: Quote;
      items: QuoteItem[];
      /** Outbox events the batch wrote, for the caller to dispatch. */
      events: string[];
      /** The new revision has configured products: the caller queues its technical package. */
      package: boolean;
    }
  | Refused;

const OPEN = new Set(["draft", "pricing", "priced"]);
/** Where the customer can see the figures: a discount makes a new revision. */
const REVISABLE: readonly QuoteStatus[] = ["priced", "sent"];

const notFound = (field: string, what: string, value: string): Refused => ({
  ok: false,
  code: "NOT_FOUND",
  message: `${what} not found`,
  detail: { field, message: "not found", value },
});

export async function giveDiscount(db: Db, tenantId: string, quoteId: string, req: DiscountRequest, actor: DiscountActor): Promise<DiscountOutcome> {
  const scope = { db, tenantId };
  const quote = await findQuote(scope, quoteId, SYSTEM);
  if (!quote) return notFound("id", "Quote", quoteId);
  const status = effectiveStatus(quote);
  if (!OPEN.has(status) && status !== "sent") {
    const r = statusRefusal(quote, "discounted");
    return { ok: false, code: "CONFLICT", message: status === "accepted" ? r.message : `${r.message}: revise it first`, detail: r.detail };
  }
  const items = await quoteItemsOf(scope, quoteId);
  const field = req.set?.percent != null ? "percent" : "amount";
  const spec: DiscountSpec | null = req.set && { ...req.set, set_at: new Date().toISOString() };
  let next = items;
  let index = -1;
  if (req.itemId !== null) {
    index = items.findIndex((i) => i.id === req.itemId);
    const item = items[index];
    if (!item) return notFound("itemId", "Quote item", req.itemId);
    const price = item.price as unknown as PriceResult | null;
    if (item.status !== "priced" || !price)
      return item.status === "pending"
        ? {
            ok: false,
            code: "CONFLICT",
            message: `Item ${index + 1} is still being priced`,
            detail: { field: "itemId", message: "is still being priced", value: item.id },
          }
        : {
            ok: false,
            code: "UNPROCESSABLE_ENTITY",
            message: `Item ${index + 1} has no price to discount: price it by hand first`,
            detail: { field: "itemId", message: "has no price", value: item.id },
          };
    if (spec?.amount != null && spec.amount > listTotal(price))
      return tooMuch(field, spec.amount, `item ${index + 1}'s total`, listTotal(price), quote.currency);
    const priced = spec ? discountLine(price, spec) : undiscountLine(price);
    next = items.map((i) => (i.id === item.id ? { ...i, price: priced as unknown as Record<string, unknown> } : i));
  } else if (!quote.totals) {
    const pending = items.some((i) => i.status === "pending");
    return {
      ok: false,
      code: pending ? "CONFLICT" : "UNPROCESSABLE_ENTITY",
      message: pending ? "The quote is still being priced" : "Some items have no price yet: price them by hand first",
      detail: { field: "totals", message: pending ? "are being worked out" : "are missing" },
    };
  }
  const quoteDiscount = req.itemId === null ? spec : (quote.discount as DiscountSpec | null);
  const { book, shop } = await bookVersion(scope, quote.price_book_version);
  const priced = next.filter((i) => i.status === "priced").map((i) => i.price as unknown as PriceResult);
  // A quote has totals once every item is priced (repriceQuote); a line discount before that leaves them to come.
  const complete = quote.totals !== null;
  const totals = complete ? quoteTotals(book, priced, null) : null;
  if (req.itemId === null && spec?.amount != null && totals && spec.amount > totals.items_total + totals.minimum_order_surcharge)
    return tooMuch(field, spec.amount, "the quote's total", totals.items_total + totals.minimum_order_surcharge, quote.currency);
  const settled: QuoteTotals | null = complete ? quoteTotals(book, priced, quoteDiscount) : null;

  // The floor: only a discount given can take a quote below it (taking one away raises the price).
  const warnings: Warning[] = [];
  // The first warning of a sale below cost (not merely at it): what a refusal cites.
  let below: Warning | undefined;
  const costs = spec ? await Promise.all(next.map((i) => (i.status === "priced" ? lineCost(scope, shop, i) : Promise.resolve(null)))) : [];
  const check = (what: string, sold: number, cost: number | null, of: string) => {
    if (cost === null)
      warnings.push({ code: "COST_UNKNOWN", field, message: `What ${what} costs the shop could not be worked out: check the price covers it.` });
    else if (sold <= cost) {
      const by = sold < cost ? `sells ${money(cost - sold, quote.currency)} below cost` : "is sold at cost";
      const warning: Warning = { code: "AT_OR_BELOW_COST", field, message: `${capital(what)} ${by} (it costs the shop ${money(cost, quote.currency)}${of}).` };
      warnings.push(warning);
      if (sold < cost) below ??= warning;
    }
  };
  if (spec && index >= 0) {
    const line = next[index].price as unknown as PriceResult;
    check(`item ${index + 1}`, exTax(line), costs[index], ` for ${line.quantity}`);
  }
  const quoteCost = costs.every((c) => c !== null) ? costs.reduce<number>((a, c) => a + (c ?? 0), 0) : null;
  if (spec && settled) check("the quote", settled.net_total, quoteCost, "");
  if (below && !actor.may_sell_below_cost)
    return {
      ok: false,
      code: "FORBIDDEN",
      message: `${below.message} Only an owner or admin can sell below cost.`,
      detail: { field, message: "is below cost; needs the prices:override permission", value: req.set?.[field] },
    };

  // Once the customer can see the figures (priced or sent) a change makes a new revision, so a checkout of the old one is refused.
  const revising = REVISABLE.includes(status);
  const figures = {
    discount: quoteDiscount as unknown as Record<string, unknown> | null,
    totals: settled as unknown as Record<string, unknown> | null,
  };
  const state: QuoteState = {
    quote_id: quote.id,
    status: quote.status,
    items: next.map((i) => ({ id: i.id, status: i.status, total: (i.price as { total?: number } | null)?.total ?? null })),
    total: settled?.net_total ?? null,
    review_required: quote.review_required,
  };
  const unchanged = !spec && (index >= 0 ? !(items[index].price as { discount?: unknown }).discount : !quote.discount);
  if (unchanged) return { ok: true, state, revised: false, warnings, quote, items, events: [], package: false };
  // A dry run answers the figures as they would be, on the revision as it is (nothing was revised).
  if (req.dry_run) return { ok: true, state, revised: false, warnings, quote: { ...quote, ...figures }, items: next, events: [], package: false };

  // A new revision is priced anew for partners: its totals (`quote.priced`) and, with configured products, its
  // technical data and package (decision 71), as a revision the customer asks for is.
  const revised: Quote = { ...quote, ...figures, revision: quote.revision + 1 };
  const technical = revising ? await technicalDataEvent(scope, revised, next) : null;
  const events = revising ? [settled ? pricedEvent(scope, revised, settled) : null, technical].filter((e) => e !== null) : [];
  const set = { ...figures, ...(revising ? { revision: revised.revision } : {}), ...(technical ? { technical_data_revision: revised.revision } : {}) };
  const after: Quote = { ...quote, ...set };

  const line = index >= 0 ? (next[index].price as unknown as PriceResult & { discount?: { off: number } }) : null;
  const statements: BatchItem<"sqlite">[] = [
    // The revision the customer was sent stays in the history; its reason is shown to them, so it is never the shop's.
    // First, and guarded: the batch fails if the quote was accepted or revised since it was read.
    ...(revising
      ? [guardedRevisionStatement(scope, quote.id, quote.revision, presentQuote(quote, items), spec?.customer_note ?? "The shop changed a discount", REVISABLE)]
      : []),
    updateQuoteStatement(scope, quote.id, set),
    ...(index >= 0 ? [updateItemStatement(scope, next[index].id, { price: next[index].price })] : []),
    ...events.flatMap((e) => e.statements),
    audit(scope, {
      actor_type: actor.actor_type,
      actor_id: actor.actor_id,
      request_id: actor.request_id,
      action: spec ? "quote.discount_given" : "quote.discount_removed",
      target_type: "quote",
      target_id: quote.id,
      data: {
        on: index >= 0 ? "item" : "quote",
        ...(index >= 0 ? { item_id: next[index].id, item_index: index } : {}),
        percent: spec?.percent ?? null,
        amount: spec?.amount ?? null,
        off: index >= 0 ? (line?.discount?.off ?? 0) : (settled?.discount?.off ?? 0),
        reason: req.reason,
        customer_note: spec?.customer_note ?? null,
        cost: spec ? (index >= 0 ? costs[index] : quoteCost) : null,
        below_cost: below !== undefined,
        revision: after.revision,
      },
    }),
  ];
  try {
    await db.batch(statements as [BatchItem<"sqlite">, ...BatchItem<"sqlite">[]]);
  } catch (e) {
    if (revising && (isUniqueViolation(e) || isNotNullViolation(e, STALE_REVISION)))
      return {
        ok: false,
        code: "CONFLICT",
        message: "This quote was accepted or revised meanwhile; reload it and try again",
        detail: { field: "revision", message: "changed meanwhile", value: quote.revision },
      };
    throw e;
  }
  return {
    ok: true,
    state,
    revised: revising,
    warnings,
    quote: after,
    items: next,
    events: events.map((e) => e.eventId),
    package: revising && next.some((i) => i.configuration_id !== null),
  };
}

const capital = (s: string) => s[0].toUpperCase() + s.slice(1);

function tooMuch(field: string, amount: number, what: string, base: number, currency: string): Refused {
  return {
    ok: false,
    code: "UNPROCESSABLE_ENTITY",
    message: `A discount of ${money(amount, currency)} is more than ${what} (${money(base, currency)})`,
    detail: { field, message: `is more than ${what}`, value: amount },
  };
}
