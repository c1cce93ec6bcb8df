import { and, asc, desc, eq, inArray, isNotNull, ne, or, type SQL, sql } from "drizzle-orm";
import type { SQLiteColumn } from "drizzle-orm/sqlite-core";
import { ofTenant, type Scope } from "./scope.ts";
import { projectsVisibleTo, type ProjectViewer } from "./projects.ts";
import { notApproved } from "./drawing-approvals.ts";
import { showsStatusIn } from "./quote-status.ts";
import { drawingRevisions, drawings, manufacturingOrders, orders, projects, quotes, shipments, users } from "./schema/index.ts";
import { visibleTo, type Viewer } from "./viewer.ts";

/** How many rows each section lists; `total` says how many there are. */
export const SECTION_LIMIT = 10;
/** How many events recent activity lists, the latest first. */
export const ACTIVITY_LIMIT = 15;

/**
 * A column under its own name: D1's batch answers rows as objects keyed by
 * column name, so two columns both called `id` (or `number`) in one join
 * would collapse into one. Every column from a joined table is read this way.
 */
const named = <T>(column: SQLiteColumn, name: string) => sql<T>`${column}`.as(name);

/** One event of recent activity: when, what, to which quote, order or drawing; `detail` is a shipment's number or a revision's letter. */
const event = (
  at: SQLiteColumn,
  name: string | SQL,
  type: "quote" | "order" | "drawing",
  id: SQLiteColumn,
  number: SQLiteColumn,
  detail: SQLiteColumn | null,
) => ({
  at: sql<number>`${at}`.as("at"),
  event: sql<string>`${name}`.as("event"),
  type: sql<"quote" | "order" | "drawing">`${type}`.as("type"),
  id: sql<string>`${id}`.as("id"),
  number: sql<string | null>`${number}`.as("number"),
  detail: sql<string | null>`${detail ?? sql`null`}`.as("detail"),
});

/**
 * What happened to the viewer's quotes, orders, shipments and drawings, the
 * latest ACTIVITY_LIMIT events of each of two statements (the caller keeps
 * the latest of both): quotes sent and decided, orders placed and paid;
 * shipments sent and delivered, drawing revisions issued.
 */
function recentActivity(scope: Scope, seen: SQL | undefined) {
  const sent = scope.db
    .select(event(quotes.sent_at, "quote.sent", "quote", quotes.id, quotes.number, null))
    .from(quotes)
    .where(ofTenant(scope, quotes, seen, isNotNull(quotes.sent_at)));
  const decided = scope.db
    .select(event(quotes.decided_at, sql`'quote.' || ${quotes.status}`, "quote", quotes.id, quotes.number, null))
    .from(quotes)
    .where(ofTenant(scope, quotes, seen, isNotNull(quotes.decided_at), inArray(quotes.status, ["accepted", "rejected"])));
  const orderEvent = (at: SQLiteColumn, name: string) =>
    scope.db
      .select(event(at, name, "order", orders.id, orders.number, null))
      .from(orders)
      .innerJoin(quotes, quoteOfOrder)
      .where(ofTenant(scope, orders, seen, isNotNull(at)));
  const shipmentEvent = (at: SQLiteColumn, name: string) =>
    scope.db
      .select(event(at, name, "order", orders.id, orders.number, shipments.number))
      .from(shipments)
      .innerJoin(orders, orderOfShipment)
      .innerJoin(quotes, quoteOfOrder)
      .where(ofTenant(scope, shipments, seen, isNotNull(at)));
  const issued = scope.db
    .select(event(drawingRevisions.created_at, "drawing.issued", "drawing", drawings.id, drawings.drawing_number, drawingRevisions.revision))
    .from(drawingRevisions)
    .innerJoin(drawings, and(eq(drawings.tenant_id, drawingRevisions.tenant_id), eq(drawings.id, drawingRevisions.drawing_id)))
    .innerJoin(quotes, and(eq(quotes.tenant_id, drawings.tenant_id), eq(quotes.id, drawings.quote_id)))
    .where(ofTenant(scope, drawingRevisions, seen));
  // D1 refuses a compound SELECT of many terms: two of at most four, merged by the caller.
  const latest = [sql`at desc`, sql`event`, sql`id`];
  return [
    sent
      .unionAll(decided)
      .unionAll(orderEvent(orders.created_at, "order.placed"))
      .unionAll(orderEvent(orders.paid_at, "order.paid"))
      .orderBy(...latest)
      .limit(ACTIVITY_LIMIT),
    shipmentEvent(shipments.shipped_at, "shipment.shipped")
      .unionAll(shipmentEvent(shipments.delivered_at, "shipment.delivered"))
      .unionAll(issued)
      .orderBy(...latest)
      .limit(ACTIVITY_LIMIT),
  ] as const;
}

/** The whole section's size next to the rows listed, in the same query. */
const total = sql<number>`count(*) over ()`.mapWith(Number);

/** MO states past the shop's hands: an order whose lines are all in these is no longer in progress (a made, unshipped line still is). */
const GONE_MO = ["shipped", "delivered", "cancelled"] as const;

const quoteOfOrder = and(eq(quotes.tenant_id, orders.tenant_id), eq(quotes.id, orders.quote_id));
const orderOfShipment = and(eq(orders.tenant_id, shipments.tenant_id), eq(orders.id, shipments.order_id));
const projectOfQuote = and(eq(projects.tenant_id, quotes.tenant_id), eq(projects.id, quotes.project_id));

/** Whether the order has a manufacturing order (one not in `statuses`, when given). */
const mosOf = (statuses: readonly string[] | null) =>
  sql`exists (select 1 from ${manufacturingOrders} where ${manufacturingOrders.tenant_id} = ${orders.tenant_id} and ${manufacturingOrders.order_id} = ${orders.id}${
    statuses
      ? sql` and ${manufacturingOrders.status} not in (${sql.join(
          statuses.map((s) => sql`${s}`),
          sql`, `,
        )})`
      : sql``
  })`;

/** When the order's lines still being made are due (the last of them); null when none is. */
const dueOf = sql<
  number | null
>`(select max(${manufacturingOrders.due_at}) from ${manufacturingOrders} where ${manufacturingOrders.tenant_id} = ${orders.tenant_id} and ${manufacturingOrders.order_id} = ${orders.id} and ${manufacturingOrders.status} not in ('ready', 'shipped', 'delivered', 'cancelled'))`;

/** What the caller is asked to approve: drawings (when the shop requires their sign-off) and colleagues' orders. */
export interface Approves {
  drawings: boolean;
  orders: boolean;
}

/** Matches no row: a section the caller has no part in still answers in the batch, so its size never varies. */
const none = sql`0`;

/**
 * What waits for the caller's approval (decision 53), the longest waiting first, in one compound read: current
 * drawings of the company whose current revision has no approval, and orders colleagues placed for approval.
 */
function awaitingApprovalRead(scope: Scope, viewer: Viewer, seen: SQL | undefined, approves: Approves) {
  const row = (kind: "drawing" | "order", id: SQLiteColumn, number: SQLiteColumn, since: SQLiteColumn, detail: SQL, detail2: SQL) => ({
    kind: sql<"drawing" | "order">`${kind}`.as("kind"),
    id: sql<string>`${id}`.as("id"),
    number: sql<string | null>`${number}`.as("number"),
    since: sql<number>`${since}`.as("since"),
    // A drawing's type and revision; the order's placer.
    detail: sql<string | null>`${detail}`.as("detail"),
    detail2: sql<string | null>`${detail2}`.as("detail2"),
  });
  const drawingsWaiting = scope.db
    .select(row("drawing", drawings.id, drawings.drawing_number, drawingRevisions.created_at, sql`${drawings.drawing_type}`, sql`${drawings.revision}`))
    .from(drawings)
    .innerJoin(
      drawingRevisions,
      and(eq(drawingRevisions.tenant_id, drawings.tenant_id), eq(drawingRevisions.drawing_id, drawings.id), eq(drawingRevisions.revision, drawings.revision)),
    )
    .where(ofTenant(scope, drawings, approves.drawings ? undefined : none, eq(drawings.status, "current"), visibleTo(drawings, viewer), notApproved(scope)));
  const ordersWaiting = scope.db
    .select(row("order", orders.id, orders.number, orders.updated_at, sql`${users.name}`, sql`null`))
    .from(orders)
    .innerJoin(quotes, quoteOfOrder)
    .leftJoin(users, and(eq(users.tenant_id, orders.tenant_id), eq(users.id, orders.placed_by)))
    .where(ofTenant(scope, orders, approves.orders ? undefined : none, seen, eq(orders.status, "awaiting_approval")));
  return drawingsWaiting.unionAll(ordersWaiting).orderBy(sql`since`, sql`id`).limit(SECTION_LIMIT);
}

/**
 * Every read of a customer's dashboard, as statements for one D1 batch (one
 * round trip, a fixed number of queries however much the company has). Rows
 * are limited by `visibleTo` on the quote they hang from (orders, shipments,
 * drawings follow their quote), so a customer user sees only their assigned
 * projects' work; projects by `projectsVisibleTo` (none for an account of no company).
 */
export function dashboardReads(scope: Scope, viewer: Viewer, projectViewer: ProjectViewer | null, approves: Approves, now: number) {
  const seen = visibleTo(quotes, viewer);
  const quoteRef = {
    quote_id: named<string>(quotes.id, "quote_id"),
    quote_number: named<string>(quotes.number, "quote_number"),
    project_id: named<string | null>(quotes.project_id, "project_id"),
  };
  const orderRef = { order_id: named<string>(orders.id, "order_id"), order_number: named<string | null>(orders.number, "order_number") };
  const projectNumber = named<string | null>(projects.number, "project_number");
  const inProgress = ofTenant(scope, orders, seen, ne(orders.status, "cancelled"), or(mosOf(GONE_MO), sql`not ${mosOf(null)}`));
  // The soonest due first (by the result column, so its sub-query runs once a row), then those with none, the latest placed first.
  const soonestDue = (t: { created_at: SQLiteColumn; id: SQLiteColumn }) => [sql`due_at is null`, sql`due_at`, desc(t.created_at), desc(t.id)];
  // Orders not cancelled with a line not yet shipped (or none planned yet): the section's ten, and how many there are.
  const listed = scope.db
    .select({
      id: orders.id,
      number: orders.number,
      status: orders.status,
      paid_at: orders.paid_at,
      created_at: orders.created_at,
      due_at: dueOf.as("due_at"),
      ...quoteRef,
      project_number: projectNumber,
      total: sql<number>`count(*) over ()`.as("total"),
    })
    .from(orders)
    .innerJoin(quotes, quoteOfOrder)
    .leftJoin(projects, projectOfQuote)
    .where(inProgress)
    .orderBy(...soonestDue(orders))
    .limit(SECTION_LIMIT)
    .as("listed");
  return [
    // Active projects, most recently changed first; a company-less account gets none (`id = ''` matches no row).
    scope.db
      .select({ id: projects.id, number: projects.number, name: projects.name, reference: projects.reference, updated_at: projects.updated_at, total })
      .from(projects)
      .where(ofTenant(scope, projects, projectViewer ? projectsVisibleTo(projectViewer) : eq(projects.id, ""), eq(projects.status, "active")))
      .orderBy(desc(projects.updated_at), desc(projects.id))
      .limit(SECTION_LIMIT),
    // Quotes waiting for the buyer's decision and still valid, the soonest to expire first.
    scope.db
      .select({
        id: quotes.id,
        number: quotes.number,
        title: quotes.title,
        status: quotes.status,
        currency: quotes.currency,
        totals: quotes.totals,
        valid_until: quotes.valid_until,
        project_id: quotes.project_id,
        project_number: projectNumber,
        total,
      })
      .from(quotes)
      .leftJoin(projects, projectOfQuote)
      .where(ofTenant(scope, quotes, seen, showsStatusIn(["priced", "sent"], now)))
      .orderBy(sql`${quotes.valid_until} is null`, asc(quotes.valid_until), desc(quotes.created_at))
      .limit(SECTION_LIMIT),
    // Those ten orders with their lines (MOs, for their stage), read for the ten only.
    scope.db
      .select({
        id: listed.id,
        number: listed.number,
        status: listed.status,
        paid_at: listed.paid_at,
        created_at: listed.created_at,
        due_at: listed.due_at,
        quote_id: listed.quote_id,
        quote_number: listed.quote_number,
        project_id: listed.project_id,
        project_number: listed.project_number,
        total: sql<number>`${listed.total}`.mapWith(Number).as("total"),
        // `listed.id` by name: drizzle writes a sub-query's columns unqualified, which inside this read would mean the MO's id.
        lines:
          sql<string>`(select json_group_array(json_object('status', m.status, 'routing', json(m.routing), 'operations', json(m.operations), 'due_at', m.due_at))
          from ${manufacturingOrders} m where m.tenant_id = ${scope.tenantId} and m.order_id = listed.id)`.as("lines"),
      })
      .from(listed)
      .orderBy(...soonestDue(listed)),
    // Shipments on their way (shipped, not yet delivered), the latest first.
    scope.db
      .select({
        id: shipments.id,
        number: shipments.number,
        carrier: shipments.carrier,
        tracking_url: shipments.tracking_url,
        shipped_at: shipments.shipped_at,
        ...orderRef,
        total,
      })
      .from(shipments)
      .innerJoin(orders, orderOfShipment)
      .innerJoin(quotes, quoteOfOrder)
      .where(ofTenant(scope, shipments, seen, eq(shipments.status, "shipped")))
      .orderBy(desc(shipments.shipped_at))
      .limit(SECTION_LIMIT),
    // Recent activity: every kind of event in two compound reads, the latest first.
    ...recentActivity(scope, seen),
    // What waits for the caller's approval.
    awaitingApprovalRead(scope, viewer, seen, approves),
  ] as const;
}
