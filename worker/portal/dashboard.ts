import { orderProgress, type OrderProgress, type StageMo } from "../../engine/production/order-stage.ts";
import { ACTIVITY_LIMIT, type Approves, dashboardReads, SECTION_LIMIT } from "../db/portal-dashboard.ts";
import type { ProjectViewer } from "../db/projects.ts";
import { recentThreadsRead } from "../db/messages.ts";
import { unreadNotificationsRead } from "../db/notifications.ts";
import type { Scope } from "../db/scope.ts";
import type { Viewer } from "../db/viewer.ts";

/** Whose dashboard: a customer's (the route is theirs alone). */
export type CustomerViewer = Extract<Viewer, { kind: "customer" }>;

const iso = (ms: number) => new Date(ms).toISOString();

/** Drawings (their current revision) and orders waiting for the caller's approval (decision 66), as the batch read them. */
const approvalItem = (a: { kind: "drawing" | "order"; id: string; number: string | null; since: number; detail: string | null; detail2: string | null }) => ({
  kind: a.kind,
  id: a.id,
  number: a.number,
  title:
    a.kind === "drawing"
      ? `Drawing ${a.number} (${(a.detail ?? "").replace(/_/g, " ")}), revision ${a.detail2 ?? ""}`
      : `${named("Order", a.number)}${a.detail ? ` placed by ${a.detail}` : ""}`,
  since: iso(a.since),
});

/**
 * The customer's unread messages: the threads they may read (as the inbox
 * lists them) with something unread, the most recently active first. Counted
 * over the 25 most recently active threads, which is what a dashboard shows.
 */
const UNREAD_OVER = 25;

function unreadMessages(threads: { id: string; last_message_at: number; project_number: string | null; quote_number: string | null; unread: number }[]) {
  const unread = threads.filter((r) => r.unread > 0);
  return {
    count: unread.reduce((sum, r) => sum + r.unread, 0),
    latest: unread.slice(0, SECTION_LIMIT).map((r) => ({
      id: r.id,
      subject: r.project_number ? named("Project", r.project_number) : named("Quote", r.quote_number),
      at: iso(r.last_message_at),
    })),
  };
}

/** SQLite's order of text (by code unit, as its ORDER BY in the reads), not the locale's. */
const byteOrder = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

const named = (what: string, number: string | null) => (number ? `${what} ${number}` : what);

/** An event of recent activity in the buyer's words. */
function summaryOf(e: { event: string; number: string | null; detail: string | null }): string {
  switch (e.event) {
    case "quote.sent":
      return `Quote ${e.number} sent to you`;
    case "order.placed":
      return `${named("Order", e.number)} placed`;
    case "order.paid":
      return `Payment received for ${named("order", e.number)}`;
    case "shipment.shipped":
      return `Shipment ${e.detail} of ${named("order", e.number)} sent`;
    case "shipment.delivered":
      return `Shipment ${e.detail} of ${named("order", e.number)} delivered`;
    case "drawing.issued":
      return `Drawing ${e.number} revision ${e.detail} issued`;
    default:
      // quote.accepted, quote.rejected
      return `Quote ${e.number} ${e.event.slice("quote.".length)}`;
  }
}

const sectionOf = <T extends { total: number }, U>(rows: T[], present: (row: T) => U) => ({ total: rows[0]?.total ?? 0, items: rows.map(present) });

/**
 * A customer's home in the portal (issue 14): active projects, quotes
 * waiting for their decision, orders in progress with their stage, what is on
 * its way or due, what waits for their approval, recent activity, unread
 * messages and their unread notifications. One D1 round trip whatever the company holds: a batch of every
 * section's read, the listed orders' lines (for their stage) included.
 */
export async function portalDashboard(scope: Scope, viewer: CustomerViewer, projectViewer: ProjectViewer | null, approves: Approves, now = Date.now()) {
  const inbox = { kind: "customer" as const, userId: viewer.userId, projects: projectViewer, quotes: viewer };
  const [projects, quotes, orders, shipments, quoteEvents, workEvents, approvals, threads, notifications] = await scope.db.batch([
    ...dashboardReads(scope, viewer, projectViewer, approves, now),
    recentThreadsRead(scope, inbox, UNREAD_OVER),
    unreadNotificationsRead(scope, viewer.userId, SECTION_LIMIT),
  ]);
  const progress = new Map<string, OrderProgress>(orders.map((o) => [o.id, orderProgress(o, JSON.parse(o.lines) as StageMo[])]));
  const activity = [...quoteEvents, ...workEvents]
    .sort((a, b) => b.at - a.at || byteOrder(a.event, b.event) || byteOrder(a.id, b.id))
    .slice(0, ACTIVITY_LIMIT)
    .map((e) => ({
      at: iso(e.at),
      event: e.event,
      subject: { type: e.type, id: e.id, number: e.number },
      summary: summaryOf(e),
    }));
  const inProgress = sectionOf(orders, (o) => {
    const p = progress.get(o.id)!;
    return {
      id: o.id,
      number: o.number,
      status: o.status,
      stage: p.stage,
      operation: p.operation,
      operations_done: p.operations_done,
      operations_total: p.operations_total,
      due_at: p.due_at === null ? null : iso(p.due_at),
      placed_at: iso(o.created_at),
      quote: { id: o.quote_id, number: o.quote_number },
      project: o.project_id ? { id: o.project_id, number: o.project_number } : null,
    };
  });
  return {
    projects: sectionOf(projects, (p) => ({ id: p.id, number: p.number, name: p.name, reference: p.reference, updated_at: iso(p.updated_at) })),
    outstanding_quotes: sectionOf(quotes, (q) => ({
      id: q.id,
      number: q.number,
      title: q.title,
      status: q.status as "priced" | "sent",
      currency: q.currency,
      gross_total: typeof q.totals?.gross_total === "number" ? q.totals.gross_total : null,
      valid_until: q.valid_until === null ? null : iso(q.valid_until),
      project: q.project_id ? { id: q.project_id, number: q.project_number } : null,
    })),
    orders_in_progress: inProgress,
    upcoming_deliveries: [
      ...shipments.map((s) => ({
        kind: "shipment" as const,
        date: iso(s.shipped_at),
        order: { id: s.order_id, number: s.order_number },
        shipment: { id: s.id, number: s.number, carrier: s.carrier, tracking_url: s.tracking_url },
      })),
      ...inProgress.items.flatMap((o) => (o.due_at ? [{ kind: "due" as const, date: o.due_at, order: { id: o.id, number: o.number }, shipment: null }] : [])),
    ].slice(0, SECTION_LIMIT),
    awaiting_approval: approvals.map(approvalItem),
    recent_activity: activity,
    unread_messages: unreadMessages(threads),
    unread_notifications: sectionOf(notifications, (n) => ({ id: n.id, type: n.type, title: n.title, path: n.path, created_at: iso(n.created_at) })),
  };
}
