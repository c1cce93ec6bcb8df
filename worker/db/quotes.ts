import { and, asc, eq, inArray, not, or, sql, type SQL } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import { visibleTo, type Viewer } from "./viewer.ts";
import { keyset, pageOf, type PageRequest } from "./paging.ts";
import { documentNumber } from "./numbers.ts";
import { showsStatus } from "./quote-status.ts";
import { ofTenant, type Scope } from "./scope.ts";
import { customers, quoteItems, quoteRevisions, quotes, users, type QuoteStatus } from "./schema/index.ts";

export type Quote = typeof quotes.$inferSelect;
export type QuoteItem = typeof quoteItems.$inferSelect;
export type NewQuoteItem = Omit<typeof quoteItems.$inferInsert, "tenant_id" | "quote_id" | "position">;

export interface NewQuote {
  id: string;
  year: number;
  status: QuoteStatus;
  customer_id: string | null;
  project_id?: string | null;
  owner_user_id: string | null;
  guest_session_hash: string | null;
  contact_email: string | null;
  title: string | null;
  notes: string | null;
  price_book_version: number;
  currency: string;
  valid_until: number;
}

/**
 * Creates a quote with its items and its number in one atomic batch: the
 * per-tenant, per-year counter advances in the same transaction as the insert
 * that uses it, so numbers are unique and gapless under any concurrency
 * (docs/decisions/0002-document-numbers.md). `alongside` are committed in the
 * same batch (e.g. the configuration the quote's item refers to).
 */
export async function insertQuote(scope: Scope, q: NewQuote, items: NewQuoteItem[], alongside: BatchItem<"sqlite">[] = []) {
  const now = Date.now();
  const { year, ...row } = q;
  const { advance, number } = documentNumber(scope, "Q", year);
  const [, [inserted]] = await scope.db.batch([
    advance,
    scope.db
      .insert(quotes)
      .values({
        ...row,
        tenant_id: scope.tenantId,
        number,
        created_at: now,
        updated_at: now,
      })
      .returning({ number: quotes.number }),
    ...items.map((item, position) => scope.db.insert(quoteItems).values({ ...item, tenant_id: scope.tenantId, quote_id: q.id, position })),
    ...alongside,
  ]);
  return inserted.number;
}

export const findQuote = (scope: Scope, id: string, viewer: Viewer) =>
  scope.db.query.quotes.findFirst({ where: ofTenant(scope, quotes, eq(quotes.id, id), visibleTo(quotes, viewer)) });

/** A quote by its id or its number (`Q-2026-0001`), as partners may know either. */
export const findQuoteByRef = (scope: Scope, ref: string) =>
  scope.db.query.quotes.findFirst({ where: ofTenant(scope, quotes, or(eq(quotes.id, ref), eq(quotes.number, ref))) });

export const quoteItemsOf = (scope: Scope, quoteId: string) =>
  scope.db
    .select()
    .from(quoteItems)
    .where(ofTenant(scope, quoteItems, eq(quoteItems.quote_id, quoteId)))
    .orderBy(asc(quoteItems.position));

/** The items of several quotes in one query, by quote id. */
export async function itemsOfQuotes(scope: Scope, quoteIds: string[]) {
  const byQuote = new Map<string, QuoteItem[]>(quoteIds.map((id) => [id, []]));
  if (quoteIds.length === 0) return byQuote;
  const rows = await scope.db
    .select()
    .from(quoteItems)
    .where(ofTenant(scope, quoteItems, inArray(quoteItems.quote_id, quoteIds)))
    .orderBy(asc(quoteItems.position));
  for (const row of rows) byQuote.get(row.quote_id)!.push(row);
  return byQuote;
}

export interface QuoteListOptions {
  status?: QuoteStatus;
  /** Held for the shop's review (priced, not yet sent, still valid), or not. */
  needsReview?: boolean;
  /** Part of the quote number, the customer's e-mail or name, or the company's name. */
  q?: string;
  /** Quotes with an item of this configured product. */
  configurationId?: string;
}

/** Who a quote is for: the person (its owner, or the guest's e-mail) and the company. */
export interface QuoteParty {
  name: string | null;
  email: string | null;
  company: string | null;
}

/** `%`, `_` and the escape character itself match literally in a LIKE pattern. */
const likePattern = (q: string) => `%${q.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;

/** A quote held for review: the shop must look at it before the customer can accept it. */
const heldForReview = (now: number): SQL => and(showsStatus("priced", now), eq(quotes.review_required, true))!;

export async function listQuotes(scope: Scope, viewer: Viewer, page: PageRequest, opts: QuoteListOptions, now = Date.now()) {
  const { after, orderBy } = keyset(quotes.created_at, quotes.id, page);
  const like = opts.q ? likePattern(opts.q) : undefined;
  const matches = (column: SQL | typeof quotes.number) => sql`${column} LIKE ${like} ESCAPE '\\'`;
  const rows = await scope.db
    .select({ quote: quotes, name: users.name, user_email: users.email, company: customers.name })
    .from(quotes)
    .leftJoin(users, and(eq(users.tenant_id, quotes.tenant_id), eq(users.id, quotes.owner_user_id)))
    .leftJoin(customers, and(eq(customers.tenant_id, quotes.tenant_id), eq(customers.id, quotes.customer_id)))
    .where(
      ofTenant(
        scope,
        quotes,
        visibleTo(quotes, viewer),
        opts.status ? showsStatus(opts.status, now) : undefined,
        opts.needsReview === undefined ? undefined : opts.needsReview ? heldForReview(now) : not(heldForReview(now)),
        like
          ? or(
              matches(quotes.number),
              matches(sql`${quotes.contact_email}`),
              matches(sql`${users.email}`),
              matches(sql`${users.name}`),
              matches(sql`${customers.name}`),
            )
          : undefined,
        opts.configurationId
          ? sql`exists (select 1 from ${quoteItems} where ${quoteItems.tenant_id} = ${scope.tenantId} and ${quoteItems.quote_id} = ${quotes.id} and ${quoteItems.configuration_id} = ${opts.configurationId})`
          : undefined,
        after,
      ),
    )
    .orderBy(...orderBy)
    .limit(page.limit + 1);
  const listed = rows.map((r) => ({
    quote: r.quote,
    party: { name: r.name, email: r.quote.contact_email ?? r.user_email, company: r.company } satisfies QuoteParty,
  }));
  return pageOf(listed, page.limit, (r) => [r.quote.created_at, r.quote.id]);
}

/** Who one quote is for (see QuoteParty). */
export async function partyOf(scope: Scope, quote: Quote): Promise<QuoteParty> {
  const [user] = quote.owner_user_id
    ? await scope.db
        .select({ name: users.name, email: users.email })
        .from(users)
        .where(ofTenant(scope, users, eq(users.id, quote.owner_user_id)))
    : [];
  const [company] = quote.customer_id
    ? await scope.db
        .select({ name: customers.name })
        .from(customers)
        .where(ofTenant(scope, customers, eq(customers.id, quote.customer_id)))
    : [];
  return { name: user?.name ?? null, email: quote.contact_email ?? user?.email ?? null, company: company?.name ?? null };
}

/** Quotes with an item waiting for this model's analysis. */
export const quotesWaitingFor = (scope: Scope, modelId: string) =>
  scope.db
    .selectDistinct({ quote_id: quoteItems.quote_id })
    .from(quoteItems)
    .where(ofTenant(scope, quoteItems, eq(quoteItems.model_id, modelId), eq(quoteItems.status, "pending")));

export const updateQuote = (scope: Scope, id: string, set: Partial<typeof quotes.$inferInsert>) =>
  scope.db
    .update(quotes)
    .set({ ...set, updated_at: Date.now() })
    .where(ofTenant(scope, quotes, eq(quotes.id, id)));

/** The quote `id` while it is in one of `from` (and at `revision`, when given). */
const inState = (scope: Scope, id: string, from: readonly QuoteStatus[], revision?: number) =>
  ofTenant(scope, quotes, eq(quotes.id, id), inArray(quotes.status, [...from]), revision === undefined ? undefined : eq(quotes.revision, revision));

/**
 * A status change that only happens from one of `from` (and, given `revision`, only to that revision: a
 * decision is on the figures the customer saw): returns false when the quote moved meanwhile.
 */
export async function transitionQuote(scope: Scope, id: string, from: readonly QuoteStatus[], set: Partial<typeof quotes.$inferInsert>, revision?: number) {
  const rows = await scope.db
    .update(quotes)
    .set({ ...set, updated_at: Date.now() })
    .where(inState(scope, id, from, revision))
    .returning({ id: quotes.id });
  return rows.length === 1;
}

/** `transitionQuote` as a statement for a caller's batch: changes nothing when the quote has moved meanwhile. */
export const transitionQuoteStatement = (scope: Scope, id: string, from: readonly QuoteStatus[], set: Partial<typeof quotes.$inferInsert>, revision?: number) =>
  scope.db
    .update(quotes)
    .set({ ...set, updated_at: Date.now() })
    .where(inState(scope, id, from, revision));

export const updateItemStatement = (scope: Scope, id: string, set: Partial<typeof quoteItems.$inferInsert>) =>
  scope.db
    .update(quoteItems)
    .set(set)
    .where(ofTenant(scope, quoteItems, eq(quoteItems.id, id)));

export const updateQuoteStatement = (scope: Scope, id: string, set: Partial<typeof quotes.$inferInsert>) =>
  scope.db
    .update(quotes)
    .set({ ...set, updated_at: Date.now() })
    .where(ofTenant(scope, quotes, eq(quotes.id, id)));

export const deleteItemsStatement = (scope: Scope, quoteId: string) =>
  scope.db.delete(quoteItems).where(ofTenant(scope, quoteItems, eq(quoteItems.quote_id, quoteId)));

export const insertItemsStatements = (scope: Scope, quoteId: string, items: NewQuoteItem[]) =>
  items.map((item, position) => scope.db.insert(quoteItems).values({ ...item, tenant_id: scope.tenantId, quote_id: quoteId, position }));

export const insertRevisionStatement = (scope: Scope, quoteId: string, revision: number, snapshot: Record<string, unknown>, reason: string | null) =>
  scope.db.insert(quoteRevisions).values({ id: crypto.randomUUID(), tenant_id: scope.tenantId, quote_id: quoteId, revision, snapshot, reason });

/** The column a stale revision guard leaves NULL, failing its batch (isNotNullViolation). */
export const STALE_REVISION = "quote_revisions.snapshot";

/**
 * insertRevisionStatement that fails its whole batch (NOT NULL on the snapshot) unless the quote is, at
 * that point of the batch, still at `revision` and in one of `statuses`: for a change made on the figures
 * read, which a decision or another revision taken meanwhile must not be overwritten by.
 */
export const guardedRevisionStatement = (
  scope: Scope,
  quoteId: string,
  revision: number,
  snapshot: Record<string, unknown>,
  reason: string | null,
  statuses: readonly QuoteStatus[],
) =>
  scope.db.insert(quoteRevisions).values({
    id: crypto.randomUUID(),
    tenant_id: scope.tenantId,
    quote_id: quoteId,
    revision,
    reason,
    snapshot: sql`(select ${JSON.stringify(snapshot)} where exists (select 1 from ${quotes} where ${inState(scope, quoteId, statuses, revision)}))`,
  });

export const revisionsOf = (scope: Scope, quoteId: string) =>
  scope.db
    .select({ revision: quoteRevisions.revision, reason: quoteRevisions.reason, created_at: quoteRevisions.created_at, snapshot: quoteRevisions.snapshot })
    .from(quoteRevisions)
    .where(ofTenant(scope, quoteRevisions, eq(quoteRevisions.quote_id, quoteId)))
    .orderBy(asc(quoteRevisions.revision));

/**
 * Appends an item to a quote, last, only while the quote is open to changes
 * (draft, pricing, or priced and not expired) — checked in the same statement,
 * so a quote sent meanwhile never gains an item. Returns false when it was not open.
 */
export async function appendItemIfOpen(scope: Scope, quoteId: string, item: NewQuoteItem, now = Date.now()): Promise<boolean> {
  const result = await scope.db.run(sql`
    INSERT INTO ${quoteItems} (id, tenant_id, quote_id, position, model_id, configuration_id, options, preview_total, status)
    SELECT ${item.id}, ${scope.tenantId}, ${quoteId},
      (SELECT coalesce(max(position), -1) + 1 FROM ${quoteItems} WHERE ${ofTenant(scope, quoteItems, eq(quoteItems.quote_id, quoteId))}),
      ${item.model_id ?? null}, ${item.configuration_id ?? null}, ${JSON.stringify(item.options)}, ${item.preview_total ?? null}, ${item.status}
    WHERE EXISTS (
      SELECT 1 FROM ${quotes} WHERE ${ofTenant(scope, quotes, eq(quotes.id, quoteId))}
        AND status IN ('draft', 'pricing', 'priced')
        AND NOT (status = 'priced' AND valid_until IS NOT NULL AND valid_until <= ${now})
    )`);
  return result.meta.changes === 1;
}
