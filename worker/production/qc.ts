import { addWorkingDays } from "../../engine/production/calendar.ts";
import { evaluateCheckpoint, type CheckInput } from "../../engine/production/qc.ts";
import { ApiError } from "../api/errors.ts";
import type { ManufacturingOrder } from "../db/manufacturing-orders.ts";
import { checkpointStatements } from "../db/qc.ts";
import type { Scope } from "../db/scope.ts";
import type { Env } from "../env.ts";
import { moveOperation, requireWorking } from "./operations.ts";

export interface CheckpointInput {
  checkpoint_stage: string;
  inspector_name: string;
  checks: (CheckInput & { corrective_action_owner?: string; corrective_action_due?: string })[];
}

/**
 * A QC checkpoint against an MO, as `POST /manufacturing-orders/{id}/qc-checkpoints`
 * and the partner's `manufacturing.qc_checkpoint` both record it: the checks
 * evaluated by the engine (a measurement outside tolerance fails), one
 * corrective action per failed check, as statements for the caller's batch,
 * and the operation the stage ends. Refuses an MO that takes no more work
 * (409), a stage its routing does not inspect (422) and a measurement that is
 * not a number with its unit (the engine's 422).
 */
export function checkpointOf(scope: Scope, mo: ManufacturingOrder, input: CheckpointInput, createdBy: string | null, now = Date.now()) {
  requireWorking(mo, "no more checkpoints are taken");
  const operation = mo.routing.find((o) => o.qc_stage?.toLowerCase() === input.checkpoint_stage.toLowerCase());
  if (!operation?.qc_stage) {
    const stages = mo.routing.flatMap((o) => (o.qc_stage ? [o.qc_stage] : []));
    const message = `This manufacturing order has no QC stage “${input.checkpoint_stage}”; its stages are ${stages.join(", ")}`;
    throw new ApiError("UNPROCESSABLE_ENTITY", message, [{ field: "checkpoint_stage", message, value: input.checkpoint_stage }]);
  }
  const evaluated = evaluateCheckpoint(input.checks.map(({ corrective_action_owner: _owner, corrective_action_due: _due, ...check }) => check));
  const actions = evaluated.checks.flatMap((check, i) =>
    check.status === "fail"
      ? [
          {
            description: check.corrective_action?.trim() || `Rework and re-inspect: ${check.description}`,
            owner: input.checks[i].corrective_action_owner ?? null,
            due_at: input.checks[i].corrective_action_due ? Date.parse(`${input.checks[i].corrective_action_due}T17:00:00Z`) : addWorkingDays(now, 1),
          },
        ]
      : [],
  );
  const recorded = checkpointStatements(
    scope,
    {
      manufacturing_order_id: mo.id,
      stage: operation.qc_stage,
      inspector_name: input.inspector_name,
      overall_status: evaluated.overall_status,
      checks: evaluated.checks,
      created_by: createdBy,
      actions,
    },
    now,
  );
  return { ...recorded, operation };
}

/** All pass advances: the stage's operation, when it is under way, is finished by its passing checkpoint (once that is committed). */
export async function advanceByCheckpoint(env: Env, scope: Scope, mo: ManufacturingOrder, recorded: ReturnType<typeof checkpointOf>) {
  const { operation, checkpoint } = recorded;
  return checkpoint.overall_status === "pass" && mo.operations[operation.code] === "in_progress"
    ? moveOperation(env, scope, mo.id, operation.code, "finish")
    : mo;
}
