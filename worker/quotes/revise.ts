import type { BatchItem } from "drizzle-orm/batch";
import {
  deleteItemsStatement,
  insertItemsStatements,
  insertRevisionStatement,
  updateQuoteStatement,
  type NewQuoteItem,
  type Quote,
  type QuoteItem,
} from "../db/quotes.ts";
import type { Scope } from "../db/scope.ts";
import { validUntil } from "./create.ts";
import { statusRefusal, type Refusal } from "./decide.ts";
import { presentQuote } from "./present.ts";

/** An accepted quote is final; any other (even rejected or expired) can be reopened as a new revision. */
export const reviseRefusal = (quote: Quote): Refusal | null => (quote.status === "accepted" ? statusRefusal(quote, "revised") : null);

/** The items again, to be priced afresh. */
export const freshCopies = (items: QuoteItem[]): NewQuoteItem[] =>
  items.map((i) => ({ id: crypto.randomUUID(), model_id: i.model_id, configuration_id: i.configuration_id, options: i.options, status: "pending" }));

export interface Revision {
  quote: Quote;
  /** The items as they are, kept in the history. */
  items: QuoteItem[];
  /** The items of the new revision. */
  next: NewQuoteItem[];
  /** The price book it is priced on (the one published now). */
  priceBookVersion: number;
  validityDays: number;
  reason: string | null;
}

/**
 * A new revision of a quote, as statements for one batch: the current one is
 * snapshotted into the history and the quote starts over (pricing, new
 * validity, not sent or decided). Re-price it once the batch has committed.
 * The snapshot of `r.quote.revision` is unique per quote, so the batch fails
 * whole (a unique violation) if the quote was revised since it was read.
 */
export const reviseStatements = (scope: Scope, r: Revision): [BatchItem<"sqlite">, ...BatchItem<"sqlite">[]] => [
  insertRevisionStatement(scope, r.quote.id, r.quote.revision, presentQuote(r.quote, r.items), r.reason),
  updateQuoteStatement(scope, r.quote.id, {
    revision: r.quote.revision + 1,
    status: "pricing",
    price_book_version: r.priceBookVersion,
    // Priced afresh: the shop's discounts, as its manual prices, are for the revision they were given on.
    discount: null,
    sent_at: null,
    decided_at: null,
    valid_until: validUntil(r.validityDays),
  }),
  deleteItemsStatement(scope, r.quote.id),
  ...insertItemsStatements(scope, r.quote.id, r.next),
];
