import { isEngineError } from "../../engine/errors.ts";
import { derivedId } from "../db/derived-id.ts";
import { findPartnerRecord, insertPartnerRecordStatement } from "../db/partner-records.ts";
import { findQuote, findQuoteByRef, quoteItemsOf, type Quote } from "../db/quotes.ts";
import { insertSpecificationStatement } from "../db/specifications.ts";
import { engineerConfiguration, engineerQuoteItems, type EngineeredItem } from "../products/engineered.ts";
import { specificationDocument } from "../products/specification.ts";
import { datasheetsOf } from "../technical-package/build.ts";
import { specificationKey } from "../storage/keys.ts";
import { PermanentError } from "../queues/index.ts";
import { effect, InvalidPayload, keyOf, NotYetKnown, type Effect, type HandlerContext } from "./handler-context.ts";
import { outboxStatements } from "./outbox.ts";
import { SYSTEM } from "../db/viewer.ts";

type Ctx = HandlerContext<"specification.requested">;

/**
 * `specification.requested` → the specification of the referenced quote's
 * configured products (or of one configuration), stored in R2 and announced
 * by `specification.generated` in the event's own batch. The document's id
 * derives from the event, so a retry overwrites the same object.
 */
export async function specificationRequested(ctx: Ctx): Promise<Effect> {
  const { scope, env, data } = ctx;
  const key = keyOf(ctx, "specification_request", data.request_id);
  // A request resent under a new event id has its specification already.
  if (await findPartnerRecord(scope, key)) return effect();
  const { quote, items } = await subjectOf(ctx);

  const id = await derivedId(ctx.event.id, "specification");
  const r2Key = specificationKey(scope.tenantId, id);
  const { doc, sections } = specificationDocument(
    id,
    { source: ctx.event.source, request_id: data.request_id },
    quote,
    items,
    await datasheetsOf(scope, items),
  );
  await env.FILES.put(r2Key, JSON.stringify(doc), { httpMetadata: { contentType: "application/json" } });
  const notice = outboxStatements(scope, "specification.generated", {
    request_id: data.request_id,
    specification_id: id,
    quote_id: quote?.id ?? null,
    quote_number: quote?.number ?? null,
    configuration_ids: items.map((i) => i.configuration.id),
    sections,
    specification_path: `/api/v1/specifications/${id}`,
  });
  return {
    statements: [
      insertSpecificationStatement(scope, { id, source: ctx.event.source, request_id: data.request_id, quote_id: quote?.id ?? null, r2_key: r2Key }),
      insertPartnerRecordStatement(scope, key, "generated", { request: data, specification_id: id }, quote?.id ?? null),
      ...notice.statements,
    ],
    outboxEventIds: [notice.eventId],
  };
}

/** What the request names, engineered: the quote's configured items (narrowed to one configuration if named too), or a configuration alone. */
async function subjectOf(ctx: Ctx): Promise<{ quote: Quote | null; items: EngineeredItem[] }> {
  const { scope, data } = ctx;
  try {
    if (data.quote_id === undefined) {
      const item = await engineerConfiguration(scope, data.configuration_id!);
      if (!item) throw new InvalidPayload([{ field: "configuration_id", message: `${data.configuration_id} is not a configuration of this shop` }]);
      return { quote: null, items: [item] };
    }
    const quote = await referencedQuote(ctx, data.quote_id);
    let items = await engineerQuoteItems(scope, await quoteItemsOf(scope, quote.id));
    if (items.length === 0) throw new InvalidPayload([{ field: "quote_id", message: `quote ${quote.number} has no configured products to specify` }]);
    if (data.configuration_id !== undefined) {
      items = items.filter((i) => i.configuration.id === data.configuration_id);
      if (items.length === 0) throw new InvalidPayload([{ field: "configuration_id", message: `is not a configured item of quote ${quote.number}` }]);
    }
    return { quote, items };
  } catch (e) {
    // A saved configuration its product no longer accepts cannot be specified as it stands.
    if (isEngineError(e)) throw new InvalidPayload([{ field: data.quote_id === undefined ? "configuration_id" : "quote_id", message: e.message }]);
    throw e;
  }
}

/**
 * The partner's quote (linked by quote.requested), else ours by id or number.
 * An id we know nothing of may be a partner quote whose request has not been
 * processed yet: retried, as for other events out of order.
 */
async function referencedQuote(ctx: Ctx, ref: string): Promise<Quote> {
  const record = await findPartnerRecord(ctx.scope, keyOf(ctx, "quote", ref));
  if (record && !record.quote_id)
    throw new InvalidPayload([{ field: "quote_id", message: `${ctx.event.source} quote ${ref} names no product this shop configures` }]);
  if (record?.quote_id) {
    const linked = await findQuote(ctx.scope, record.quote_id, SYSTEM);
    if (!linked) throw new PermanentError(`Quote ${record.quote_id} linked to this partner quote no longer exists`);
    return linked;
  }
  const quote = await findQuoteByRef(ctx.scope, ref);
  if (!quote) throw new NotYetKnown(`quote ${ref} from ${ctx.event.source} is not known yet`);
  return quote;
}
