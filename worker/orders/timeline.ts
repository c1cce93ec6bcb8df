import { auditOf } from "../db/audit.ts";
import { manufacturingOrdersOf } from "../db/manufacturing-orders.ts";
import type { Order } from "../db/orders.ts";
import type { Scope } from "../db/scope.ts";
import type { Viewer } from "../db/viewer.ts";

export interface TimelineEntry {
  at: string;
  event: string;
  subject: { type: "order" | "manufacturing_order"; id: string; number: string | null };
  summary: string;
  actor: { type: "shop" | "customer" | "system"; name: string | null };
}

/** What only the shop sees: which lots went in and how a failed check was put right. */
const SHOP_ONLY = new Set(["lot.consumed", "corrective_action.closed"]);

const OPERATION_VERBS: Record<string, string> = { start: "started", finish: "finished", block: "blocked" };

/**
 * Every state change of an order and its manufacturing orders in one list,
 * oldest first (issue 13): the rows that say when it was placed, paid and
 * scheduled, and what the audit log recorded against it and its MOs. A
 * customer sees the shop act as "the shop", and not the shop's internal notes.
 */
export async function orderTimeline(scope: Scope, order: Order, viewer: Viewer): Promise<TimelineEntry[]> {
  const mos = await manufacturingOrdersOf(scope, order.id);
  const rows = await auditOf(scope, [
    { type: "order", ids: [order.id] },
    { type: "manufacturing_order", ids: mos.map((m) => m.id) },
  ]);
  const staff = viewer.kind === "staff" || viewer.kind === "system";
  const orderRef = { type: "order" as const, id: order.id, number: order.number };
  const moById = new Map(mos.map((m) => [m.id, m]));
  const system = { type: "system" as const, name: null };
  const entries: (TimelineEntry & { t: number })[] = [
    {
      t: order.created_at,
      at: "",
      event: "order.placed",
      subject: orderRef,
      summary: order.number ? `Order ${order.number} placed` : "Order placed",
      actor: system,
    },
    ...(order.paid_at ? [{ t: order.paid_at, at: "", event: "order.paid", subject: orderRef, summary: "Payment received", actor: system }] : []),
    ...mos.map((mo) => ({
      t: mo.created_at,
      at: "",
      event: "manufacturing_order.created",
      subject: { type: "manufacturing_order" as const, id: mo.id, number: mo.number },
      summary: `${mo.number} scheduled: ${mo.quantity} × line, due ${new Date(mo.due_at).toISOString().slice(0, 10)}`,
      actor: system,
    })),
  ];
  for (const { entry, user_name } of rows) {
    if (!staff && SHOP_ONLY.has(entry.action)) continue;
    const mo = entry.target_type === "manufacturing_order" ? moById.get(entry.target_id ?? "") : undefined;
    const subject = mo ? { type: "manufacturing_order" as const, id: mo.id, number: mo.number } : orderRef;
    const data = (entry.data ?? {}) as Record<string, unknown>;
    const actor: TimelineEntry["actor"] =
      entry.actor_type === "system"
        ? system
        : entry.actor_type === "guest" || (entry.actor_type === "user" && viewer.kind === "customer" && entry.actor_id === viewer.userId)
          ? { type: "customer", name: null }
          : { type: "shop", name: staff ? (user_name ?? null) : null };
    entries.push({ t: entry.created_at, at: "", event: entry.action, subject, summary: summarise(entry.action, data, mo), actor });
  }
  return entries.sort((a, b) => a.t - b.t).map(({ t, ...e }) => ({ ...e, at: new Date(t).toISOString() }));
}

function summarise(action: string, data: Record<string, unknown>, mo: { number: string; routing: { code: string; name: string }[] } | undefined): string {
  const op = mo?.routing.find((o) => o.code === data.code);
  const verb = action.startsWith("manufacturing_order.operation_") ? OPERATION_VERBS[action.slice("manufacturing_order.operation_".length)] : undefined;
  if (verb && mo) return `${op?.name ?? String(data.code)} ${verb} (${mo.number})`;
  switch (action) {
    case "order.purchase_order":
      return `Placed on purchase order ${String(data.po_number)}`;
    case "order.cancelled":
      return "Order cancelled";
    case "order.approved":
      return "Approved for the company";
    case "order.rejected":
      return `Rejected for the company: ${String(data.reason)}`;
    case "order.resubmitted":
      return `Resubmitted for approval: ${String(data.note)}${data.po_number ? ` (purchase order ${String(data.po_number)})` : ""}`;
    case "manufacturing_order.status_changed":
      return `${mo?.number ?? "Manufacturing order"} ${String(data.previous_status).replace(/_/g, " ")} → ${String(data.status).replace(/_/g, " ")}, reported by ${String(data.source)}`;
    case "shipment.shipped":
      return `Shipment ${String(data.shipment)} sent with ${String(data.carrier)}`;
    case "invoice.issued":
      return `Invoice ${String(data.invoice)} issued`;
    case "shipment.delivered":
      return `Shipment ${String(data.shipment)} delivered`;
    case "qc_checkpoint.recorded":
      return `QC ${String(data.stage)}: ${String(data.overall_status).replace("_", " ")}${mo ? ` (${mo.number})` : ""}`;
    case "corrective_action.closed":
      return `Corrective action closed${mo ? ` (${mo.number})` : ""}`;
    case "lot.consumed":
      return `${String(data.quantity)} of lot ${String(data.lot_number)} used${mo ? ` (${mo.number})` : ""}`;
    default:
      return action.replace(/[._]/g, " ");
  }
}
