import { and, eq, inArray, isNotNull, lte, not, or, type SQL } from "drizzle-orm";
import { quotes, type QuoteStatus } from "./schema/index.ts";

/**
 * The status a quote shows. Nothing writes "expired" when a quote's validity
 * ends (only a refused decision does), so the rule is applied where statuses
 * are read: in TypeScript for a row at hand, and in SQL for filters and
 * counts, both from the two definitions below so they cannot disagree.
 */

/** Stored statuses that lapse to "expired" once `valid_until` has passed. */
const LAPSING: readonly QuoteStatus[] = ["priced", "sent"];

/** A priced or sent quote past its validity is expired, whether or not it has been written so. */
export const effectiveStatus = (q: { status: QuoteStatus; valid_until: number | null }, now = Date.now()): QuoteStatus =>
  LAPSING.includes(q.status) && q.valid_until !== null && q.valid_until <= now ? "expired" : q.status;

/** The same rule's condition in SQL: the quote's validity has passed (false when it has none). */
const lapsed = (now: number) => and(isNotNull(quotes.valid_until), lte(quotes.valid_until, now))!;

/** Quotes that show `status` (by effectiveStatus) at `now`. */
export function showsStatus(status: QuoteStatus, now: number): SQL {
  if (status === "expired") return or(eq(quotes.status, "expired"), and(inArray(quotes.status, [...LAPSING]), lapsed(now)))!;
  if (LAPSING.includes(status)) return and(eq(quotes.status, status), not(lapsed(now)))!;
  return eq(quotes.status, status);
}

/** Quotes that show one of `statuses` at `now`. */
export const showsStatusIn = (statuses: readonly QuoteStatus[], now: number): SQL => or(...statuses.map((s) => showsStatus(s, now)))!;
