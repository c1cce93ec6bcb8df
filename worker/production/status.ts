import type { MoStatus } from "../../engine/production/routing.ts";
import { statusIs, type ManufacturingOrder } from "../db/manufacturing-orders.ts";
import { insertUnitsStatement } from "../db/units.ts";
import type { Scope } from "../db/scope.ts";
import type { OutboundPayload } from "../webhooks/outbound-events.ts";
import { outboxStatements } from "../webhooks/outbox.ts";

type Cause = OutboundPayload<"manufacturing.status_update">["cause"];

/**
 * The outbound `manufacturing.status_update` for an MO that moved from `from`
 * to what `after` holds, written in the same batch as the change and only if
 * the change took: the MO must be in that status, stamped at `after.updated_at`,
 * when the event's statements run. Every path that changes
 * an MO's status — operations, the partner's events, an order's cancellation,
 * shipping and delivery — reports through here, so partners hear of each
 * change exactly once. An MO that becomes ready has made its units: their
 * serials are written with the report.
 */
export function statusUpdateStatements(scope: Scope, after: ManufacturingOrder, from: MoStatus, cause: Cause) {
  const stage = after.routing.find((o) => after.operations[o.code] === "in_progress")?.code ?? null;
  const took = statusIs(scope, after.id, after.status, after.updated_at);
  const notice = outboxStatements(
    scope,
    "manufacturing.status_update",
    {
      manufacturing_order_id: after.id,
      manufacturing_order_number: after.number,
      order_id: after.order_id,
      status: after.status,
      previous_status: from,
      stage,
      cause,
      changed_at: new Date(after.updated_at).toISOString(),
    },
    took,
  );
  return after.status === "ready" ? { ...notice, statements: [...notice.statements, insertUnitsStatement(scope, after, took)] } : notice;
}

/**
 * The reports for MOs a batch moves to `to` when their rows are stamped `at`
 * (an order's cancellation, a shipment, a delivery): one per MO now in `from`;
 * each is written only for the MOs the batch does move.
 */
export function statusUpdatesOf(scope: Scope, mos: readonly ManufacturingOrder[], from: MoStatus, to: MoStatus, at: number, cause: Cause) {
  const notices = mos.filter((mo) => mo.status === from).map((mo) => statusUpdateStatements(scope, { ...mo, status: to, updated_at: at }, from, cause));
  return { statements: notices.flatMap((n) => n.statements), eventIds: notices.map((n) => n.eventId) };
}
