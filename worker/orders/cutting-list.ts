import { optimiseWithRemnants, type CuttingResult } from "../../engine/cutting/index.ts";
import { requireScopeForTenant } from "../db/shards.ts";
import { isEngineError } from "../../engine/errors.ts";
import { insertCuttingListStatement } from "../db/cutting-lists.ts";
import { remnantsInStock } from "../db/lots.ts";
import { derivedId } from "../db/derived-id.ts";
import { findOrder, settleCuttingListStatement } from "../db/orders.ts";
import { findQuote, quoteItemsOf } from "../db/quotes.ts";
import { isUniqueViolation } from "../db/scope.ts";
import type { Env } from "../env.ts";
import { engineerQuoteItems, cuttingSummary, profileCuts } from "../products/engineered.ts";
import { PermanentError } from "../queues/index.ts";
import type { QueueMessage } from "../queues/messages.ts";
import { cuttingListKey } from "../storage/keys.ts";
import { dispatchOutbox, outboxStatements } from "../webhooks/outbox.ts";
import { SYSTEM } from "../db/viewer.ts";
import { manufacturingOrderStatements } from "../production/create.ts";

/**
 * `order.cutting_list` (jobs queue): the order's manufacturing orders, one
 * per line, and the combined cutting list of an ordered quote — every configured item's profile cuts × its quantity, packed
 * together on the remnants in stock first, then on new bars — stored as JSON in R2 and announced with
 * `manufacturing.cutting_list_ready` in the batch that records it. The
 * cutting_lists row is unique per order, so redelivered messages add nothing.
 */
export async function buildCuttingList(message: QueueMessage, env: Env) {
  if (message.kind !== "order.cutting_list") throw new PermanentError(`cutting lists got ${message.kind}`);
  const started = Date.now();
  const scope = await requireScopeForTenant(env, message.tenant_id);
  const order = await findOrder(scope, message.order_id);
  if (!order) throw new PermanentError(`order ${message.order_id} is gone`);
  if (order.cutting_list_state !== "pending") return; // built already, or not ordered yet
  const quote = await findQuote(scope, order.quote_id, SYSTEM);
  if (!quote) throw new PermanentError(`quote ${order.quote_id} of order ${order.id} is gone`);

  const lines = await quoteItemsOf(scope, quote.id);
  let items: Awaited<ReturnType<typeof engineerQuoteItems>>;
  let result: CuttingResult;
  // The order's manufacturing orders are written with its cutting list's outcome, in the same batch.
  let mos: Awaited<ReturnType<typeof manufacturingOrderStatements>>;
  try {
    // A saved configuration its product no longer accepts, too many pieces, or a cut longer than any bar: the shop plans this order by hand.
    items = await engineerQuoteItems(scope, lines);
    mos = await manufacturingOrderStatements(scope, order, lines, items);
    const cuts = items.flatMap((e) => profileCuts(e, `Item ${e.item!.position + 1}`));
    if (cuts.length === 0) return void (await scope.db.batch([settleCuttingListStatement(scope, order.id, "none"), ...mos]));
    result = optimiseWithRemnants({ cuts }, await remnantsInStock(scope, [...new Set(cuts.map((c) => c.profile))]));
  } catch (e) {
    if (!isEngineError(e)) throw e;
    console.error(JSON.stringify({ level: "error", event: "cutting_list.failed", tenant_id: scope.tenantId, order_id: order.id, error: e.message }));
    return void (await scope.db.batch([
      settleCuttingListStatement(scope, order.id, "failed"),
      ...(await manufacturingOrderStatements(scope, order, lines, [])),
    ]));
  }

  const id = await derivedId(order.id, "cutting-list");
  const key = cuttingListKey(scope.tenantId, order.id);
  const doc = {
    id,
    order_id: order.id,
    quote_id: quote.id,
    quote_number: quote.number,
    generated_at: new Date().toISOString(),
    items: items.map((e) => ({
      item_id: e.item!.id,
      position: e.item!.position + 1,
      configuration_id: e.configuration.id,
      product: e.product.name,
      quantity: e.quantity,
    })),
    ...result,
  };
  await env.FILES.put(key, JSON.stringify(doc), { httpMetadata: { contentType: "application/json" } });
  const notice = outboxStatements(scope, "manufacturing.cutting_list_ready", {
    order_id: order.id,
    quote_id: quote.id,
    quote_reference: quote.number,
    cutting_list_id: id,
    summary: cuttingSummary(result),
    profiles: result.profiles.map((p) => ({
      profile: p.profile,
      pieces: p.pieces,
      bars_used: p.bars_used,
      lower_bound: p.lower_bound,
      stock_length_total: p.stock_length_total,
      waste_percentage: p.waste_percent,
    })),
    cutting_list_path: `/api/v1/orders/${order.id}/cutting-list`,
  });
  try {
    await scope.db.batch([
      insertCuttingListStatement(scope, { id, order_id: order.id, r2_key: key }),
      settleCuttingListStatement(scope, order.id, "ready"),
      ...notice.statements,
      ...mos,
    ]);
  } catch (e) {
    if (!isUniqueViolation(e)) throw e;
    // The list is recorded already (a concurrent delivery, or an order reset to pending): settle, else the sweep re-queues it forever.
    return void (await scope.db.batch([settleCuttingListStatement(scope, order.id, "ready")]));
  }
  await dispatchOutbox(env, scope.tenantId, [notice.eventId]);
  // How long planning an order takes (engineering, the combined cutting list, the MOs): bench:production reads it.
  console.log(
    JSON.stringify({ level: "info", event: "order.planned", tenant_id: scope.tenantId, order_id: order.id, lines: lines.length, ms: Date.now() - started }),
  );
}
