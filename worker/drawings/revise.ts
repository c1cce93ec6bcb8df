import { nextRevision } from "../../engine/drawings/index.ts";
import { eq } from "drizzle-orm";
import { type Drawing, drawingUpdateStatement, insertRevisionStatement, revisionsOfDrawing, supersedeRevisionStatement } from "../db/drawings.ts";
import { drawings } from "../db/schema/index.ts";
import type { Scope } from "../db/scope.ts";
import type { Env } from "../env.ts";
import { loadConfigured } from "../products/configured-product.ts";
import { outboxStatements } from "../webhooks/outbox.ts";
import { drawable } from "./render.ts";
import { shopName, sheetOf, storeSheet, titleOf } from "./run.ts";

export interface RevisionInput {
  reason: string;
  changes: string[];
  /** The revision being revised, when the caller names one: only the current one may be. */
  revises?: string;
  /** The user or API key asking; null for a partner's request. */
  created_by: string | null;
}

/** Why a drawing cannot be revised: it or the named revision is superseded, or it was never issued. */
export interface Refusal {
  field: string;
  message: string;
}

/**
 * The next revision of a drawing: its sheet drawn again from the
 * configuration with every revision in the table, stored as new file versions
 * (the previous ones kept), the previous revision superseded and
 * `drawing.revision_completed` announced. Returns the statements for the
 * caller's batch; the drawing's update holds only while its revision is still
 * the one revised, and one row per letter keeps two racing revisions from both
 * committing.
 */
export async function reviseDrawing(env: Env, scope: Scope, drawing: Drawing, input: RevisionInput) {
  const previous = drawing.revision;
  if (drawing.status !== "current" || !previous) {
    return { refused: { field: "id", message: `drawing ${drawing.drawing_number} is ${drawing.status}; revise its current drawing` } satisfies Refusal };
  }
  if (input.revises !== undefined && input.revises !== previous) {
    return { refused: { field: "revision", message: `revision ${input.revises} of ${drawing.drawing_number} is superseded by ${previous}` } satisfies Refusal };
  }
  const revision = nextRevision(previous);
  const loaded = await loadConfigured(scope, drawing.configuration_id);
  if (!loaded) return { refused: { field: "id", message: `the configuration drawing ${drawing.drawing_number} shows is gone` } satisfies Refusal };
  const subject = { configuration_id: drawing.configuration_id, ...drawable(loaded, "id"), title: titleOf(loaded) };
  const today = new Date().toISOString().slice(0, 10);
  const history = (await revisionsOfDrawing(scope, drawing.id)).map((r) => ({
    revision: r.revision,
    date: new Date(r.created_at).toISOString().slice(0, 10),
    reason: r.reason,
  }));
  // The scale it was first drawn at: a revision keeps the layout.
  const sheet = sheetOf(
    subject,
    { drawing_type: drawing.drawing_type, scale: drawing.scale ?? "auto", sheet: drawing.sheet },
    await shopName(scope),
    drawing.drawing_number,
    [...history, { revision, date: today, reason: input.reason }],
  );
  const documents = await storeSheet(env, scope, drawing, sheet, revision);
  const event = outboxStatements(scope, "drawing.revision_completed", {
    drawing_id: drawing.id,
    revision,
    previous_revision: previous,
    changes_applied: input.changes,
  });
  return {
    revision,
    eventId: event.eventId,
    statements: [
      insertRevisionStatement(scope, {
        drawing_id: drawing.id,
        revision,
        status: "current",
        reason: input.reason,
        changes: input.changes,
        created_by: input.created_by,
      }),
      drawingUpdateStatement(scope, drawing.id, { revision }, eq(drawings.revision, previous)),
      supersedeRevisionStatement(scope, drawing.id, previous),
      ...documents,
      ...event.statements,
    ],
  };
}
