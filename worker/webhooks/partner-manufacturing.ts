import { isEngineError } from "../../engine/errors.ts";
import { moStatusOfWord, moTransition, PARTNER_STATUS_WORD_LIST } from "../../engine/production/routing.ts";
import { ApiError } from "../api/errors.ts";
import { audit } from "../db/audit.ts";
import {
  findManufacturingOrderByRef,
  findManufacturingOrders,
  manufacturingOrdersOf,
  updateManufacturingOrderStatement,
  statusIs,
  type ManufacturingOrder,
} from "../db/manufacturing-orders.ts";
import { findOrderByRef, findOrderOfQuote, type Order } from "../db/orders.ts";
import { findPartnerRecord, insertPartnerRecordStatement, updatePartnerRecordStatement, type PartnerRecord } from "../db/partner-records.ts";
import { findQuoteByRef, quoteItemsOf } from "../db/quotes.ts";
import { effectTookStatement } from "../db/webhook-events.ts";
import { engineerQuoteItems } from "../products/engineered.ts";
import { manufacturingOrderId, manufacturingOrderStatements } from "../production/create.ts";
import { advanceByCheckpoint, checkpointOf } from "../production/qc.ts";
import { approvalWait } from "../production/drawing-approval-gate.ts";
import { statusUpdateStatements } from "../production/status.ts";
import { PermanentError } from "../queues/index.ts";
import { effect, InvalidPayload, keyOf, NotYetKnown, type Effect, type HandlerContext } from "./handler-context.ts";
import type { InboundType } from "./inbound-events.ts";

/**
 * A partner's manufacturing events acting on Fabquote's manufacturing orders
 * (docs/decisions/0031-partner-manufacturing-events.md).
 *
 * `manufacturing.order_created` whose `quote_reference` names one of our
 * orders or quotes (id or number, or the partner's quote linked by
 * quote.requested) plans that order's MOs by the same code as the order's own
 * job, in the event's batch; MO ids derive from the order line, so the two
 * never make a line twice. Anything else is kept as the partner's own order:
 * a partner record with no MO. Either way the record maps the partner's
 * order id to our MO ids.
 *
 * `manufacturing.status_update` and `manufacturing.qc_checkpoint` name an MO
 * by that partner order id, or by our MO number or id (the seed sends
 * `MO-2025-156`). One we cannot find is retried, then dead-lettered; never
 * invented.
 */

const MANUFACTURING_ORDER = "manufacturing_order";

/** The audit entry's actor for what a partner's event did (shown in the order's timeline). */
const byPartner = (ctx: HandlerContext<InboundType>) =>
  ({ actor_type: "system", actor_id: null, data: { source: ctx.event.source, event_id: ctx.event.external_id } }) as const;

interface Linked {
  manufacturing_order_ids?: string[];
}

/** Our order a partner's reference names, if any; a quote of ours not ordered (or paid) yet is waited for. */
async function referencedOrder(ctx: HandlerContext<"manufacturing.order_created">, ref: string): Promise<Order | undefined> {
  const { scope } = ctx;
  const partnerQuote = await findPartnerRecord(scope, keyOf(ctx, "quote", ref));
  const quote = partnerQuote ? (partnerQuote.quote_id ? { id: partnerQuote.quote_id, number: ref } : undefined) : await findQuoteByRef(scope, ref);
  const order = quote ? await findOrderOfQuote(scope, quote.id) : await findOrderByRef(scope, ref);
  if (quote && !order) throw new NotYetKnown(`quote ${quote.number} has no order yet`);
  if (order?.status === "awaiting_payment") throw new NotYetKnown(`order ${order.number ?? order.id} awaits its payment`);
  if (order?.status === "awaiting_approval") throw new NotYetKnown(`order ${order.number ?? order.id} awaits its company's approval`);
  if (order?.status === "cancelled") throw new PermanentError(`Order ${order.number ?? order.id} is cancelled; it is not manufactured`);
  return order;
}

export async function manufacturingOrderCreated(ctx: HandlerContext<"manufacturing.order_created">): Promise<Effect> {
  const { scope, data } = ctx;
  const key = keyOf(ctx, MANUFACTURING_ORDER, data.order_id);
  // Resent under a new event id: planned already.
  if (await findPartnerRecord(scope, key)) return effect();
  const order = data.quote_reference ? await referencedOrder(ctx, data.quote_reference) : undefined;
  if (!order) return effect(insertPartnerRecordStatement(scope, key, "recorded", { order: data, manufacturing_order_ids: [] }));

  const link = (ids: string[]) =>
    insertPartnerRecordStatement(scope, key, "linked", { order: data, order_id: order.id, manufacturing_order_ids: ids }, order.quote_id);
  const existing = await manufacturingOrdersOf(scope, order.id);
  if (existing.length > 0) return effect(link(existing.map((mo) => mo.id)));
  const lines = await quoteItemsOf(scope, order.quote_id);
  let engineered: Awaited<ReturnType<typeof engineerQuoteItems>> = [];
  try {
    engineered = await engineerQuoteItems(scope, lines);
  } catch (e) {
    // A configuration its product no longer accepts: planned with the generic routing, as the order's job does.
    if (!isEngineError(e)) throw e;
  }
  const planned = await manufacturingOrderStatements(scope, order, lines, engineered);
  return effect(...planned, link(await Promise.all(lines.map((item) => manufacturingOrderId(order.id, item.id)))));
}

/** The MOs an event's `order_id` names: the partner's order (none when it is only the partner's), else ours by number or id. */
async function referencedMos(ctx: HandlerContext<InboundType>, ref: string): Promise<{ record?: PartnerRecord; mos: ManufacturingOrder[] }> {
  const record = await findPartnerRecord(ctx.scope, keyOf(ctx, MANUFACTURING_ORDER, ref));
  if (record) return { record, mos: await findManufacturingOrders(ctx.scope, (record.data as Linked).manufacturing_order_ids ?? []) };
  const mo = await findManufacturingOrderByRef(ctx.scope, ref);
  if (!mo) throw new NotYetKnown(`manufacturing order ${ref} from ${ctx.event.source} is not known yet`);
  return { mos: [mo] };
}

export async function manufacturingStatusUpdated(ctx: HandlerContext<"manufacturing.status_update">): Promise<Effect> {
  const { scope, data } = ctx;
  const { record, mos } = await referencedMos(ctx, data.order_id);
  const noted = record
    ? [
        updatePartnerRecordStatement(scope, keyOf(ctx, MANUFACTURING_ORDER, data.order_id), {
          status: data.status,
          data: { ...record.data, last_status: data },
        }),
      ]
    : [];
  // The partner's own order: its statuses are its own words, only recorded.
  if (mos.length === 0) return effect(...noted);
  // The seed's words for stages within a state (materials_ordered, qc_testing, completed) move the MO to that state.
  const to = moStatusOfWord(data.status);
  if (!to) throw new InvalidPayload([{ field: "status", message: `is not a manufacturing order status (${PARTNER_STATUS_WORD_LIST.join(", ")})` }]);
  const statements = [];
  const outboxEventIds = [];
  for (const mo of mos) {
    if (mo.status === to) continue; // said again, or the shop got there first
    const verdict = moTransition(mo.status, to);
    if (!verdict.ok) throw new PermanentError(`${mo.number}: ${verdict.message}`);
    const wait = to === "in_production" ? await approvalWait(scope, mo) : null;
    if (wait) throw new InvalidPayload([{ field: "status", message: wait.message }]);
    const { statement, updated_at } = updateManufacturingOrderStatement(scope, mo, { status: to, operations: mo.operations });
    const after = { ...mo, status: to, updated_at };
    const notice = statusUpdateStatements(scope, after, mo.status, "partner");
    statements.push(
      statement,
      effectTookStatement(scope, ctx.event.id, statusIs(scope, mo.id, to, updated_at)),
      ...notice.statements,
      audit(scope, {
        ...byPartner(ctx),
        action: "manufacturing_order.status_changed",
        target_type: "manufacturing_order",
        target_id: mo.id,
        data: { ...byPartner(ctx).data, status: to, previous_status: mo.status },
      }),
    );
    outboxEventIds.push(notice.eventId);
  }
  return { statements: [...statements, ...noted], outboxEventIds };
}

const CHECK_STATUS = { pass: "pass", fail: "fail", conditional: "fail" } as const;

export async function manufacturingQcCheckpoint(ctx: HandlerContext<"manufacturing.qc_checkpoint">): Promise<Effect> {
  const { scope, env, data } = ctx;
  const { record, mos } = await referencedMos(ctx, data.order_id);
  const key = keyOf(ctx, "qc_checkpoint", `${data.order_id}:${data.checkpoint_id}`);
  // Resent under a new event id: recorded already.
  if (await findPartnerRecord(scope, key)) return effect();
  if (mos.length === 0) return effect(insertPartnerRecordStatement(scope, key, data.overall_status, { checkpoint: data }));
  if (mos.length > 1) {
    throw new InvalidPayload([
      {
        field: "order_id",
        message: `${ctx.event.source} order ${data.order_id} is made by ${mos.length} manufacturing orders (${mos.map((m) => m.number).join(", ")}); name one by its number`,
      },
    ]);
  }
  const [mo] = mos;
  // A conditional check is a failure whose corrective action lets work go on (a conditional pass, when every failure names one).
  const checks = data.checks.map((c) => ({ ...c, description: c.description ?? c.check_id, status: CHECK_STATUS[c.status] }));
  let recorded: ReturnType<typeof checkpointOf>;
  try {
    recorded = checkpointOf(scope, mo, { checkpoint_stage: data.checkpoint_stage, inspector_name: data.inspector_name ?? ctx.event.source, checks }, null);
  } catch (e) {
    if (e instanceof ApiError && e.code === "CONFLICT") throw new PermanentError(e.message);
    if (e instanceof ApiError || isEngineError(e)) throw new InvalidPayload(e.details.map((d) => ({ field: d.field, message: d.message })));
    throw e;
  }
  return {
    statements: [
      ...recorded.statements,
      audit(scope, {
        ...byPartner(ctx),
        action: "qc_checkpoint.recorded",
        target_type: "manufacturing_order",
        target_id: mo.id,
        data: { ...byPartner(ctx).data, stage: recorded.checkpoint.stage, overall_status: recorded.checkpoint.overall_status },
      }),
      insertPartnerRecordStatement(
        scope,
        key,
        recorded.checkpoint.overall_status,
        { checkpoint: data, qc_checkpoint_id: recorded.checkpoint.id, manufacturing_order_id: mo.id },
        record?.quote_id ?? null,
      ),
    ],
    outboxEventIds: [],
    after: async () => void (await advanceByCheckpoint(env, scope, mo, recorded)),
  };
}
