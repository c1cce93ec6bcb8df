import { queueTechnicalPackage } from "../technical-package/build.ts";
import { z } from "@hono/zod-openapi";
import { defineRoute } from "./route.ts";
import type { BatchItem } from "drizzle-orm/batch";
import type { Context } from "hono";
import { SYSTEM, type Viewer } from "../db/viewer.ts";
import { createRouter } from "./router.ts";
import type { TenantEnv } from "./context.ts";
import { envelope, errorResponses, listEnvelope, ok, okList } from "./envelope.ts";
import { ApiError, notFound, unprocessable } from "./errors.ts";
import { Email, Id, IdParam, ListQuery } from "./schemas.ts";
import { PriceOptionsFields } from "./pricing-schemas.ts";
import { Quote as QuoteSchema, QuoteWithRevisions, type QuoteItem as QuoteItemView } from "./schemas/quote.ts";
import { viewerOf } from "./models.ts";
import type { Principal } from "../auth/principal.ts";
import { audit } from "../db/audit.ts";
import { findProject } from "../db/projects.ts";
import type { Scope } from "../db/scope.ts";
import { projectViewerOf } from "../portal/projects.ts";
import {
  appendItemIfOpen,
  deleteItemsStatement,
  findQuote,
  insertItemsStatements,
  itemsOfQuotes,
  listQuotes,
  partyOf,
  quoteItemsOf,
  revisionsOf,
  transitionQuote,
  updateQuoteStatement,
  type Quote,
} from "../db/quotes.ts";
import { QUOTE_STATUSES } from "../db/schema/index.ts";
import { isUniqueViolation } from "../db/scope.ts";
import { writeOnce } from "../middleware/idempotency.ts";
import { tenantOf, scopeOf } from "../middleware/tenant.ts";
import { bookVersion, publishedBook } from "../pricing/books.ts";
import { createQuote, validUntil } from "../quotes/create.ts";
import { notify } from "../notifications/notify.ts";
import { acceptQuote, announceQuoteChange, rejectRefusal, rejectStatement, statusRefusal, type Refusal } from "../quotes/decide.ts";
import { prepareItem, prepareItems } from "../quotes/items.ts";
import { reviseRefusal, reviseStatements } from "../quotes/revise.ts";
import { editedItems } from "../quotes/edits.ts";
import { changesBetween } from "../quotes/changes.ts";
import { effectiveStatus } from "../db/quote-status.ts";
import { presentQuote } from "../quotes/present.ts";
import { itemViews } from "../quotes/item-views.ts";
import { requireOwnSocketOrigin } from "../auth/socket-origin.ts";
import { can } from "../middleware/auth.ts";
import { isStaff } from "../auth/permissions.ts";
import { sendRefusal } from "../quotes/blocked.ts";
import type { ManualPriceOutcome } from "../quotes/manual-price.ts";
import type { DiscountOutcome } from "../quotes/discount.ts";
import { renderQuotePdf } from "../quotes/pdf.ts";
import { quoteCoordinator } from "../../durable-objects/stubs.ts";
import { claimGuestSession, linkGuestSessionStatement, unlinkQuoteSessionsStatement } from "../db/guest-links.ts";
import { guestSessionHash } from "../auth/guest.ts";
import { sharesWith, shareToken, shareUrl, validShareToken } from "../quotes/share.ts";

const PartItem = z.strictObject({
  model_id: Id,
  ...PriceOptionsFields,
  preview_total: z.number().int().nonnegative().optional().openapi({ description: "The total the browser showed (minor units)" }),
});
const ConfiguredItem = z.strictObject({
  configuration_id: Id,
  quantity: PriceOptionsFields.quantity,
  lead_time: PriceOptionsFields.lead_time,
});
const ItemInput = z.union([PartItem, ConfiguredItem]);
const Items = z.array(ItemInput).min(1, "add at least one part").max(50);

const CreateQuote = z
  .strictObject({
    items: Items,
    title: z.string().trim().max(200).optional(),
    notes: z.string().max(4000).optional(),
    contact_email: Email.optional().openapi({ description: "Required for guests" }),
    project_id: Id.optional().openapi({ description: "A project of the caller's company (a quote the shop makes in a project is for the project's company)" }),
  })
  .openapi("CreateQuote");

const PatchQuote = z
  .strictObject({
    items: Items.optional(),
    title: z.string().trim().max(200).nullable().optional(),
    notes: z.string().max(4000).nullable().optional(),
    contact_email: Email.optional(),
    project_id: Id.nullable().optional().openapi({ description: "Put the quote in a project of its company (null: take it out)" }),
  })
  .openapi("PatchQuote");

const ItemEdit = z
  .strictObject({
    item_id: Id,
    quantity: PriceOptionsFields.quantity.optional(),
    material: PriceOptionsFields.material.optional().openapi({ description: "Parts only" }),
    finish: PriceOptionsFields.material.nullable().optional().openapi({ description: "Parts only; null for none" }),
    lead_time: PriceOptionsFields.material.nullable().optional().openapi({ description: "null for the standard lead time" }),
    configuration_id: Id.optional().openapi({
      description: "Configured products only: another of the caller's saved configurations, put in this item's place (its quantity and lead time kept)",
    }),
  })
  .openapi("QuoteItemEdit");

const Revise = z
  .strictObject({
    reason: z.string().max(2000).optional(),
    changes: z.array(ItemEdit).max(50).optional().openapi({ description: "Changed choices of items, by item id" }),
    remove: z.array(Id).max(50).optional().openapi({ description: "Ids of items to leave out" }),
    add: z.array(ItemInput).max(50).optional().openapi({ description: "Parts or configured products to add" }),
  })
  .openapi("ReviseQuote");

const ManualPrice = z
  .strictObject({
    unit_price: z
      .number()
      .int("must be a whole number of minor units (cents)")
      .min(0)
      .max(10_000_000_000)
      .openapi({ description: "Per unit, in integer minor units of the quote's currency (as every amount of the API)", example: 4250 }),
    lead_time_days: z.number().int("must be a whole number of working days").min(1).max(365).openapi({ description: "Working days after acceptance" }),
    reason: z
      .string()
      .trim()
      .min(1, "say why, for the shop's audit log")
      .max(2000)
      .openapi({ description: "For the shop's audit log; never shown to the customer" }),
    customer_note: z.string().trim().max(2000).optional().openapi({ description: "Shown to the customer next to the price" }),
  })
  .openapi("ManualPrice");

const Discount = z
  .strictObject({
    percent: z.number().optional().openapi({ description: "Per cent off, more than 0 and at most 100 (two decimals at most); or give `amount`", example: 10 }),
    amount: z
      .number()
      .optional()
      .openapi({ description: "A fixed amount off, in integer minor units of the quote's currency; or give `percent`", example: 2500 }),
    reason: z
      .string()
      .trim()
      .min(1, "say why, for the shop's audit log")
      .max(2000)
      .openapi({ description: "For the shop's audit log; never shown to the customer" }),
    customer_note: z.string().trim().max(2000).optional().openapi({ description: "Shown to the customer next to the discount" }),
    dry_run: z.boolean().optional().openapi({ description: "Answer what the quote would be, with the floor warnings, and write nothing" }),
  })
  .openapi("Discount");

const ItemParams = z.object({ id: Id.openapi({ param: { name: "id", in: "path" } }), itemId: Id.openapi({ param: { name: "itemId", in: "path" } }) });

const QuoteListQuery = ListQuery.extend({
  status: z.enum(QUOTE_STATUSES).optional(),
  needs_review: z
    .enum(["true", "false"])
    .transform((v) => v === "true")
    .optional()
    .openapi({ type: "string", enum: ["true", "false"], description: "true: quotes held for the shop's review (blocked items, review rules), oldest first" }),
  q: z.string().trim().min(1).max(200).optional().openapi({ description: "Search: quote number, customer e-mail or name, company" }),
  configuration_id: Id.optional().openapi({ description: "Only quotes with an item of this configured product (the configurator finds its quote)" }),
});

const ManualPriced = QuoteSchema.extend({
  released: z.boolean().openapi({ description: "True when this price released the quote to the customer" }),
  warnings: z.array(z.object({ code: z.string(), message: z.string() })),
}).openapi("ManualPricedQuote");

const Discounted = QuoteSchema.extend({
  revised: z.boolean().openapi({ description: "True when the quote had been sent: the discount made a new revision (the old one is in the history)" }),
  dry_run: z.boolean(),
  warnings: z.array(z.object({ code: z.string(), field: z.string(), message: z.string() })).openapi({
    description: "AT_OR_BELOW_COST when the line or the quote sells at or below what it costs the shop; COST_UNKNOWN when that cannot be told",
  }),
}).openapi("DiscountedQuote");

const ShareLink = z
  .object({
    quote_id: Id,
    share_url: z.string().nullable().openapi({ description: "The caller's new link when it is the guest who saved the quote; null for anyone else" }),
  })
  .openapi("QuoteShareLink");

/** The share link of the quote for this viewer: only the guest who saved it with an e-mail gets one. */
const shareUrlFor = async (c: Context<TenantEnv>, quote: Quote, viewer: Viewer) =>
  sharesWith(quote, viewer) ? shareUrl(new URL(c.req.url).origin, quote.id, await shareToken(c.env, scopeOf(c).tenantId, quote)) : null;

const linkRefused = () =>
  new ApiError("FORBIDDEN", "This link to the quote is no longer valid. Ask for a new one, or sign in if the quote was saved to an account.", [
    { field: "token", message: "is not this quote's current link" },
  ]);

const quoteResponse = (description: string) => ({ description, content: { "application/json": { schema: envelope(QuoteSchema) } } });
const discountedResponse = (description: string) => ({ description, content: { "application/json": { schema: envelope(Discounted) } } });
const json = <T extends z.ZodType>(schema: T, required = true) => ({ content: { "application/json": { schema } }, required });

async function quoteViewer(c: Context<TenantEnv>, create = false): Promise<Viewer> {
  const viewer = await viewerOf(c, create);
  if (!viewer) throw new ApiError("UNAUTHORIZED", "Sign in to see quotes");
  return viewer;
}

/** The quote the caller may see, or 404 — another tenant's or company's quote looks exactly like none. */
async function visibleQuote(c: Context<TenantEnv>, id: string): Promise<Quote> {
  const quote = await findQuote(scopeOf(c), id, await quoteViewer(c));
  if (!quote) throw notFound("Quote");
  return quote;
}

/** Answers with a quote the handler has just checked (or made) for the caller. */
const respond = async <S extends 200 | 201 = 200>(c: Context<TenantEnv>, id: string, status?: S) => {
  const scope = scopeOf(c);
  const quote = (await findQuote(scope, id, SYSTEM))!;
  return ok(c, presentQuote(quote, await quoteItemsOf(scope, id)), status);
};

/** The project a quote is put in: one the caller may see (else 404, like any other id). */
async function projectForQuote(scope: Scope, principal: Principal | null, id: string) {
  const viewer = principal && projectViewerOf(principal);
  const project = viewer && (await findProject(scope, id, viewer));
  if (!project) throw notFound("Project");
  return project;
}

const otherCompany = (projectId: string) => unprocessable("project_id", "This project belongs to another company than the quote", projectId);

const refused = (r: Refusal) => new ApiError(r.code, r.message, [r.detail]);
const conflict = (q: Quote, action: string) => refused(statusRefusal(q, action));

const routes = {
  create: defineRoute({
    permission: "quotes:write",
    guest: true,
    method: "post",
    path: "/",
    tags: ["Quotes"],
    summary: "Create a quote from analysed (or still analysing) parts; numbers Q-YYYY-NNNN",
    request: { body: json(CreateQuote) },
    responses: { 201: quoteResponse("Created"), ...errorResponses(400, 401, 403, 404, 409, 413, 415, 422) },
  }),
  list: defineRoute({
    permission: "quotes:read",
    guest: true,
    method: "get",
    path: "/",
    tags: ["Quotes"],
    summary: "Quotes the caller may see, newest first (the review queue oldest first), each with who it is for",
    request: { query: QuoteListQuery },
    responses: { 200: { description: "Quotes", content: { "application/json": { schema: listEnvelope(QuoteSchema) } } }, ...errorResponses(400, 401, 404) },
  }),
  get: defineRoute({
    permission: "quotes:read",
    guest: true,
    method: "get",
    path: "/{id}",
    tags: ["Quotes"],
    summary: "A quote with its items, prices, DFM and revision history",
    request: { params: IdParam },
    responses: { 200: { description: "Quote", content: { "application/json": { schema: envelope(QuoteWithRevisions) } } }, ...errorResponses(401, 404) },
  }),
  patch: defineRoute({
    permission: "quotes:write",
    guest: true,
    method: "patch",
    path: "/{id}",
    tags: ["Quotes"],
    summary: "Change an open quote's items or details (re-priced with the quote's own price-book version)",
    request: { params: IdParam, body: json(PatchQuote) },
    responses: { 200: quoteResponse("Updated"), ...errorResponses(400, 401, 403, 404, 409, 413, 415, 422) },
  }),
  send: defineRoute({
    permission: "quotes:send",
    method: "post",
    path: "/{id}/send",
    tags: ["Quotes"],
    summary: "The shop sends a priced quote (this also releases a quote held for review); 422 while an item has no price",
    request: { params: IdParam },
    responses: { 200: quoteResponse("Sent"), ...errorResponses(401, 403, 404, 409, 422) },
  }),
  manualPrice: defineRoute({
    permission: "quotes:send",
    method: "post",
    path: "/{id}/items/{itemId}/manual-price",
    tags: ["Quotes"],
    summary:
      "The shop sets the price and lead time of an item of an open quote by hand (one that is blocked or a review rule holds, or any analysed one); below cost needs prices:override. A held quote is released (sent) once no item needs review.",
    request: { params: ItemParams, body: json(ManualPrice) },
    responses: {
      200: { description: "Priced by hand; `warnings` when at or below cost", content: { "application/json": { schema: envelope(ManualPriced) } } },
      ...errorResponses(400, 401, 403, 404, 409, 422),
    },
  }),
  itemDiscount: defineRoute({
    permission: "quotes:send",
    method: "post",
    path: "/{id}/items/{itemId}/discount",
    tags: ["Quotes"],
    summary:
      "The shop gives a priced line a discount (per cent or a fixed amount), replacing any it had; below what the line or the quote costs the shop needs prices:override. On a sent quote it makes a new revision; 409 once accepted.",
    request: { params: ItemParams, body: json(Discount) },
    responses: { 200: discountedResponse("Discounted; `warnings` when at or below cost"), ...errorResponses(400, 401, 403, 404, 409, 422) },
  }),
  removeItemDiscount: defineRoute({
    permission: "quotes:send",
    method: "delete",
    path: "/{id}/items/{itemId}/discount",
    tags: ["Quotes"],
    summary: "The shop takes a line's discount away (nothing to take away: the quote as it is)",
    request: { params: ItemParams },
    responses: { 200: discountedResponse("The quote without the line's discount"), ...errorResponses(401, 403, 404, 409, 422) },
  }),
  quoteDiscount: defineRoute({
    permission: "quotes:send",
    method: "post",
    path: "/{id}/discount",
    tags: ["Quotes"],
    summary:
      "The shop gives the whole quote a discount (per cent or a fixed amount, off its items and minimum-order top-up), replacing any it had; below what the quote costs the shop needs prices:override. On a sent quote it makes a new revision; 409 once accepted.",
    request: { params: IdParam, body: json(Discount) },
    responses: { 200: discountedResponse("Discounted; `warnings` when at or below cost"), ...errorResponses(400, 401, 403, 404, 409, 422) },
  }),
  removeQuoteDiscount: defineRoute({
    permission: "quotes:send",
    method: "delete",
    path: "/{id}/discount",
    tags: ["Quotes"],
    summary: "The shop takes the quote's discount away (nothing to take away: the quote as it is)",
    request: { params: IdParam },
    responses: { 200: discountedResponse("The quote without its discount"), ...errorResponses(401, 403, 404, 409, 422) },
  }),
  accept: defineRoute({
    permission: "quotes:write",
    guest: true,
    method: "post",
    path: "/{id}/accept",
    tags: ["Quotes"],
    summary: "The customer accepts a priced or sent quote",
    description:
      "With `revision`, the revision the customer read: when the shop has changed the quote since (a discount makes a new revision), 409 at `revision` and nothing is accepted.",
    request: {
      params: IdParam,
      body: json(
        z.strictObject({
          revision: z.number().int().min(1).optional().openapi({ description: "The revision the customer read (the quote's `revision`)" }),
        }),
        false,
      ),
    },
    responses: { 200: quoteResponse("Accepted"), ...errorResponses(401, 403, 404, 409, 422) },
  }),
  reject: defineRoute({
    permission: "quotes:write",
    guest: true,
    method: "post",
    path: "/{id}/reject",
    tags: ["Quotes"],
    summary: "Reject a priced or sent quote",
    request: { params: IdParam, body: json(z.strictObject({ reason: z.string().max(2000).optional() }), false) },
    responses: { 200: quoteResponse("Rejected"), ...errorResponses(400, 401, 403, 404, 409) },
  }),
  revise: defineRoute({
    permission: "quotes:write",
    guest: true,
    method: "post",
    path: "/{id}/revise",
    tags: ["Quotes"],
    summary:
      "Open a new revision priced on the current price book, with the caller's edits (quantities, material, finish, lead time, items removed or added); the old one is kept in the history and `changes` on GET says what differs. An expired quote revised without edits is requoted at today's prices. 409 once accepted.",
    request: { params: IdParam, body: json(Revise, false) },
    responses: { 200: quoteResponse("Revised"), ...errorResponses(400, 401, 403, 404, 409, 422) },
  }),
  pdf: defineRoute({
    permission: "quotes:read",
    guest: true,
    method: "get",
    path: "/{id}/pdf",
    tags: ["Quotes"],
    summary: "The quote as a PDF in the shop's branding",
    request: { params: IdParam },
    responses: {
      200: { description: "PDF", content: { "application/pdf": { schema: z.any().openapi({ type: "string", format: "binary" }) } } },
      ...errorResponses(401, 404),
    },
  }),
  addItem: defineRoute({
    permission: "quotes:write",
    guest: true,
    method: "post",
    path: "/{id}/items",
    tags: ["Quotes"],
    summary: "Add a part or a configured product to an open quote the caller owns (draft, pricing or priced); 409 once it is sent or decided",
    request: { params: IdParam, body: json(ItemInput.openapi("QuoteItemInput")) },
    responses: { 201: quoteResponse("Added; the quote is re-priced"), ...errorResponses(400, 401, 403, 404, 409, 413, 415, 422) },
  }),
  revokeShare: defineRoute({
    permission: "quotes:write",
    guest: true,
    method: "post",
    path: "/{id}/share-link/revoke",
    tags: ["Quotes"],
    summary: "End the guest's share link (and the browsers that opened it); the guest gets a new share_url",
    request: { params: IdParam },
    responses: { 200: { description: "Revoked", content: { "application/json": { schema: envelope(ShareLink) } } }, ...errorResponses(401, 403, 404) },
  }),
  openShare: defineRoute({
    permission: "quotes:read",
    guest: true,
    method: "post",
    path: "/{id}/share-link/open",
    tags: ["Quotes"],
    summary:
      "Open a guest's quote with its share link on this device: a guest browser acts as the guest who saved it, a signed-in customer takes it into the account; 403 for a changed or revoked link",
    request: { params: IdParam, body: json(z.strictObject({ token: z.string().min(1).max(200) })) },
    responses: { 200: { description: "Opened", content: { "application/json": { schema: envelope(ShareLink) } } }, ...errorResponses(400, 401, 403, 404) },
  }),
  live: defineRoute({
    permission: "quotes:read",
    guest: true,
    method: "get",
    path: "/{id}/live",
    tags: ["Quotes"],
    summary: "Live status over a WebSocket held by the quote's coordinator (polling GET /quotes/{id} is the fallback)",
    request: { params: IdParam },
    responses: { 101: { description: "Switching to WebSocket" }, ...errorResponses(400, 401, 403, 404) },
  }),
};

export const quotesRouter = createRouter()
  .openapi(routes.create, async (c) => {
    const tenant = tenantOf(c);
    const scope = scopeOf(c);
    const body = c.req.valid("json");
    const principal = c.get("principal");
    if (!principal && !body.contact_email)
      throw new ApiError("VALIDATION_ERROR", "Guests leave an e-mail with their quote", [{ field: "contact_email", message: "is required for guests" }]);
    const viewer = await quoteViewer(c, true);
    const project = body.project_id === undefined ? undefined : await projectForQuote(scope, principal, body.project_id);
    const customerId = viewer.kind === "customer" ? viewer.customerId : (project?.customer_id ?? null);
    if (project && project.customer_id !== customerId) throw otherCompany(project.id);
    const { row, book } = await publishedBook(scope);
    const items = await prepareItems(scope, viewer, book, body.items);
    // A retry of a request whose answer failed after the quote was written (a 503 as the shop began moving
    // shards) finds that quote: it is priced and answered, not made twice.
    const { id } = await writeOnce(c.get("retryId"), "quotes.id", (id) =>
      createQuote(
        scope,
        { row, book },
        tenant.settings.quote_validity_days,
        {
          id,
          customer_id: customerId,
          project_id: project?.id ?? null,
          owner_user_id: principal?.userId ?? null,
          guest_session_hash: viewer.kind === "guest" ? viewer.sessionHash : null,
          contact_email: body.contact_email ?? (principal?.kind === "user" ? principal.email : null),
          title: body.title ?? null,
          notes: body.notes ?? null,
        },
        items,
      ),
    );
    await quoteCoordinator(c.env, scopeOf(c), id).reprice(tenant.id, id);
    return respond(c, id, 201);
  })
  .openapi(routes.list, async (c) => {
    const { limit, cursor, status, needs_review, q, configuration_id } = c.req.valid("query");
    const scope = scopeOf(c);
    // The review queue is worked oldest first; every other list shows the newest first.
    const page = { limit, cursor, order: needs_review === true ? ("oldest" as const) : ("newest" as const) };
    const { data: rows, pagination } = await listQuotes(scope, await quoteViewer(c), page, {
      status,
      needsReview: needs_review,
      q,
      configurationId: configuration_id,
    });
    const items = await itemsOfQuotes(
      scope,
      rows.map((r) => r.quote.id),
    );
    return okList(
      c,
      rows.map((r) => ({ ...presentQuote(r.quote, items.get(r.quote.id)!), customer: r.party })),
      pagination,
    );
  })
  .openapi(routes.get, async (c) => {
    const quote = await visibleQuote(c, c.req.valid("param").id);
    const scope = scopeOf(c);
    const revisions = await revisionsOf(scope, quote.id);
    const presented = presentQuote(quote, await quoteItemsOf(scope, quote.id));
    const previous = revisions.at(-1)?.snapshot as { items?: QuoteItemView[] } | undefined;
    return ok(c, {
      ...presented,
      changes: previous?.items ? changesBetween(previous.items, presented.items) : [],
      customer: await partyOf(scope, quote),
      revisions: revisions.map((r) => ({ revision: r.revision, reason: r.reason, snapshot: r.snapshot })),
      share_url: await shareUrlFor(c, quote, await quoteViewer(c)),
    });
  })
  .openapi(routes.patch, async (c) => {
    const quote = await visibleQuote(c, c.req.valid("param").id);
    if (!["draft", "pricing", "priced"].includes(effectiveStatus(quote))) throw conflict(quote, "changed; revise it instead");
    const scope = scopeOf(c);
    const body = c.req.valid("json");
    if (body.project_id) {
      const project = await projectForQuote(scope, c.get("principal"), body.project_id);
      if (project.customer_id !== quote.customer_id) throw otherCompany(project.id);
    }
    const statements = [];
    if (body.items) {
      const { book } = await bookVersion(scope, quote.price_book_version);
      const items = await prepareItems(scope, await quoteViewer(c), book, body.items);
      statements.push(deleteItemsStatement(scope, quote.id), ...insertItemsStatements(scope, quote.id, items));
    }
    const { items: _items, ...details } = body;
    statements.push(updateQuoteStatement(scope, quote.id, details));
    await scope.db.batch(statements as unknown as [BatchItem<"sqlite">, ...BatchItem<"sqlite">[]]);
    await quoteCoordinator(c.env, scope, quote.id).reprice(scope.tenantId, quote.id);
    return respond(c, quote.id);
  })
  .openapi(routes.send, async (c) => {
    const quote = await visibleQuote(c, c.req.valid("param").id);
    if (effectiveStatus(quote) !== "priced") throw conflict(quote, "sent");
    const unpriced = sendRefusal(await quoteItemsOf(scopeOf(c), quote.id));
    if (unpriced) throw refused(unpriced);
    const now = Date.now();
    const valid_until = validUntil(tenantOf(c).settings.quote_validity_days, now);
    if (!(await transitionQuote(scopeOf(c), quote.id, ["priced"], { status: "sent", sent_at: now, valid_until }))) throw conflict(quote, "sent");
    await afterTransition(c, quote.id, "sent");
    await notify(c.env, scopeOf(c), { type: "quote.sent", quote_id: quote.id, revision: quote.revision });
    // Sent with configured products: its technical package is (re)built in the background; identical inputs reuse the files.
    if ((await quoteItemsOf(scopeOf(c), quote.id)).some((i) => i.configuration_id)) await queueTechnicalPackage(c.env, scopeOf(c), quote.id);
    return respond(c, quote.id);
  })
  .openapi(routes.manualPrice, async (c) => {
    const { id, itemId } = c.req.valid("param");
    const quote = await visibleQuote(c, id);
    const principal = c.get("principal")!;
    const outcome = (await quoteCoordinator(c.env, scopeOf(c), quote.id).priceByHand(tenantOf(c).id, quote.id, itemId, c.req.valid("json"), {
      actor_type: principal.kind,
      actor_id: principal.userId,
      request_id: c.get("requestId"),
      may_sell_below_cost: can(principal, "prices:override"),
      valid_until: validUntil(tenantOf(c).settings.quote_validity_days, Date.now()),
    })) as unknown as ManualPriceOutcome;
    if (!outcome.ok) throw new ApiError(outcome.code, outcome.message, [outcome.detail]);
    const scope = scopeOf(c);
    const fresh = (await findQuote(scope, quote.id, SYSTEM))!;
    // The review released the held quote: it is sent to its customer now.
    if (outcome.released) await notify(c.env, scope, { type: "quote.sent", quote_id: quote.id, revision: fresh.revision });
    return ok(c, { ...presentQuote(fresh, await quoteItemsOf(scope, quote.id)), released: outcome.released, warnings: outcome.warnings });
  })
  .openapi(routes.itemDiscount, async (c) => {
    const { id, itemId } = c.req.valid("param");
    return discount(c, id, itemId, c.req.valid("json"));
  })
  .openapi(routes.removeItemDiscount, async (c) => {
    const { id, itemId } = c.req.valid("param");
    return discount(c, id, itemId, null);
  })
  .openapi(routes.quoteDiscount, async (c) => discount(c, c.req.valid("param").id, null, c.req.valid("json")))
  .openapi(routes.removeQuoteDiscount, async (c) => discount(c, c.req.valid("param").id, null, null))
  .openapi(routes.accept, async (c) => {
    const quote = await visibleQuote(c, c.req.valid("param").id);
    const { revision } = c.req.valid("json");
    if (revision !== undefined && revision !== quote.revision)
      throw new ApiError("CONFLICT", "The shop changed this quote since you read it: look at the new figures and accept again", [
        { field: "revision", message: `is now ${quote.revision}`, value: revision },
      ]);
    const refusal = await acceptQuote(scopeOf(c), quote);
    if (refusal) throw refused(refusal);
    await afterTransition(c, quote.id, "accepted");
    return respond(c, quote.id);
  })
  .openapi(routes.reject, async (c) => {
    const quote = await visibleQuote(c, c.req.valid("param").id);
    const refusal = rejectRefusal(quote);
    if (refusal) throw refused(refusal);
    const [rejected] = await scopeOf(c).db.batch([rejectStatement(scopeOf(c), quote.id)]);
    if (rejected.meta.changes === 0) throw conflict(quote, "rejected");
    await afterTransition(c, quote.id, "rejected", { reason: c.req.valid("json").reason ?? null });
    return respond(c, quote.id);
  })
  .openapi(routes.revise, async (c) => {
    const quote = await visibleQuote(c, c.req.valid("param").id);
    const refusal = reviseRefusal(quote);
    if (refusal) throw refused(refusal);
    const scope = scopeOf(c);
    const items = await quoteItemsOf(scope, quote.id);
    const { row, book } = await publishedBook(scope);
    const { reason: given, ...edits } = c.req.valid("json") ?? {};
    const reason = given ?? null;
    const next = await editedItems(scope, await quoteViewer(c), book, items, edits);
    try {
      await scope.db.batch(
        reviseStatements(scope, {
          quote,
          items,
          next,
          priceBookVersion: row.version,
          validityDays: tenantOf(c).settings.quote_validity_days,
          reason,
        }),
      );
    } catch (e) {
      // The revision's snapshot is unique per (quote, revision): a concurrent revise got there first.
      if (isUniqueViolation(e))
        throw new ApiError("CONFLICT", "This quote was revised meanwhile; reload it and try again", [
          { field: "revision", message: "changed meanwhile", value: quote.revision },
        ]);
      throw e;
    }
    await quoteCoordinator(c.env, scope, quote.id).reprice(scope.tenantId, quote.id);
    await audit(scope, {
      actor_type: c.get("principal")?.kind ?? "guest",
      actor_id: c.get("principal")?.userId ?? null,
      action: "quote.revised",
      target_type: "quote",
      target_id: quote.id,
      data: { from_revision: quote.revision, reason },
      request_id: c.get("requestId"),
    });
    return respond(c, quote.id);
  })
  .openapi(routes.pdf, async (c) => {
    const quote = await visibleQuote(c, c.req.valid("param").id);
    const scope = scopeOf(c);
    const items = await quoteItemsOf(scope, quote.id);
    const pdf = await renderQuotePdf(
      c.env.FILES,
      tenantOf(c),
      presentQuote(quote, items),
      await itemViews(scope, c.env.FILES, items, quote.price_book_version),
    );
    return c.body(pdf as Uint8Array<ArrayBuffer>, 200, { "content-type": "application/pdf", "content-disposition": `inline; filename="${quote.number}.pdf"` });
  })
  .openapi(routes.addItem, async (c) => {
    const quote = await visibleQuote(c, c.req.valid("param").id);
    const open = () =>
      refused({ ...statusRefusal(quote, "added to"), message: `Quote ${quote.number} is ${effectiveStatus(quote)}: start a new quote, or ask for a revision` });
    if (!["draft", "pricing", "priced"].includes(effectiveStatus(quote))) throw open();
    const scope = scopeOf(c);
    const { book } = await bookVersion(scope, quote.price_book_version);
    const item = await prepareItem(scope, await quoteViewer(c), book, c.req.valid("json"));
    // Sent meanwhile: the guarded insert adds nothing. A retry after a failed answer meets the item its first
    // attempt added (the request's retry id, decision 76): it is re-priced and answered, not added twice.
    const { written } = await writeOnce(c.get("retryId"), "quote_items.id", (id) => appendItemIfOpen(scope, quote.id, { ...item, id }));
    if (written === false) throw open();
    await quoteCoordinator(c.env, scope, quote.id).reprice(scope.tenantId, quote.id);
    return respond(c, quote.id, 201);
  })
  .openapi(routes.revokeShare, async (c) => {
    const quote = await visibleQuote(c, c.req.valid("param").id);
    const scope = scopeOf(c);
    const own = c.get("principal") ? null : await guestSessionHash(c, false);
    await scope.db.batch([
      updateQuoteStatement(scope, quote.id, { share_version: quote.share_version + 1 }),
      unlinkQuoteSessionsStatement(scope, quote.id, own),
    ]);
    await audit(scope, {
      actor_type: c.get("principal")?.kind ?? "guest",
      actor_id: c.get("principal")?.userId ?? null,
      action: "quote.share_link_revoked",
      target_type: "quote",
      target_id: quote.id,
      data: { share_version: quote.share_version },
      request_id: c.get("requestId"),
    });
    const fresh = (await findQuote(scope, quote.id, SYSTEM))!;
    return ok(c, { quote_id: quote.id, share_url: await shareUrlFor(c, fresh, await quoteViewer(c)) });
  })
  .openapi(routes.openShare, async (c) => {
    const scope = scopeOf(c);
    // Any quote of this shop: the signed link, not the caller, says who may open it.
    const quote = await findQuote(scope, c.req.valid("param").id, SYSTEM);
    if (!quote) throw notFound("Quote");
    if (!quote.guest_session_hash || !(await validShareToken(c.env, scope.tenantId, quote, c.req.valid("json").token))) throw linkRefused();
    const principal = c.get("principal");
    if (principal) {
      // Signing in later takes the guest's quote along, as signing in on the guest's own browser does.
      if (principal.kind === "user" && !isStaff(principal.role))
        await claimGuestSession(scope, quote.guest_session_hash, principal.userId, principal.customerId);
      return ok(c, { quote_id: quote.id, share_url: null });
    }
    if (!tenantOf(c).settings.guest_quoting) throw new ApiError("UNAUTHORIZED", "Sign in to see this quote");
    const own = (await guestSessionHash(c, true))!;
    if (own !== quote.guest_session_hash) await scope.db.batch([linkGuestSessionStatement(scope, own, quote.guest_session_hash, quote.id)]);
    return ok(c, { quote_id: quote.id, share_url: await shareUrlFor(c, quote, { kind: "guest", sessionHash: quote.guest_session_hash }) });
  })
  .openapi(routes.live, async (c) => {
    if (c.req.header("upgrade")?.toLowerCase() !== "websocket")
      throw new ApiError("INVALID_REQUEST", "This endpoint speaks WebSocket", [{ field: "Upgrade", message: "must be websocket" }]);
    requireOwnSocketOrigin(c);
    const quote = await visibleQuote(c, c.req.valid("param").id);
    return (await quoteCoordinator(c.env, scopeOf(c), quote.id).fetch(c.req.raw)) as never;
  });

/** Gives (body) or takes away (null) a discount on a line or the whole quote, through the quote's coordinator. */
async function discount(c: Context<TenantEnv>, id: string, itemId: string | null, body: z.infer<typeof Discount> | null) {
  const quote = await visibleQuote(c, id);
  const principal = c.get("principal")!;
  const outcome = (await quoteCoordinator(c.env, scopeOf(c), quote.id).discount(
    tenantOf(c).id,
    quote.id,
    {
      itemId,
      set: body && { ...discountOf(body), customer_note: body.customer_note || null },
      reason: body?.reason ?? null,
      dry_run: body?.dry_run ?? false,
    },
    { actor_type: principal.kind, actor_id: principal.userId, request_id: c.get("requestId"), may_sell_below_cost: can(principal, "prices:override") },
  )) as unknown as DiscountOutcome;
  if (!outcome.ok) throw new ApiError(outcome.code, outcome.message, [outcome.detail]);
  return ok(c, {
    ...presentQuote(outcome.quote, outcome.items),
    revised: outcome.revised,
    dry_run: body?.dry_run ?? false,
    warnings: outcome.warnings,
  });
}

/** Exactly one of a percentage (0 < p ≤ 100, two decimals at most) or a whole amount of minor units above nothing; else 422 at the field. */
function discountOf(body: { percent?: number; amount?: number }): { percent: number | null; amount: number | null } {
  const { percent, amount } = body;
  if (percent !== undefined && amount !== undefined) throw unprocessable("amount", "Give the discount as a percentage or as an amount, not both", amount);
  if (percent !== undefined) {
    if (percent <= 0) throw unprocessable("percent", "A discount is more than 0 %", percent);
    if (percent > 100) throw unprocessable("percent", "A discount is at most 100 %", percent);
    if (Math.round(percent * 100) !== percent * 100 && Math.abs(Math.round(percent * 100) - percent * 100) > 1e-9)
      throw unprocessable("percent", "Give the percentage with two decimals at most", percent);
    return { percent, amount: null };
  }
  if (amount !== undefined) {
    if (!Number.isInteger(amount)) throw unprocessable("amount", "Give the amount as a whole number of minor units (cents)", amount);
    if (amount <= 0) throw unprocessable("amount", "A discount is more than nothing", amount);
    return { percent: null, amount };
  }
  throw unprocessable("percent", "Give the discount as a percentage (percent) or as an amount (amount)");
}

/** Pushes the committed change to the quote's open pages and the audit log, as the caller. */
export function afterTransition(c: Context<TenantEnv>, quoteId: string, status: string, data: Record<string, unknown> = {}) {
  const principal = c.get("principal");
  return announceQuoteChange(c.env, scopeOf(c), quoteId, status, {
    actor_type: principal?.kind ?? "guest",
    actor_id: principal?.userId ?? null,
    data,
    request_id: c.get("requestId"),
  });
}
