import type { BatchItem } from "drizzle-orm/batch";
import type { CompiledPriceBook } from "../../engine/pricing/index.ts";
import type { PriceBookRow } from "../db/price-books.ts";
import { insertQuote, type NewQuote, type NewQuoteItem } from "../db/quotes.ts";
import type { Scope } from "../db/scope.ts";

const DAY = 24 * 3600 * 1000;

/** When a quote priced or sent now stops holding. */
export const validUntil = (validityDays: number, now = Date.now()) => now + validityDays * DAY;

export type QuoteParties = Pick<NewQuote, "id" | "customer_id" | "project_id" | "owner_user_id" | "guest_session_hash" | "contact_email" | "title" | "notes">;

/**
 * Opens a quote on the shop's published price book, numbered Q-YYYY-NNNN and
 * valid for the shop's validity period; its items wait to be priced (the
 * caller asks the quote's coordinator to re-price once this returns).
 */
export function createQuote(
  scope: Scope,
  published: { row: PriceBookRow; book: CompiledPriceBook },
  validityDays: number,
  parties: QuoteParties,
  items: NewQuoteItem[],
  alongside: BatchItem<"sqlite">[] = [],
) {
  const now = Date.now();
  return insertQuote(
    scope,
    {
      ...parties,
      year: new Date(now).getUTCFullYear(),
      status: "pricing",
      price_book_version: published.row.version,
      currency: published.book.book.currency,
      valid_until: validUntil(validityDays, now),
    },
    items,
    alongside,
  );
}
