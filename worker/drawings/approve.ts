import { isStaff } from "../auth/permissions.ts";
import type { Principal } from "../auth/principal.ts";
import { ApiError, unprocessable } from "../api/errors.ts";
import { audit } from "../db/audit.ts";
import { insertApprovalStatement } from "../db/drawing-approvals.ts";
import type { Drawing } from "../db/drawings.ts";
import type { ApprovalDecision } from "../db/schema/index.ts";
import { isUniqueViolation, type Scope } from "../db/scope.ts";
import type { Env } from "../env.ts";
import { dispatchOutbox } from "../webhooks/outbox.ts";
import { holderOf } from "./links.ts";
import { reviseDrawing } from "./revise.ts";

export interface ApprovalInput {
  decision: ApprovalDecision;
  /** The revision decided on; the current one when left out. */
  revision?: string;
  comments?: string;
  sheet_comments: { sheet: string; comment: string }[];
}

const conflict = (message: string, field: string, value: unknown) => new ApiError("CONFLICT", message, [{ field, message, value }]);

/**
 * Records a customer's decision on a drawing's current revision (decision 53).
 * Only the current revision of a current drawing can be decided on: anything
 * else is a 409 naming what is current. A rejection asks for the next revision
 * through the same code as a partner's `drawing.revision_requested`
 * (reviseDrawing), with the comments as its reason and the sheet comments as
 * its changes, in the same batch as the record. Returns the new record's id.
 */
export async function decideOnDrawing(env: Env, scope: Scope, drawing: Drawing, principal: Principal, input: ApprovalInput, requestId: string) {
  const current = drawing.revision!;
  if (drawing.status !== "current")
    throw conflict(`Drawing ${drawing.drawing_number} is superseded by a newer drawing; approve the current one`, "id", drawing.status);
  const revision = input.revision ?? current;
  if (revision !== current)
    throw conflict(`Revision ${revision} of ${drawing.drawing_number} is superseded; the current revision is ${current}`, "revision", current);
  const comments = input.comments?.trim() || null;
  if (input.decision === "rejected" && !comments && input.sheet_comments.length === 0)
    throw unprocessable("comments", "Say what should change, so the shop can revise the drawing");

  const id = crypto.randomUUID();
  const record = {
    id,
    drawing_id: drawing.id,
    revision,
    decision: input.decision,
    comments,
    sheet_comments: input.sheet_comments,
    decided_by: principal.userId,
    on_behalf: isStaff(principal.role),
  };
  const trail = audit(scope, {
    actor_type: principal.kind,
    actor_id: principal.userId,
    action: `drawing.${input.decision}`,
    target_type: "drawing",
    target_id: drawing.id,
    data: { drawing_number: drawing.drawing_number, revision, on_behalf: record.on_behalf },
    request_id: requestId,
  });
  if (input.decision === "approved") {
    await scope.db.batch([insertApprovalStatement(scope, record), trail]);
    return id;
  }
  const outcome = await reviseDrawing(env, scope, drawing, {
    reason: comments ?? `Rejected by the customer at revision ${revision}`,
    changes: input.sheet_comments.map((s) => `Sheet ${s.sheet}: ${s.comment}`),
    revises: revision,
    created_by: holderOf(principal),
  });
  if ("refused" in outcome) throw new ApiError("CONFLICT", outcome.refused!.message, [outcome.refused!]);
  try {
    await scope.db.batch([insertApprovalStatement(scope, { ...record, requested_revision: outcome.revision }), trail, ...outcome.statements]);
  } catch (e) {
    if (!isUniqueViolation(e)) throw e;
    throw conflict(
      `Drawing ${drawing.drawing_number} was revised at the same time; its revision ${outcome.revision} is current now`,
      "revision",
      outcome.revision,
    );
  }
  await dispatchOutbox(env, scope.tenantId, [outcome.eventId]);
  return id;
}
