import { z } from "@hono/zod-openapi";
import { ALL_DRAWING_TYPES, ISO_SCALES, SHEET_FORMATS } from "../../../engine/drawings/index.ts";
import { APPROVAL_DECISIONS, DRAWING_FORMATS, DRAWING_REQUEST_STATUSES, DRAWING_REVISION_STATUSES } from "../../db/schema/index.ts";
import { Id } from "../schemas.ts";

/**
 * Drawing requests, drawings and their revisions (issue 12). The request's
 * drawing types, scale, sheet and formats are plain strings here so an unknown
 * one is a 422 naming its field, not a schema 400.
 */
const Text = (max: number) => z.string().trim().min(1, "is required").max(max);

export const CreateDrawingRequest = z
  .strictObject({
    configuration_id: Id.optional(),
    quote_id: Id.optional().openapi({ description: "Draws every configured item of the quote" }),
    drawing_types: z
      .array(z.string().max(32))
      .min(1, "name at least one drawing type")
      .max(ALL_DRAWING_TYPES.length)
      .openapi({ example: ["elevation", "plan"], description: `Any of ${ALL_DRAWING_TYPES.join(", ")} the product offers` }),
    scale: z
      .string()
      .max(16)
      .default("auto")
      .openapi({ example: "auto", description: `"auto" (the largest that fits) or one of ${ISO_SCALES.join(", ")}` }),
    sheet: z
      .string()
      .max(8)
      .default("A3")
      .openapi({ example: "A3", description: `One of ${Object.keys(SHEET_FORMATS).join(", ")}` }),
    formats: z
      .array(z.string().max(8))
      .min(1, "name at least one format")
      .max(DRAWING_FORMATS.length)
      .default([...DRAWING_FORMATS])
      .openapi({ example: ["pdf", "dxf"], description: DRAWING_FORMATS.join(", ") }),
    project_reference: Text(120).optional(),
    notes: Text(2000).optional(),
  })
  .openapi("CreateDrawingRequest");

export const DrawingRequestCreated = z
  .object({
    id: z.string(),
    request_number: z.string().openapi({ example: "DR-2026-0001" }),
    status: z.enum(DRAWING_REQUEST_STATUSES),
    tracking_url: z.string().openapi({ description: "`GET` it for the request's status and progress" }),
  })
  .openapi("DrawingRequestCreated");

export const DrawingRequestView = DrawingRequestCreated.extend({
  configuration_id: z.string().nullable(),
  quote_id: z.string().nullable(),
  progress: z.number().int().openapi({ description: "Percent of the request's drawings stored" }),
  drawing_types: z.array(z.string()),
  scale: z.string(),
  sheet: z.string(),
  formats: z.array(z.enum(DRAWING_FORMATS)),
  project_reference: z.string().nullable(),
  notes: z.string().nullable(),
  error_code: z.string().nullable(),
  error_message: z.string().nullable(),
  drawing_ids: z.array(z.string()).openapi({ description: "The drawings it made, once completed" }),
  created_at: z.string().nullable(),
  started_at: z.string().nullable(),
  finished_at: z.string().nullable(),
}).openapi("DrawingRequest");

export const DrawingView = z
  .object({
    id: z.string(),
    drawing_number: z.string().openapi({ example: "SPW600E-ELV-001" }),
    drawing_type: z.string(),
    revision: z.string().openapi({ example: "A" }),
    status: z.enum(["current", "superseded"]),
    scale: z.string().openapi({ example: "1:20", description: "The scale the sheet is drawn at" }),
    sheet: z.string(),
    formats: z.array(z.enum(DRAWING_FORMATS)),
    configuration_id: z.string(),
    quote_id: z.string().nullable(),
    request_id: z.string(),
    created_at: z.string().nullable(),
  })
  .openapi("Drawing");

export const DrawingRevisionView = z
  .object({
    revision: z.string(),
    status: z.enum(DRAWING_REVISION_STATUSES),
    reason: z.string(),
    changes: z.array(z.string()),
    created_at: z.string().nullable(),
    created_by: z.string().nullable(),
  })
  .openapi("DrawingRevision");

export const CreateDrawingRevision = z
  .strictObject({
    reason: Text(500),
    changes: z.array(Text(500)).max(50).default([]),
    revision: z.string().max(8).optional().openapi({ description: "The revision being revised; refused (409) unless it is the current one" }),
  })
  .openapi("CreateDrawingRevision");

export const CreateDrawingApproval = z
  .strictObject({
    decision: z.enum(APPROVAL_DECISIONS),
    revision: z
      .string()
      .max(8)
      .optional()
      .openapi({ description: "The revision decided on (default: the current one); a superseded revision is refused (409) naming the current one" }),
    comments: z
      .string()
      .trim()
      .max(2000, "must be at most 2,000 characters")
      .optional()
      .openapi({ description: "Required to reject, unless sheet_comments say what to change" }),
    sheet_comments: z
      .array(z.strictObject({ sheet: Text(40).openapi({ description: "The sheet's number, e.g. 1" }), comment: Text(1000) }))
      .max(50)
      .default([]),
  })
  .openapi("CreateDrawingApproval");

export const DrawingApprovalView = z
  .object({
    id: z.string(),
    drawing_id: z.string(),
    revision: z.string(),
    decision: z.enum(APPROVAL_DECISIONS),
    comments: z.string().nullable(),
    sheet_comments: z.array(z.object({ sheet: z.string(), comment: z.string() })),
    decided_by: z.object({
      id: z.string().nullable().openapi({ description: "null to a customer when the shop recorded it for them" }),
      name: z.string().nullable().openapi({ description: "The approver's name; null to a customer when the shop recorded it for them" }),
      on_behalf: z.boolean().openapi({ description: "The shop recorded the customer's decision (received by e-mail or on paper)" }),
    }),
    requested_revision: z.string().nullable().openapi({ description: "A rejection: the revision it asked the shop for" }),
    created_at: z.string().nullable(),
  })
  .openapi("DrawingApproval");

export const DrawingFormatQuery = z.object({
  format: z.enum(DRAWING_FORMATS).default("pdf").openapi({ example: "pdf" }),
  revision: z.string().max(8).optional().openapi({ description: "A superseded revision's files (default: the current revision)" }),
});

/** A signed link's parts. Each is checked by the handler after the drawing is found, so a drawing the caller cannot see is a 404 whatever the link says. */
export const DrawingFileQuery = z.object({
  document: Id.optional(),
  revision: z.string().max(8).optional(),
  expires: z.coerce.number().int().optional(),
  signature: z.string().max(100).optional(),
});
