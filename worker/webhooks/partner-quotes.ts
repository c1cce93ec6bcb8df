import type { BatchItem } from "drizzle-orm/batch";
import { isEngineError } from "../../engine/errors.ts";
import { canonicalJson } from "../../engine/products/canonical.ts";
import { sha256Hex } from "../auth/tokens.ts";
import { findOrderOfQuote, type Order } from "../db/orders.ts";
import { derivedId } from "../db/derived-id.ts";
import {
  findPartnerRecord,
  findPartnerRecordWithQuote,
  insertPartnerRecordStatement,
  reviseStatement,
  updatePartnerRecordStatement,
} from "../db/partner-records.ts";
import { findConfiguration, findProduct, findProductByRef, insertConfigurationStatement, productSchema, type Product } from "../db/products.ts";
import { findQuote, quoteItemsOf, type Quote } from "../db/quotes.ts";
import { isUniqueViolation, type Scope } from "../db/scope.ts";
import { findTenantOf } from "../db/tenants.ts";
import type { Env } from "../env.ts";
import { publishedBook } from "../pricing/books.ts";
import { engineer } from "../products/engineering.ts";
import { queueCuttingList } from "../orders/queue-cutting-list.ts";
import { PriceOptionsFields } from "../api/pricing-schemas.ts";
import { PermanentError } from "../queues/index.ts";
import { createQuote } from "../quotes/create.ts";
import { acceptQuote, announceQuoteChange, rejectRefusal, rejectStatement } from "../quotes/decide.ts";
import { configuredItem } from "../quotes/items.ts";
import { awaitingPaymentStatements, payableAmount, purchaseOrderStatements } from "../quotes/order.ts";
import { reviseRefusal, reviseStatements } from "../quotes/revise.ts";
import { effect, InvalidPayload, keyOf, NotYetKnown, requireRecord, type Effect, type HandlerContext } from "./handler-context.ts";
import { SYSTEM } from "../db/viewer.ts";
import { quoteCoordinator } from "../../durable-objects/stubs.ts";

/**
 * A sales hub's quote events acting on real Fabquote quotes. A request that
 * names one of the shop's products with a valid configuration opens a quote
 * linked to the partner's record (partner_records.quote_id); approvals,
 * rejections and updates of that record then accept (and order), reject or
 * revise it by the same rules as the API. Requests for things we do not
 * configure are only recorded.
 *
 * Opening and revising a quote, and accepting one, each commit in their own
 * batch before the event's marker: numbering needs insertQuote's batch,
 * pricing reads the committed rows, and an acceptance must be guarded on its
 * own. Each of those steps is idempotent, so a retry after a crash between
 * them and the marker finishes the job instead of repeating it.
 */

const partnerActor = (ctx: HandlerContext<"quote.approved" | "quote.rejected">, data: Record<string, unknown>) =>
  ({ actor_type: "system", actor_id: null, data: { source: ctx.event.source, event_id: ctx.event.external_id, ...data } }) as const;

/** The configuration as the product's current schema and rules accept it; its errors name the partner's fields. */
async function checkedConfiguration(scope: Scope, product: Product, config: Record<string, unknown>, field: string) {
  const schema = (await productSchema(scope, product.id, product.schema_version))!;
  try {
    engineer(product, schema.config_schema, config);
  } catch (e) {
    if (!isEngineError(e)) throw e;
    const errors =
      e.details.length > 0 ? e.details.map((d) => ({ field: d.field.replace(/^config\b/, field), message: d.message })) : [{ field, message: e.message }];
    throw new InvalidPayload(errors);
  }
  return { product_id: product.id, schema_version: product.schema_version, config, config_hash: await sha256Hex(canonicalJson(config)) };
}

async function validityDays(scope: Scope) {
  return (await findTenantOf(scope)).settings.quote_validity_days;
}

async function linkedQuote(scope: Scope, quoteId: string) {
  const quote = await findQuote(scope, quoteId, SYSTEM);
  if (!quote) throw new PermanentError(`Quote ${quoteId} linked to this partner quote no longer exists`);
  // Approvals may overtake pricing (it runs on the quote's coordinator): retried until it is priced.
  if (quote.status === "draft" || quote.status === "pricing") throw new Error(`Quote ${quote.number} is still being priced`);
  return quote;
}

export async function quoteRequested(ctx: HandlerContext<"quote.requested">): Promise<Effect> {
  const { scope, data } = ctx;
  const key = keyOf(ctx, "quote", data.quote_id);
  // A request resent under a new event id changes nothing, and must not open a second quote.
  if (await findPartnerRecord(scope, key)) return effect();
  const product = data.product ? await findProductByRef(scope, data.product) : undefined;
  // Nothing we configure, or nothing to configure it with: recorded for the shop to follow up.
  if (!product || !data.configuration) return effect(insertPartnerRecordStatement(scope, key, "requested", { request: data }));
  const configuration = await checkedConfiguration(scope, product, data.configuration, "configuration");

  // Derived from the partner's quote, not from this event: the record is written only with the marker, so a
  // request resent under a new event id while an earlier attempt waits to retry must find that attempt's quote.
  const seed = JSON.stringify([scope.tenantId, key.source, key.external_id]);
  const quoteId = await derivedId(seed, "quote");
  if (!(await findQuote(scope, quoteId, SYSTEM))) {
    const configurationId = await derivedId(seed, "configuration");
    const customer = data.customer_name ?? data.customer_id;
    const title = customer ? `${product.name} for ${customer}` : product.name;
    const notes = `${ctx.event.source} quote ${data.quote_id}${data.requested_by ? `, requested by ${data.requested_by}` : ""}`;
    try {
      await createQuote(
        scope,
        await publishedBook(scope),
        await validityDays(scope),
        { id: quoteId, customer_id: null, owner_user_id: null, guest_session_hash: null, contact_email: null, title, notes },
        [configuredItem(configurationId, { quantity: data.quantity ?? 1 })],
        [
          insertConfigurationStatement(scope, {
            id: configurationId,
            name: title,
            owner_user_id: null,
            customer_id: null,
            guest_session_hash: null,
            ...configuration,
          }),
        ],
      );
    } catch (e) {
      if (!isUniqueViolation(e)) throw e; // a concurrent delivery of this request opened it
    }
  }
  await quoteCoordinator(ctx.env, scope, quoteId).reprice(scope.tenantId, quoteId);
  return effect(insertPartnerRecordStatement(scope, key, "requested", { request: data }, quoteId));
}

export async function quoteApproved(ctx: HandlerContext<"quote.approved">): Promise<Effect> {
  const { scope, data } = ctx;
  const { key, record } = await requireRecord(ctx, "quote", data.quote_id);
  const note = updatePartnerRecordStatement(scope, key, { status: "approved", data: { ...record.data, approval: data } });
  if (!record.quote_id) return effect(note);
  const quote = await linkedQuote(scope, record.quote_id);
  if (quote.status !== "accepted") {
    const refusal = await acceptQuote(scope, quote);
    if (refusal) throw new PermanentError(`Quote ${quote.number} cannot be accepted: ${refusal.message}`);
    await announceQuoteChange(ctx.env, scope, quote.id, "accepted", partnerActor(ctx, { approved_by: data.approved_by }));
  }
  const order = orderOnApproval(ctx.env, scope, quote, await findOrderOfQuote(scope, quote.id), data.purchase_order_number);
  return { ...order, statements: [...order.statements, note] };
}

/**
 * The order of a quote the partner approved: on their purchase order when they
 * give one (`order.created` goes out with it, its cutting list is queued),
 * otherwise one awaiting card payment, announced when paid. An order placed
 * already stands.
 */
function orderOnApproval(env: Env, scope: Scope, quote: Quote, existing: Order | undefined, poNumber: string | undefined): Effect {
  const amount = payableAmount(quote);
  if (amount === null) throw new PermanentError(`Quote ${quote.number} has no payable total`);
  if (poNumber && (!existing || existing.status === "awaiting_payment")) {
    const order = purchaseOrderStatements(scope, quote, amount, poNumber, existing);
    return { statements: order.statements, outboxEventIds: [order.eventId], after: () => queueCuttingList(env, scope.tenantId, order.orderId) };
  }
  return { statements: existing ? [] : [...awaitingPaymentStatements(scope, quote, amount)], outboxEventIds: [] };
}

export async function quoteRejected(ctx: HandlerContext<"quote.rejected">): Promise<Effect> {
  const { scope, data } = ctx;
  const { key, record } = await requireRecord(ctx, "quote", data.quote_id);
  const note = updatePartnerRecordStatement(scope, key, { status: "rejected", data: { ...record.data, rejection: data } });
  if (!record.quote_id) return effect(note);
  const quote = await linkedQuote(scope, record.quote_id);
  if (quote.status === "rejected") return effect(note);
  const refusal = rejectRefusal(quote);
  if (refusal) throw new PermanentError(`Quote ${quote.number} cannot be rejected: ${refusal.message}`);
  return {
    statements: [rejectStatement(scope, quote.id), note],
    outboxEventIds: [],
    after: async () => {
      // The rejection is guarded on the quote's status: announce it only if it took.
      if ((await findQuote(scope, quote.id, SYSTEM))?.status === "rejected")
        await announceQuoteChange(ctx.env, scope, quote.id, "rejected", partnerActor(ctx, { reason: data.reason ?? null }));
    },
  };
}

export async function quoteUpdated(ctx: HandlerContext<"quote.updated">): Promise<Effect> {
  const { scope, data } = ctx;
  const key = keyOf(ctx, "quote", data.quote_id);
  // One read, so the record's revision and the quote agree: a partner revision commits with the quote's (reviseFromPartner),
  // whose batch fails if the quote is revised after this read. An update is never applied on top of a newer one.
  const found = await findPartnerRecordWithQuote(scope, key);
  if (!found) throw new NotYetKnown(`quote ${data.quote_id} from ${ctx.event.source} is not known yet`);
  const { record, quote } = found;
  const note = reviseStatement(scope, key, data.revision_number, "updated", { ...record.data, last_update: data });
  if (!record.quote_id) return effect(note);
  if (!quote) throw new PermanentError(`Quote ${record.quote_id} linked to this partner quote no longer exists`);
  if (data.revision_number > record.revision && (await reviseFromPartner(ctx, quote, note))) return effect();
  // Nothing to revise: an older update (the note's guard skips it too), unchanged content, or this event revised the
  // quote on an earlier attempt — which may have died before the quote was priced.
  if (quote.status === "pricing") await quoteCoordinator(ctx.env, scope, quote.id).reprice(scope.tenantId, quote.id);
  return effect(note);
}

/**
 * Revises the quote as the partner's changes ask, committing their note (the
 * record's new revision) in the same batch, and prices it; false when the
 * changes leave what we configure as it is.
 */
async function reviseFromPartner(ctx: HandlerContext<"quote.updated">, quote: Quote, note: BatchItem<"sqlite">) {
  const { scope, data } = ctx;
  const items = await quoteItemsOf(scope, quote.id);
  const item = items.find((i) => i.configuration_id);
  const current = item?.configuration_id ? await findConfiguration(scope, item.configuration_id, SYSTEM) : undefined;
  const product = current && (await findProduct(scope, current.product_id));
  if (!item || !current || !product) throw new PermanentError(`Quote ${quote.number} has no configured item to update`);

  const quantity = (item.options as { quantity: number }).quantity;
  const target = targetOf(data.changes, current.config, quantity);
  const configuration = await checkedConfiguration(scope, product, target.config, "changes");
  if (configuration.config_hash === current.config_hash && target.quantity === quantity) return false;
  const refusal = reviseRefusal(quote);
  if (refusal) throw new PermanentError(`Quote ${quote.number} cannot be revised: ${refusal.message}`);
  const configurationId = crypto.randomUUID();
  const reason = `${ctx.event.source} revision ${data.revision_number}${data.reason ? `: ${data.reason}` : ""}`;
  const { row } = await publishedBook(scope);
  const { lead_time } = item.options as { lead_time?: string };
  try {
    // The item keeps its lead time; its options are checked when it is priced, as for any revision.
    await scope.db.batch([
      insertConfigurationStatement(scope, {
        id: configurationId,
        name: current.name,
        owner_user_id: null,
        customer_id: null,
        guest_session_hash: null,
        ...configuration,
      }),
      ...reviseStatements(scope, {
        quote,
        items,
        next: [configuredItem(configurationId, { quantity: target.quantity, ...(lead_time ? { lead_time } : {}) })],
        priceBookVersion: row.version,
        validityDays: await validityDays(scope),
        reason,
      }),
      note,
    ]);
  } catch (e) {
    // Another update (or the shop) revised the quote since it was read: the retry reads both afresh.
    if (isUniqueViolation(e)) throw new Error(`Quote ${quote.number} was revised meanwhile`);
    throw e;
  }
  await quoteCoordinator(ctx.env, scope, quote.id).reprice(scope.tenantId, quote.id);
  return true;
}

/**
 * The configuration and quantity a partner's changes ask for: `quantity`,
 * a whole new `configuration`, or single fields of the configuration by name
 * (the seed's `frame_width: {old, new}`). Other changes are only recorded.
 */
function targetOf(changes: Record<string, { new: unknown }>, config: Record<string, unknown>, quantity: number) {
  const next = { config: { ...config }, quantity };
  for (const [field, change] of Object.entries(changes)) {
    if (field === "quantity") {
      const checked = PriceOptionsFields.quantity.safeParse(change.new);
      if (!checked.success) throw new InvalidPayload(checked.error.issues.map((i) => ({ field: "changes.quantity.new", message: i.message })));
      next.quantity = checked.data;
    } else if (field === "configuration") {
      if (!change.new || typeof change.new !== "object" || Array.isArray(change.new))
        throw new InvalidPayload([{ field: "changes.configuration.new", message: "must be an object" }]);
      next.config = { ...(change.new as Record<string, unknown>) };
    } else if (Object.hasOwn(config, field)) {
      next.config[field] = change.new;
    }
  }
  return next;
}
