import { sql } from "drizzle-orm";
import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { createdAt, tenants } from "./core.ts";

/**
 * Drawings (issue 12, docs/decisions/0037-drawing-documents.md): a request
 * runs as a job and makes one drawing per configuration and drawing type;
 * each drawing has revisions A, B, …, each revision its files in the
 * versioned document store. Customer-visible rows copy the owner columns of
 * their configuration so `visibleTo` limits them like the configuration.
 */
export const DRAWING_REQUEST_STATUSES = ["pending", "processing", "completed", "failed", "cancelled"] as const;
export type DrawingRequestStatus = (typeof DRAWING_REQUEST_STATUSES)[number];
export const DRAWING_FORMATS = ["pdf", "svg", "dxf"] as const;
export type DrawingFormat = (typeof DRAWING_FORMATS)[number];
/** `pending`: numbered, its files not yet made (hidden from lists); `failed`: its request failed. */
export const DRAWING_STATUSES = ["pending", "current", "superseded", "failed"] as const;
export type DrawingStatus = (typeof DRAWING_STATUSES)[number];

export const drawingRequests = sqliteTable(
  "drawing_requests",
  {
    id: text("id").primaryKey(),
    tenant_id: text("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    /** DR-YYYY-NNNN, gapless per tenant and year (decision 2). */
    number: text("number").notNull(),
    configuration_id: text("configuration_id"),
    quote_id: text("quote_id"),
    status: text("status", { enum: DRAWING_REQUEST_STATUSES }).notNull(),
    progress: integer("progress").notNull().default(0),
    /** The request body as accepted: drawing_types, scale, sheet, formats, project_reference, notes. */
    body: text("body", { mode: "json" }).$type<DrawingRequestBody>().notNull(),
    attempts: integer("attempts").notNull().default(0),
    error_code: text("error_code"),
    error_message: text("error_message"),
    created_by: text("created_by"),
    owner_user_id: text("owner_user_id"),
    customer_id: text("customer_id"),
    guest_session_hash: text("guest_session_hash"),
    created_at: createdAt(),
    updated_at: integer("updated_at").notNull(),
    started_at: integer("started_at"),
    finished_at: integer("finished_at"),
  },
  (t) => [
    uniqueIndex("drawing_requests_tenant_number").on(t.tenant_id, t.number),
    index("drawing_requests_tenant_created").on(t.tenant_id, t.created_at),
    // The stranded-jobs sweep (decision 65): requests not yet settled, by their last change.
    index("drawing_requests_tenant_unsettled").on(t.tenant_id, t.updated_at).where(sql`status in ('pending', 'processing')`),
  ],
);

export interface DrawingRequestBody {
  drawing_types: string[];
  scale: string;
  sheet: string;
  formats: DrawingFormat[];
  project_reference: string | null;
  notes: string | null;
}

export const drawings = sqliteTable(
  "drawings",
  {
    id: text("id").primaryKey(),
    tenant_id: text("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    /** `{PRODUCT}-{VIEW}-{NNN}`, gapless per tenant and prefix. */
    drawing_number: text("drawing_number").notNull(),
    request_id: text("request_id").notNull(),
    configuration_id: text("configuration_id").notNull(),
    quote_id: text("quote_id"),
    family: text("family").notNull(),
    drawing_type: text("drawing_type").notNull(),
    status: text("status", { enum: DRAWING_STATUSES }).notNull(),
    /** The scale the sheet was drawn at ("auto" resolved). */
    scale: text("scale"),
    sheet: text("sheet").notNull(),
    formats: text("formats", { mode: "json" }).$type<DrawingFormat[]>().notNull(),
    /** The current revision's letter; null until the first issue is stored. */
    revision: text("revision"),
    owner_user_id: text("owner_user_id"),
    customer_id: text("customer_id"),
    guest_session_hash: text("guest_session_hash"),
    created_at: createdAt(),
    updated_at: integer("updated_at").notNull(),
  },
  (t) => [
    uniqueIndex("drawings_tenant_number").on(t.tenant_id, t.drawing_number),
    uniqueIndex("drawings_tenant_request_item").on(t.tenant_id, t.request_id, t.configuration_id, t.drawing_type),
    index("drawings_tenant_configuration").on(t.tenant_id, t.configuration_id, t.drawing_type),
    index("drawings_tenant_created").on(t.tenant_id, t.created_at),
  ],
);

export const DRAWING_REVISION_STATUSES = ["current", "superseded"] as const;

export const drawingRevisions = sqliteTable(
  "drawing_revisions",
  {
    id: text("id").primaryKey(),
    tenant_id: text("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    drawing_id: text("drawing_id").notNull(),
    revision: text("revision").notNull(),
    status: text("status", { enum: DRAWING_REVISION_STATUSES }).notNull(),
    reason: text("reason").notNull(),
    changes: text("changes", { mode: "json" }).$type<string[]>().notNull(),
    created_at: createdAt(),
    /** The user or API key that asked for it; null for the first issue and partner requests. */
    created_by: text("created_by"),
  },
  // One row per letter: two revisions racing for the same letter cannot both commit.
  (t) => [uniqueIndex("drawing_revisions_tenant_drawing_revision").on(t.tenant_id, t.drawing_id, t.revision)],
);

export const APPROVAL_DECISIONS = ["approved", "rejected"] as const;
export type ApprovalDecision = (typeof APPROVAL_DECISIONS)[number];

/**
 * A customer's sign-off on one revision of a drawing (issue 14, decision 53):
 * who decided, when, on which revision, with their comments (per sheet when
 * given). Rows are never changed; the latest for the drawing's current
 * revision is its approval state.
 */
export const drawingApprovals = sqliteTable(
  "drawing_approvals",
  {
    id: text("id").primaryKey(),
    tenant_id: text("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    drawing_id: text("drawing_id").notNull(),
    revision: text("revision").notNull(),
    decision: text("decision", { enum: APPROVAL_DECISIONS }).notNull(),
    comments: text("comments"),
    /** Comments by sheet number ("1", "2", …). */
    sheet_comments: text("sheet_comments", { mode: "json" }).$type<{ sheet: string; comment: string }[]>().notNull(),
    decided_by: text("decided_by").notNull(),
    /** The shop recorded it for the customer (a sign-off received by e-mail or on paper). */
    on_behalf: integer("on_behalf", { mode: "boolean" }).notNull().default(false),
    /** The revision the rejection asked for. */
    requested_revision: text("requested_revision"),
    created_at: createdAt(),
  },
  (t) => [index("drawing_approvals_tenant_drawing").on(t.tenant_id, t.drawing_id, t.created_at)],
);

/**
 * The versioned document store: one row per stored file version. The R2 key
 * `t/{tenant}/documents/{kind}/{number}/{rev}.{ext}` is never overwritten;
 * a version whose bytes equal a stored one points at that object instead.
 */
export const documents = sqliteTable(
  "documents",
  {
    id: text("id").primaryKey(),
    tenant_id: text("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    kind: text("kind").notNull(),
    number: text("number").notNull(),
    rev: text("rev").notNull(),
    ext: text("ext").notNull(),
    r2_key: text("r2_key").notNull(),
    sha256: text("sha256").notNull(),
    size: integer("size").notNull(),
    content_type: text("content_type").notNull(),
    created_at: createdAt(),
  },
  (t) => [uniqueIndex("documents_tenant_version").on(t.tenant_id, t.kind, t.number, t.rev, t.ext), index("documents_tenant_sha").on(t.tenant_id, t.sha256)],
);

export const TECHNICAL_PACKAGE_STATUSES = ["queued", "building", "ready", "failed"] as const;
export type TechnicalPackageStatus = (typeof TECHNICAL_PACKAGE_STATUSES)[number];

/**
 * A quote's technical package (decision 50): one row per quote, rebuilt in
 * place; its files are `documents` of kind `technical_package`, numbered by
 * the quote and versioned by a digest of their inputs, so identical inputs
 * find the files already stored. Visible to whoever sees the quote.
 */
export const technicalPackages = sqliteTable(
  "technical_packages",
  {
    id: text("id").primaryKey(),
    tenant_id: text("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    quote_id: text("quote_id").notNull(),
    status: text("status", { enum: TECHNICAL_PACKAGE_STATUSES }).notNull(),
    /** The digest (documents.rev) of the inputs the ready files were built from. */
    rev: text("rev"),
    pdf_document_id: text("pdf_document_id"),
    zip_document_id: text("zip_document_id"),
    attempts: integer("attempts").notNull().default(0),
    error_code: text("error_code"),
    error_message: text("error_message"),
    requested_at: integer("requested_at").notNull(),
    finished_at: integer("finished_at"),
    /** The last change of state or attempt; a row queued or building long after it is stranded (decision 65). */
    updated_at: integer("updated_at").notNull().default(0),
  },
  (t) => [
    uniqueIndex("technical_packages_tenant_quote").on(t.tenant_id, t.quote_id),
    index("technical_packages_tenant_unsettled").on(t.tenant_id, t.updated_at).where(sql`status in ('queued', 'building')`),
  ],
);
