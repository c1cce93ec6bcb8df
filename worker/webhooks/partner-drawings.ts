import { findDrawing, findDrawingByNumber } from "../db/drawings.ts";
import { upsertRevisionStatement } from "../db/partner-records.ts";
import { SYSTEM } from "../db/viewer.ts";
import { reviseDrawing } from "../drawings/revise.ts";
import { effect, InvalidPayload, keyOf, type Effect, type HandlerContext } from "./handler-context.ts";

type Ctx = HandlerContext<"drawing.revision_requested">;

/**
 * `drawing.revision_requested` naming one of our drawings (by id, or by the
 * number in `original_drawing_number`) → its next revision, in the event's own
 * batch, so the event revises it exactly once; `drawing.revision_completed`
 * goes out. A drawing we do not have is kept as the partner's record, as
 * before. Revising a superseded drawing fails the event (validation.failed).
 */
export async function drawingRevisionRequested(ctx: Ctx): Promise<Effect> {
  const { scope, env, data } = ctx;
  const record = upsertRevisionStatement(scope, keyOf(ctx, "drawing", data.drawing_id), "revision_requested", { last_revision_request: data });
  const drawing =
    (await findDrawing(scope, data.drawing_id, SYSTEM)) ??
    (data.original_drawing_number !== undefined ? await findDrawingByNumber(scope, data.original_drawing_number, SYSTEM) : undefined);
  if (!drawing) return effect(record);
  const changes = (data.requested_changes ?? []).map((c) => [c.type, c.field, c.description].filter(Boolean).join(": "));
  const outcome = await reviseDrawing(env, scope, drawing, { reason: data.revision_reason, changes, created_by: null });
  if ("refused" in outcome) throw new InvalidPayload([outcome.refused!]);
  return { statements: [...outcome.statements, record], outboxEventIds: [outcome.eventId] };
}
