import { and, eq, inArray, lt, or, sql, type SQL } from "drizzle-orm";
import type { SQLiteColumn } from "drizzle-orm/sqlite-core";
import { decodeCursor, pageOf, type PageRequest } from "./paging.ts";
import { ofTenant, type Scope } from "./scope.ts";
import {
  drawingRevisions,
  drawings,
  invoices,
  manufacturingOrders,
  orders,
  qcCheckpoints,
  quotes,
  shipments,
  specifications,
  technicalPackages,
} from "./schema/index.ts";
import { visibleTo, type Viewer } from "./viewer.ts";

/**
 * The document centre's sources (decision 57): every file a company's people
 * can download, each read by one query per type whatever the page holds.
 * A document's id is `{type}.{source id}` (a drawing's adds `.{revision}`),
 * so the id alone says where its bytes come from.
 */
export const DOCUMENT_TYPES = [
  "quote",
  "order_confirmation",
  "drawing",
  "technical_package",
  "specification",
  "packing_list",
  "delivery_note",
  "qc_report",
  "invoice",
] as const;
export type DocumentType = (typeof DOCUMENT_TYPES)[number];

export interface DocumentRow {
  id: string;
  type: DocumentType;
  /** The number the title names: the quote's, order's, drawing's or shipment's. */
  number: string | null;
  revision: string | null;
  superseded: boolean;
  at: number;
  quote_id: string | null;
  order_id: string | null;
  project_id: string | null;
}

export interface DocumentFilters {
  projectId?: string;
  /** Only the documents of this order (its quote's, its drawings', its shipments', its invoice…). */
  orderId?: string;
  type?: DocumentType;
  /** Just this document (findVisibleDocument): its source row by primary key. */
  document?: ParsedDocumentId;
}

/** Parts of a document id: its type and the ids it names, or undefined for anything that is not one. */
export interface ParsedDocumentId {
  type: DocumentType;
  sourceId: string;
  revision?: string;
}

export function parseDocumentId(id: string): ParsedDocumentId | undefined {
  const [type, sourceId, revision, ...rest] = id.split(".");
  if (!DOCUMENT_TYPES.includes(type as DocumentType) || !sourceId || rest.length > 0) return undefined;
  if ((type === "drawing") !== (revision !== undefined) || revision === "") return undefined;
  return { type: type as DocumentType, sourceId, ...(revision === undefined ? {} : { revision }) };
}

const TYPE_LABEL = (type: string) => sql<DocumentType>`${type}`;

/** A quote the viewer may see, as a row of the joined `quotes` (its project scoping included, decision 49). */
const quoteSeen = (viewer: Viewer, projectId: string | undefined) => and(visibleTo(quotes, viewer), projectId ? eq(quotes.project_id, projectId) : undefined);

/** One source's page: keyset over (time, document id) newest first, the cursor's row excluded. */
function keysetOf(column: SQL | SQLiteColumn, id: SQL, page: PageRequest) {
  const at = sql`${column}`;
  const key = page.cursor === undefined ? undefined : decodeCursor(page.cursor);
  if (page.cursor !== undefined && !key) throw new Error("documents: invalid cursor");
  return {
    after: key && or(lt(at, key[0]), and(eq(at, key[0]), lt(id, key[1]))),
    orderBy: [sql`${at} desc`, sql`${id} desc`],
  };
}

/**
 * Every document the viewer may see, newest first: one query per type (nine at
 * most, one with a type filter), merged and cut to the page. Rows of another
 * company, of an unassigned project (a company's users and viewers) or of
 * another tenant never appear.
 */
export async function listDocuments(scope: Scope, viewer: Viewer, filters: DocumentFilters, page: PageRequest) {
  const wanted = (type: DocumentType) => !filters.type || filters.type === type;
  const n = page.limit + 1;
  const only = (column: SQLiteColumn) =>
    and(filters.document ? eq(column, filters.document.sourceId) : undefined, filters.orderId ? eq(orders.id, filters.orderId) : undefined);
  const sources: Promise<DocumentRow[]>[] = [];

  if (wanted("quote")) {
    const id = sql<string>`'quote.' || ${quotes.id}`;
    const { after, orderBy } = keysetOf(quotes.created_at, id, page);
    sources.push(
      scope.db
        .select({
          id,
          type: TYPE_LABEL("quote"),
          number: quotes.number,
          revision: sql<string>`cast(${quotes.revision} as text)`,
          superseded: sql<boolean>`0`,
          at: quotes.created_at,
          quote_id: quotes.id,
          order_id: orders.id,
          project_id: quotes.project_id,
        })
        .from(quotes)
        .leftJoin(orders, and(eq(orders.tenant_id, quotes.tenant_id), eq(orders.quote_id, quotes.id)))
        // A price is what the PDF states: drafts and quotes still being priced have none yet.
        .where(
          ofTenant(
            scope,
            quotes,
            inArray(quotes.status, ["priced", "sent", "accepted", "rejected", "expired"]),
            quoteSeen(viewer, filters.projectId),
            only(quotes.id),
            after,
          ),
        )
        .orderBy(...orderBy)
        .limit(n),
    );
  }

  if (wanted("order_confirmation")) {
    const id = sql<string>`'order_confirmation.' || ${orders.id}`;
    const { after, orderBy } = keysetOf(orders.created_at, id, page);
    sources.push(
      scope.db
        .select({
          id,
          type: TYPE_LABEL("order_confirmation"),
          number: orders.number,
          revision: sql<string | null>`null`,
          superseded: sql<boolean>`0`,
          at: orders.created_at,
          quote_id: quotes.id,
          order_id: orders.id,
          project_id: quotes.project_id,
        })
        .from(orders)
        .innerJoin(quotes, and(eq(quotes.tenant_id, orders.tenant_id), eq(quotes.id, orders.quote_id)))
        .where(ofTenant(scope, orders, quoteSeen(viewer, filters.projectId), only(orders.id), after))
        .orderBy(...orderBy)
        .limit(n),
    );
  }

  if (wanted("drawing")) {
    const id = sql<string>`'drawing.' || ${drawings.id} || '.' || ${drawingRevisions.revision}`;
    const { after, orderBy } = keysetOf(drawingRevisions.created_at, id, page);
    sources.push(
      scope.db
        .select({
          id,
          type: TYPE_LABEL("drawing"),
          number: drawings.drawing_number,
          revision: drawingRevisions.revision,
          // Replaced by a later revision, or the whole drawing by a newer drawing of the same view.
          superseded: sql<boolean>`(${drawingRevisions.status} = 'superseded' or ${drawings.status} = 'superseded')`,
          at: drawingRevisions.created_at,
          quote_id: drawings.quote_id,
          order_id: orders.id,
          project_id: quotes.project_id,
        })
        .from(drawingRevisions)
        .innerJoin(drawings, and(eq(drawings.tenant_id, drawingRevisions.tenant_id), eq(drawings.id, drawingRevisions.drawing_id)))
        .leftJoin(quotes, and(eq(quotes.tenant_id, drawings.tenant_id), eq(quotes.id, drawings.quote_id)))
        .leftJoin(orders, and(eq(orders.tenant_id, drawings.tenant_id), eq(orders.quote_id, drawings.quote_id)))
        .where(
          ofTenant(
            scope,
            drawingRevisions,
            inArray(drawings.status, ["current", "superseded"]),
            // The drawing routes' own rule: a drawing of an unassigned project's quote stays out (decisions 49, 66).
            visibleTo(drawings, viewer),
            filters.projectId ? eq(quotes.project_id, filters.projectId) : undefined,
            only(drawings.id),
            filters.document?.revision === undefined ? undefined : eq(drawingRevisions.revision, filters.document.revision),
            after,
          ),
        )
        .orderBy(...orderBy)
        .limit(n),
    );
  }

  if (wanted("technical_package")) {
    const id = sql<string>`'technical_package.' || ${technicalPackages.quote_id}`;
    const at = sql<number>`coalesce(${technicalPackages.finished_at}, ${technicalPackages.requested_at})`;
    const { after, orderBy } = keysetOf(at, id, page);
    sources.push(
      scope.db
        .select({
          id,
          type: TYPE_LABEL("technical_package"),
          number: quotes.number,
          revision: sql<string>`substr(${technicalPackages.rev}, 1, 8)`,
          superseded: sql<boolean>`0`,
          at,
          quote_id: quotes.id,
          order_id: orders.id,
          project_id: quotes.project_id,
        })
        .from(technicalPackages)
        .innerJoin(quotes, and(eq(quotes.tenant_id, technicalPackages.tenant_id), eq(quotes.id, technicalPackages.quote_id)))
        .leftJoin(orders, and(eq(orders.tenant_id, quotes.tenant_id), eq(orders.quote_id, quotes.id)))
        .where(
          ofTenant(
            scope,
            technicalPackages,
            eq(technicalPackages.status, "ready"),
            quoteSeen(viewer, filters.projectId),
            only(technicalPackages.quote_id),
            after,
          ),
        )
        .orderBy(...orderBy)
        .limit(n),
    );
  }

  for (const type of ["packing_list", "delivery_note"] as const) {
    if (!wanted(type)) continue;
    const id = sql<string>`${`${type}.`} || ${shipments.id}`;
    const { after, orderBy } = keysetOf(shipments.shipped_at, id, page);
    sources.push(
      scope.db
        .select({
          id,
          type: TYPE_LABEL(type),
          number: shipments.number,
          revision: sql<string | null>`null`,
          superseded: sql<boolean>`0`,
          at: shipments.shipped_at,
          quote_id: quotes.id,
          order_id: orders.id,
          project_id: quotes.project_id,
        })
        .from(shipments)
        .innerJoin(orders, and(eq(orders.tenant_id, shipments.tenant_id), eq(orders.id, shipments.order_id)))
        .innerJoin(quotes, and(eq(quotes.tenant_id, orders.tenant_id), eq(quotes.id, orders.quote_id)))
        .where(ofTenant(scope, shipments, quoteSeen(viewer, filters.projectId), only(shipments.id), after))
        .orderBy(...orderBy)
        .limit(n),
    );
  }

  if (wanted("specification")) {
    // A specification made for a quote; one of a configuration alone (no quote) belongs to no company's centre.
    const id = sql<string>`'specification.' || ${specifications.id}`;
    const { after, orderBy } = keysetOf(specifications.created_at, id, page);
    sources.push(
      scope.db
        .select({
          id,
          type: TYPE_LABEL("specification"),
          number: quotes.number,
          revision: sql<string | null>`null`,
          superseded: sql<boolean>`0`,
          at: specifications.created_at,
          quote_id: quotes.id,
          order_id: orders.id,
          project_id: quotes.project_id,
        })
        .from(specifications)
        .innerJoin(quotes, and(eq(quotes.tenant_id, specifications.tenant_id), eq(quotes.id, specifications.quote_id)))
        .leftJoin(orders, and(eq(orders.tenant_id, quotes.tenant_id), eq(orders.quote_id, quotes.id)))
        .where(ofTenant(scope, specifications, quoteSeen(viewer, filters.projectId), only(specifications.id), after))
        .orderBy(...orderBy)
        .limit(n),
    );
  }

  if (wanted("qc_report")) {
    // One per order once a checkpoint is recorded on one of its MOs, dated by the latest: it is drawn from the records on download.
    const id = sql<string>`'qc_report.' || ${orders.id}`;
    const at = sql<number>`(SELECT max(${qcCheckpoints.created_at}) FROM ${qcCheckpoints} INNER JOIN ${manufacturingOrders} ON ${manufacturingOrders.tenant_id} = ${qcCheckpoints.tenant_id} AND ${manufacturingOrders.id} = ${qcCheckpoints.manufacturing_order_id} WHERE ${qcCheckpoints.tenant_id} = ${scope.tenantId} AND ${manufacturingOrders.order_id} = ${orders.id})`;
    const { after, orderBy } = keysetOf(at, id, page);
    sources.push(
      scope.db
        .select({
          id,
          type: TYPE_LABEL("qc_report"),
          number: orders.number,
          revision: sql<string | null>`null`,
          superseded: sql<boolean>`0`,
          at,
          quote_id: quotes.id,
          order_id: orders.id,
          project_id: quotes.project_id,
        })
        .from(orders)
        .innerJoin(quotes, and(eq(quotes.tenant_id, orders.tenant_id), eq(quotes.id, orders.quote_id)))
        .where(ofTenant(scope, orders, sql`${at} IS NOT NULL`, quoteSeen(viewer, filters.projectId), only(orders.id), after))
        .orderBy(...orderBy)
        .limit(n),
    );
  }

  if (wanted("invoice")) {
    const id = sql<string>`'invoice.' || ${invoices.id}`;
    const { after, orderBy } = keysetOf(invoices.issued_at, id, page);
    sources.push(
      scope.db
        .select({
          id,
          type: TYPE_LABEL("invoice"),
          number: invoices.number,
          revision: sql<string | null>`null`,
          superseded: sql<boolean>`0`,
          at: invoices.issued_at,
          quote_id: quotes.id,
          order_id: orders.id,
          project_id: quotes.project_id,
        })
        .from(invoices)
        .innerJoin(orders, and(eq(orders.tenant_id, invoices.tenant_id), eq(orders.id, invoices.order_id)))
        .innerJoin(quotes, and(eq(quotes.tenant_id, orders.tenant_id), eq(quotes.id, orders.quote_id)))
        .where(ofTenant(scope, invoices, quoteSeen(viewer, filters.projectId), only(invoices.id), after))
        .orderBy(...orderBy)
        .limit(n),
    );
  }

  const rows = (await Promise.all(sources)).flat().map((r) => ({ ...r, superseded: Boolean(r.superseded) }));
  rows.sort((a, b) => b.at - a.at || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
  return pageOf(rows.slice(0, n), page.limit, (r) => [r.at, r.id]);
}

/** The one document with this id the viewer may see (by the listing's own conditions), or undefined. */
export async function findVisibleDocument(scope: Scope, viewer: Viewer, id: string): Promise<DocumentRow | undefined> {
  const parsed = parseDocumentId(id);
  if (!parsed) return undefined;
  return (await listDocuments(scope, viewer, { type: parsed.type, document: parsed }, { limit: 1 })).data[0];
}
