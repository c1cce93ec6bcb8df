import { stageCleared } from "../../engine/production/qc.ts";
import { moStatusFromOperations, operationAction, takesWork, type OperationAction } from "../../engine/production/routing.ts";
import { ApiError, notFound } from "../api/errors.ts";
import { findManufacturingOrder, statusIs, updateManufacturingOrderStatement, type ManufacturingOrder } from "../db/manufacturing-orders.ts";
import { OVERDRAWN_COLUMN } from "../db/lots.ts";
import { checkpointsOf, correctiveActionsOf, latestByStage } from "../db/qc.ts";
import { isNotNullViolation, type Scope } from "../db/scope.ts";
import type { Env } from "../env.ts";
import { dispatchOutbox } from "../webhooks/outbox.ts";
import { cuttingListDraws } from "./cutting-consumption.ts";
import { approvalWait } from "./drawing-approval-gate.ts";
import { statusUpdateStatements } from "./status.ts";

const conflict = (message: string, field: string, value: unknown) => new ApiError("CONFLICT", message, [{ field, message, value }]);

/**
 * The one check that an MO still takes work (its operations move, QC
 * checkpoints are recorded, material is consumed): 409 naming its state
 * otherwise; `consequence` says what is refused.
 */
export function requireWorking(mo: ManufacturingOrder, consequence: string) {
  if (!takesWork(mo.status)) throw conflict(`Manufacturing order ${mo.number} is ${mo.status.replace(/_/g, " ")}; ${consequence}`, "status", mo.status);
}

/**
 * Moves one operation of an MO by the engine's rules: the routing's order, and
 * for an operation that ends with a QC stage, a cleared checkpoint before it
 * finishes. Read, decide, write if unchanged, so two stations never both win.
 * A change of the MO's status is reported (`manufacturing.status_update`) in
 * the same batch, and so is what finishing a consuming operation takes out
 * of stock (the order's cutting list, for cutting).
 */
export async function moveOperation(
  env: Env,
  scope: Scope,
  id: string,
  code: string,
  action: OperationAction,
  actor: string | null = null,
): Promise<ManufacturingOrder> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const mo = await findManufacturingOrder(scope, id);
    if (!mo) throw notFound("Manufacturing order");
    requireWorking(mo, "its operations cannot change");
    const verdict = operationAction(mo.routing, mo.operations, code, action);
    if (!verdict.ok) {
      if (verdict.code === "UNKNOWN_OPERATION") throw notFound("Operation");
      throw conflict(verdict.message, "code", code);
    }
    const operation = mo.routing.find((o) => o.code === code);
    const stage = operation?.qc_stage;
    if (action === "finish" && stage) {
      const [checkpoints, actions] = await Promise.all([checkpointsOf(scope, mo.id), correctiveActionsOf(scope, mo.id)]);
      const cleared = stageCleared(stage, latestByStage(checkpoints, actions).get(stage));
      if (!cleared.ok) throw conflict(cleared.message, "code", code);
    }
    const operations = { ...mo.operations, [code]: verdict.to! };
    const status = moStatusFromOperations(mo.status, mo.routing, operations);
    if (status === "in_production" && mo.status !== "in_production") {
      const wait = await approvalWait(scope, mo);
      if (wait) throw conflict(wait.message, "drawings", wait.drawings);
    }
    const { statement, updated_at } = updateManufacturingOrderStatement(scope, mo, { status, operations });
    const after = { ...mo, status, operations, updated_at };
    const notice = status !== mo.status ? statusUpdateStatements(scope, after, mo.status, "operation") : null;
    const draws =
      action === "finish" && operation?.consumes === "cutting_list"
        ? await cuttingListDraws(env, scope, mo, statusIs(scope, mo.id, status, updated_at), actor)
        : [];
    let written: { meta: { changes: number } };
    try {
      [written] = await scope.db.batch([statement, ...(notice?.statements ?? []), ...draws]);
    } catch (e) {
      // A lot was drawn on between reading the stock and this batch: nothing was written; plan again.
      if (isNotNullViolation(e, OVERDRAWN_COLUMN)) continue;
      throw e;
    }
    if (written.meta.changes > 0) {
      if (notice) await dispatchOutbox(env, scope.tenantId, [notice.eventId]);
      return after;
    }
  }
  throw new ApiError("CONFLICT", "This manufacturing order keeps changing; reload and try again", [{ field: "id", message: "changed meanwhile" }]);
}
