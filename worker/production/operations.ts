import { stageCleared } from "../../engine/production/qc.ts";
import { moStatusFromOperations, operationAction, type OperationAction } from "../../engine/production/routing.ts";
import { ApiError, notFound } from "../api/errors.ts";
import { findManufacturingOrder, updateManufacturingOrder, type ManufacturingOrder } from "../db/manufacturing-orders.ts";
import { checkpointsOf, correctiveActionsOf, latestByStage } from "../db/qc.ts";
import type { Scope } from "../db/scope.ts";

const conflict = (message: string, field: string, value: unknown) => new ApiError("CONFLICT", message, [{ field, message, value }]);

/**
 * Moves one operation of an MO by the engine's rules: the routing's order, and
 * for an operation that ends with a QC stage, a cleared checkpoint before it
 * finishes. Read, decide, write if unchanged, so two stations never both win.
 */
export async function moveOperation(scope: Scope, id: string, code: string, action: OperationAction): Promise<ManufacturingOrder> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const mo = await findManufacturingOrder(scope, id);
    if (!mo) throw notFound("Manufacturing order");
    if (mo.status !== "scheduled" && mo.status !== "in_production") throw conflict(`Manufacturing order ${mo.number} is ${mo.status.replace(/_/g, " ")}; its operations cannot change`, "status", mo.status);
    const verdict = operationAction(mo.routing, mo.operations, code, action);
    if (!verdict.ok) {
      if (verdict.code === "UNKNOWN_OPERATION") throw notFound("Operation");
      throw conflict(verdict.message, "code", code);
    }
    const stage = mo.routing.find((o) => o.code === code)?.qc_stage;
    if (action === "finish" && stage) {
      const [checkpoints, actions] = await Promise.all([checkpointsOf(scope, mo.id), correctiveActionsOf(scope, mo.id)]);
      const cleared = stageCleared(stage, latestByStage(checkpoints, actions).get(stage));
      if (!cleared.ok) throw conflict(cleared.message, "code", code);
    }
    const operations = { ...mo.operations, [code]: verdict.to! };
    const status = moStatusFromOperations(mo.status, mo.routing, operations);
    const updated_at = await updateManufacturingOrder(scope, mo, { status, operations });
    if (updated_at) return { ...mo, status, operations, updated_at };
  }
  throw new ApiError("CONFLICT", "This manufacturing order keeps changing; reload and try again", [{ field: "id", message: "changed meanwhile" }]);
}
