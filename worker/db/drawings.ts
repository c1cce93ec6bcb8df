import { atHome } from "./shards.ts";
import { and, asc, eq, inArray, isNotNull, lt, ne, or, sql, type SQL } from "drizzle-orm";
import type { Db } from "./client.ts";
import { keyset, pageOf, type PageRequest } from "./paging.ts";
import { documentNumber, drawingSequence } from "./numbers.ts";
import { ofTenant, type Scope } from "./scope.ts";
import {
  documents,
  drawingRequests,
  drawingRevisions,
  drawings,
  quoteItems,
  type DrawingRequestBody,
  type DrawingRequestStatus,
  type DrawingFormat,
  type DrawingStatus,
} from "./schema/index.ts";
import { visibleTo, type Viewer } from "./viewer.ts";

export type DrawingRequest = typeof drawingRequests.$inferSelect;
export type Drawing = typeof drawings.$inferSelect;
export type DrawingRevision = typeof drawingRevisions.$inferSelect;
export type StoredDocument = typeof documents.$inferSelect;

/** Who owns a request's drawings: the owner columns of the configuration or quote they draw. */
export interface Owner {
  owner_user_id: string | null;
  customer_id: string | null;
  guest_session_hash: string | null;
}

export interface NewDrawingRequest extends Owner {
  configuration_id: string | null;
  quote_id: string | null;
  body: DrawingRequestBody;
  created_by: string | null;
}

/** Inserts a pending request under the next DR-YYYY-NNNN; returns its id. */
export async function insertDrawingRequest(scope: Scope, r: NewDrawingRequest, now = Date.now()) {
  const id = crypto.randomUUID();
  const { advance, number } = documentNumber(scope, "DR", new Date(now).getUTCFullYear());
  await scope.db.batch([
    advance,
    scope.db
      .insert(drawingRequests)
      .values({ id, tenant_id: scope.tenantId, number: sql`${number}` as unknown as string, status: "pending", ...r, updated_at: now }),
  ]);
  return id;
}

export const findDrawingRequest = (scope: Scope, id: string, viewer: Viewer) =>
  scope.db.query.drawingRequests.findFirst({ where: ofTenant(scope, drawingRequests, eq(drawingRequests.id, id), visibleTo(drawingRequests, viewer)) });

export function listDrawingRequests(scope: Scope, viewer: Viewer, page: PageRequest) {
  const { after, orderBy } = keyset(drawingRequests.created_at, drawingRequests.id, page);
  return scope.db
    .select()
    .from(drawingRequests)
    .where(ofTenant(scope, drawingRequests, visibleTo(drawingRequests, viewer), after))
    .orderBy(...orderBy)
    .limit(page.limit + 1)
    .then((rows) => pageOf(rows, page.limit, (r) => [r.created_at, r.id]));
}

export const updateDrawingRequest = (scope: Scope, id: string, set: Partial<typeof drawingRequests.$inferInsert>) =>
  scope.db
    .update(drawingRequests)
    .set({ ...set, updated_at: Date.now() })
    .where(ofTenant(scope, drawingRequests, eq(drawingRequests.id, id)));

/** The update of a request still in one of `from`, for a batch (a cancel and the runner race through it). */
export const transitionDrawingRequestStatement = (
  scope: Scope,
  id: string,
  from: DrawingRequestStatus[],
  set: Partial<typeof drawingRequests.$inferInsert>,
  ...conditions: SQL[]
) =>
  scope.db
    .update(drawingRequests)
    .set({ ...set, updated_at: Date.now() })
    .where(ofTenant(scope, drawingRequests, eq(drawingRequests.id, id), inArray(drawingRequests.status, from), ...conditions))
    .returning({ id: drawingRequests.id });

export const transitionDrawingRequest = async (
  scope: Scope,
  id: string,
  from: DrawingRequestStatus[],
  set: Partial<typeof drawingRequests.$inferInsert>,
  ...conditions: SQL[]
) => (await transitionDrawingRequestStatement(scope, id, from, set, ...conditions)).length > 0;

/** The request is as the sweep read it: nothing changed it since (a late run wins over the sweep). */
export const requestUnchangedSince = (updatedAt: number) => eq(drawingRequests.updated_at, updatedAt);

/** Requests of every tenant pending or processing with no change since `olderThan` (the sweep); served by the partial index. */
export const strandedDrawingRequests = (db: Db, olderThan: number, limit: number) =>
  db
    .select({
      id: drawingRequests.id,
      tenant_id: drawingRequests.tenant_id,
      configuration_id: drawingRequests.configuration_id,
      quote_id: drawingRequests.quote_id,
      status: drawingRequests.status,
      attempts: drawingRequests.attempts,
      updated_at: drawingRequests.updated_at,
    })
    .from(drawingRequests)
    .where(and(inArray(drawingRequests.status, ["pending", "processing"]), lt(drawingRequests.updated_at, olderThan), atHome(drawingRequests)))
    .limit(limit);

export interface NewDrawing extends Owner {
  prefix: string;
  request_id: string;
  configuration_id: string;
  quote_id: string | null;
  family: string;
  drawing_type: string;
  sheet: string;
  formats: DrawingFormat[];
}

/**
 * Numbers the drawings a request makes, each under its prefix's gapless
 * sequence, as `pending` rows. The caller numbers only the ones its request
 * has not numbered yet (a request runs one attempt at a time), so a retry
 * leaves no gap.
 */
export async function numberDrawings(scope: Scope, items: NewDrawing[]) {
  const now = Date.now();
  const statements = items.flatMap(({ prefix, ...d }) => {
    const { advance, number } = drawingSequence(scope, prefix);
    return [
      advance,
      scope.db.insert(drawings).values({
        id: crypto.randomUUID(),
        tenant_id: scope.tenantId,
        drawing_number: sql`${number}` as unknown as string,
        status: "pending",
        ...d,
        updated_at: now,
      }),
    ];
  });
  if (statements.length) await scope.db.batch(statements as [(typeof statements)[number], ...typeof statements]);
}

export const drawingsOfRequest = (scope: Scope, requestId: string) =>
  scope.db
    .select()
    .from(drawings)
    .where(ofTenant(scope, drawings, eq(drawings.request_id, requestId)))
    .orderBy(asc(drawings.drawing_number));

/** Drawings that were issued (current or superseded); pending and failed ones are numbers without files. */
const issued = () => inArray(drawings.status, ["current", "superseded"]);

export const findDrawing = (scope: Scope, id: string, viewer: Viewer) =>
  scope.db.query.drawings.findFirst({ where: ofTenant(scope, drawings, eq(drawings.id, id), issued(), visibleTo(drawings, viewer)) });

export const findDrawingByNumber = (scope: Scope, number: string, viewer: Viewer) =>
  scope.db.query.drawings.findFirst({
    where: ofTenant(scope, drawings, eq(drawings.drawing_number, number), issued(), visibleTo(drawings, viewer)),
  });

export interface DrawingFilters {
  configuration_id?: string;
  quote_id?: string;
  drawing_type?: string;
  status?: Extract<DrawingStatus, "current" | "superseded">;
  /** An order's quote: drawings requested for the quote and drawings of the configurations on it. */
  order_quote_id?: string;
}

/** Drawings of a quote: requested for it, or of a configuration one of its items carries. */
export const ofQuote = (scope: Scope, quoteId: string) =>
  or(
    eq(drawings.quote_id, quoteId),
    inArray(
      drawings.configuration_id,
      scope.db
        .select({ id: quoteItems.configuration_id })
        .from(quoteItems)
        .where(ofTenant(scope, quoteItems, eq(quoteItems.quote_id, quoteId), isNotNull(quoteItems.configuration_id))),
    ),
  );

/** Issued drawings, newest first. */
export function listDrawings(scope: Scope, viewer: Viewer, f: DrawingFilters, page: PageRequest) {
  const { after, orderBy } = keyset(drawings.created_at, drawings.id, page);
  return scope.db
    .select()
    .from(drawings)
    .where(
      ofTenant(
        scope,
        drawings,
        visibleTo(drawings, viewer),
        f.status ? eq(drawings.status, f.status) : issued(),
        f.configuration_id ? eq(drawings.configuration_id, f.configuration_id) : undefined,
        f.quote_id ? eq(drawings.quote_id, f.quote_id) : undefined,
        f.drawing_type ? eq(drawings.drawing_type, f.drawing_type) : undefined,
        f.order_quote_id ? ofQuote(scope, f.order_quote_id) : undefined,
        after,
      ),
    )
    .orderBy(...orderBy)
    .limit(page.limit + 1)
    .then((rows) => pageOf(rows, page.limit, (r) => [r.created_at, r.id]));
}

/** Marks a request's drawings failed, only once the request itself is failed (after its own transition in the same batch). */
export const failDrawingsOfRequestStatement = (scope: Scope, requestId: string) =>
  scope.db
    .update(drawings)
    .set({ status: "failed", updated_at: Date.now() })
    .where(
      ofTenant(
        scope,
        drawings,
        eq(drawings.request_id, requestId),
        sql`exists (select 1 from ${drawingRequests} where ${drawingRequests.tenant_id} = ${scope.tenantId} and ${drawingRequests.id} = ${requestId} and ${drawingRequests.status} = 'failed')`,
      ),
    );

export const drawingUpdateStatement = (scope: Scope, id: string, set: Partial<typeof drawings.$inferInsert>, ...conditions: SQL[]) =>
  scope.db
    .update(drawings)
    .set({ ...set, updated_at: Date.now() })
    .where(ofTenant(scope, drawings, eq(drawings.id, id), ...conditions));

/** Earlier current drawings of the same configuration and type, superseded by a newly issued one. */
export const supersedeOlderStatement = (scope: Scope, d: Drawing) =>
  scope.db
    .update(drawings)
    .set({ status: "superseded", updated_at: Date.now() })
    .where(
      ofTenant(
        scope,
        drawings,
        eq(drawings.configuration_id, d.configuration_id),
        eq(drawings.drawing_type, d.drawing_type),
        eq(drawings.status, "current"),
        ne(drawings.id, d.id),
      ),
    );

export const revisionsOfDrawing = (scope: Scope, drawingId: string) =>
  scope.db
    .select()
    .from(drawingRevisions)
    .where(ofTenant(scope, drawingRevisions, eq(drawingRevisions.drawing_id, drawingId)))
    .orderBy(asc(drawingRevisions.created_at), asc(drawingRevisions.revision));

export const insertRevisionStatement = (scope: Scope, r: Omit<typeof drawingRevisions.$inferInsert, "id" | "tenant_id">) =>
  scope.db.insert(drawingRevisions).values({ id: crypto.randomUUID(), tenant_id: scope.tenantId, ...r });

export const supersedeRevisionStatement = (scope: Scope, drawingId: string, revision: string) =>
  scope.db
    .update(drawingRevisions)
    .set({ status: "superseded" })
    .where(ofTenant(scope, drawingRevisions, eq(drawingRevisions.drawing_id, drawingId), eq(drawingRevisions.revision, revision)));

export const findDocument = (scope: Scope, id: string) => scope.db.query.documents.findFirst({ where: ofTenant(scope, documents, eq(documents.id, id)) });

/** A stored object with these bytes, if the tenant has one. */
export const documentWithSha = (scope: Scope, sha256: string) =>
  scope.db.query.documents.findFirst({ where: ofTenant(scope, documents, eq(documents.sha256, sha256)) });

export const insertDocumentStatement = (scope: Scope, d: Omit<typeof documents.$inferInsert, "tenant_id">) =>
  scope.db
    .insert(documents)
    .values({ tenant_id: scope.tenantId, ...d })
    .onConflictDoNothing();

/** The stored files of one revision of a numbered document. */
export const documentsOfRevision = (scope: Scope, kind: string, number: string, rev: string) =>
  scope.db
    .select()
    .from(documents)
    .where(ofTenant(scope, documents, eq(documents.kind, kind), eq(documents.number, number), eq(documents.rev, rev)));
