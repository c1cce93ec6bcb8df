import type { Quote, QuoteItem } from "../db/quotes.ts";
import { iso } from "../api/schemas.ts";
import { applyBlockers, type Blocker, type PriceResult } from "../../engine/pricing/index.ts";
import { itemBlocked } from "./blocked.ts";
import { effectiveStatus } from "../db/quote-status.ts";
import type { Quote as QuoteView, QuoteItem as QuoteItemView } from "../api/schemas/quote.ts";

/** A quote as the API shows it. */
export const presentQuote = (q: Quote, items: QuoteItem[], now = Date.now()): QuoteView => ({
  id: q.id,
  number: q.number,
  status: effectiveStatus(q, now),
  revision: q.revision,
  title: q.title,
  notes: q.notes,
  contact_email: q.contact_email,
  customer_id: q.customer_id,
  project_id: q.project_id,
  currency: q.currency,
  price_book_version: String(q.price_book_version),
  totals: (q.totals as QuoteView["totals"]) ?? null,
  review_required: q.review_required,
  review_reasons: (q.review_reasons as QuoteView["review_reasons"]) ?? [],
  valid_until: iso(q.valid_until),
  sent_at: iso(q.sent_at),
  decided_at: iso(q.decided_at),
  created_at: iso(q.created_at),
  updated_at: iso(q.updated_at),
  items: items.map((i) => ({
    id: i.id,
    position: i.position,
    model_id: i.model_id,
    configuration_id: i.configuration_id,
    options: i.options,
    status: i.status,
    price: shownPrice(i) as QuoteItemView["price"],
    /** True when the item cannot be made as it is: it has no price, and `blockers` say why and how to fix it. */
    blocked: itemBlocked(i),
    blockers: (shownPrice(i) as { blockers?: Blocker[] } | null)?.blockers ?? [],
    error: i.error ?? null,
    preview_total: i.preview_total,
    price_differs: i.price_differs,
  })),
});

/** A price stored before blocking existed that carries DFM errors is shown blocked, never with its old figures. */
function shownPrice(i: QuoteItem): Record<string, unknown> | null {
  const price = i.price ?? null;
  if (!price || "blocked" in price || !itemBlocked(i)) return price;
  return applyBlockers(price as unknown as PriceResult) as unknown as Record<string, unknown>;
}
