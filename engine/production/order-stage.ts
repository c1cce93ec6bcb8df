import type { MoStatus, OperationStatus, RoutingOperation } from "./routing.ts";

/** Where an order stands, as its buyer is told: from its payment and its manufacturing orders (issue 14, dashboard). */
export const ORDER_STAGES = ["awaiting_payment", "planning", "scheduled", "in_production", "on_hold", "ready", "shipped", "delivered"] as const;
export type OrderStage = (typeof ORDER_STAGES)[number];

export interface StageMo {
  status: MoStatus;
  routing: readonly RoutingOperation[];
  operations: Readonly<Record<string, OperationStatus>>;
  due_at: number;
}

export interface OrderProgress {
  stage: OrderStage;
  /** An operation under way on a line still being made (e.g. "Glazing"), when there is one. */
  operation: string | null;
  operations_done: number;
  operations_total: number;
  /** When the last line still being made is due; null once all are made or none is planned. */
  due_at: number | null;
}

/** The order of MO states as work moves on; on hold and cancelled stand outside it. */
const RANK: Partial<Record<MoStatus, number>> = { scheduled: 0, in_production: 1, ready: 2, shipped: 3, delivered: 4 };
const BY_RANK: OrderStage[] = ["scheduled", "in_production", "ready", "shipped", "delivered"];

/**
 * An order's stage is its least advanced line's: an order ships when every
 * line is made, so the slowest line is the buyer's news. A line on hold puts
 * the order on hold; cancelled lines do not count. Before its lines are
 * planned, an order is awaiting payment (card orders not yet paid) or in planning.
 */
export function orderProgress(order: { status: string; paid_at: number | null }, mos: readonly StageMo[]): OrderProgress {
  const lines = mos.filter((m) => m.status !== "cancelled");
  const ops = lines.flatMap((m) => m.routing.map((o) => m.operations[o.code] ?? "pending"));
  const making = lines.filter((m) => m.status === "scheduled" || m.status === "in_production" || m.status === "on_hold");
  const progress = {
    operations_done: ops.filter((s) => s === "done").length,
    operations_total: ops.length,
    due_at: making.length > 0 ? Math.max(...making.map((m) => m.due_at)) : null,
  };
  if (lines.length === 0) return { stage: order.status === "awaiting_payment" ? "awaiting_payment" : "planning", operation: null, ...progress };
  const slowest = lines.reduce((a, b) => ((RANK[b.status] ?? 0) < (RANK[a.status] ?? 0) ? b : a));
  const stage = lines.some((m) => m.status === "on_hold") ? "on_hold" : BY_RANK[RANK[slowest.status] ?? 0];
  const current = making.flatMap((m) => m.routing.filter((o) => m.operations[o.code] === "in_progress"))[0];
  return { stage, operation: current?.name ?? null, ...progress };
}
