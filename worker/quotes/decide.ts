import { audit, type AuditEntry } from "../db/audit.ts";
import { findQuote, quoteItemsOf, transitionQuote, transitionQuoteStatement, type Quote, type QuoteItem } from "../db/quotes.ts";
import type { QuoteStatus } from "../db/schema/index.ts";
import type { Scope } from "../db/scope.ts";
import { SYSTEM } from "../db/viewer.ts";
import type { Env } from "../env.ts";
import { blockedRefusal } from "./blocked.ts";
import { effectiveStatus } from "../db/quote-status.ts";
import { quoteCoordinator } from "../../durable-objects/stubs.ts";

/**
 * The customer's decision on a quote, whoever relays it (the API, or a
 * partner's webhook): the rules live here once; callers turn a refusal into
 * their own kind of failure.
 */

export interface Refusal {
  code: "CONFLICT" | "UNPROCESSABLE_ENTITY";
  message: string;
  detail: { field: string; message: string; value?: unknown };
}

/** The states in which a customer decides. */
export const DECIDABLE: readonly QuoteStatus[] = ["priced", "sent"];

export function statusRefusal(quote: Quote, action: string): Refusal {
  const status = effectiveStatus(quote);
  return { code: "CONFLICT", message: `A quote that is ${status} cannot be ${action}`, detail: { field: "status", message: `is ${status}`, value: status } };
}

/** Why the quote cannot be accepted as it stands, or null. */
export function acceptRefusal(quote: Quote, items: QuoteItem[], now = Date.now()): Refusal | null {
  if (effectiveStatus(quote, now) === "expired") {
    return {
      code: "CONFLICT",
      message: "This quote has expired; ask for a revision to get current prices",
      detail: { field: "valid_until", message: "has passed", value: quote.valid_until },
    };
  }
  if (!DECIDABLE.includes(quote.status)) return statusRefusal(quote, "accepted");
  const blocked = blockedRefusal(items);
  if (blocked) return blocked;
  if (!((quote.totals as { orderable?: boolean } | null)?.orderable ?? false)) {
    return {
      code: "UNPROCESSABLE_ENTITY",
      message: "Some parts cannot be made as they are (see their DFM errors)",
      detail: { field: "items", message: "not orderable" },
    };
  }
  if (quote.status === "priced" && quote.review_required) {
    return {
      code: "CONFLICT",
      message: "This quote is being reviewed by the shop; you can accept it once they send it",
      detail: { field: "review_required", message: "is true" },
    };
  }
  return null;
}

/**
 * Accepts the quote at the revision read (`quote`), or says why not; an expired one is marked expired on the
 * way. The shop may revise it meanwhile (a discount given or taken away): the customer then accepts figures
 * they have not seen, so that is refused too.
 */
export async function acceptQuote(scope: Scope, quote: Quote): Promise<Refusal | null> {
  const refusal = acceptRefusal(quote, await quoteItemsOf(scope, quote.id));
  if (refusal?.detail.field === "valid_until") await transitionQuote(scope, quote.id, DECIDABLE, { status: "expired" });
  if (refusal) return refusal;
  if (await transitionQuote(scope, quote.id, DECIDABLE, { status: "accepted", decided_at: Date.now() }, quote.revision)) return null;
  const now = await findQuote(scope, quote.id, SYSTEM);
  if (now && now.revision !== quote.revision && DECIDABLE.includes(now.status))
    return {
      code: "CONFLICT",
      message: "The shop changed this quote while you were accepting it: look at the new figures and accept again",
      detail: { field: "revision", message: `is now ${now.revision}`, value: quote.revision },
    };
  return statusRefusal(now ?? quote, "accepted");
}

export const rejectRefusal = (quote: Quote): Refusal | null => (DECIDABLE.includes(effectiveStatus(quote)) ? null : statusRefusal(quote, "rejected"));

/** The rejection for a caller's batch: changes nothing if the quote was decided meanwhile. */
export const rejectStatement = (scope: Scope, quoteId: string) =>
  transitionQuoteStatement(scope, quoteId, DECIDABLE, { status: "rejected", decided_at: Date.now() });

/** Pushes a committed status change to the quote's open pages and writes it to the audit log. */
export async function announceQuoteChange(
  env: Env,
  scope: Scope,
  quoteId: string,
  status: string,
  entry: Omit<AuditEntry, "action" | "target_type" | "target_id">,
) {
  await quoteCoordinator(env, scope, quoteId).record(quoteId, status, entry.data ?? {});
  await audit(scope, { ...entry, action: `quote.${status}`, target_type: "quote", target_id: quoteId });
}
