import type { Quote } from "../db/quotes.ts";
import type { Scope } from "../db/scope.ts";
import { outboxStatements } from "../webhooks/outbox.ts";

/** `quote.priced` for a revision with its totals, as outbox rows for the caller's batch (transactional outbox). */
export const pricedEvent = (scope: Scope, quote: Pick<Quote, "id" | "number" | "revision" | "currency">, totals: { net_total: number; gross_total: number }) =>
  outboxStatements(scope, "quote.priced", {
    quote_id: quote.id,
    quote_number: quote.number,
    revision: quote.revision,
    currency: quote.currency,
    net_total: totals.net_total,
    gross_total: totals.gross_total,
  });
