import { asc, eq, isNull } from "drizzle-orm";
import type { CheckResult, OverallStatus, StageRecord } from "../../engine/production/qc.ts";
import { ofTenant, type Scope } from "./scope.ts";
import { correctiveActions, qcCheckpoints, qcPhotos } from "./schema/index.ts";

export type QcCheckpoint = typeof qcCheckpoints.$inferSelect;
export type CorrectiveAction = typeof correctiveActions.$inferSelect;

export interface NewCheckpoint {
  manufacturing_order_id: string;
  stage: string;
  inspector_name: string;
  overall_status: OverallStatus;
  checks: CheckResult[];
  created_by: string | null;
  /** One per failed check; the action's owner and due date when the inspector gave them. */
  actions: { description: string; owner: string | null; due_at: number | null }[];
}

/** The checkpoint and the corrective actions it opens, as statements for one batch, with the rows they write. */
export function checkpointStatements(scope: Scope, row: NewCheckpoint, now = Date.now()) {
  const id = crypto.randomUUID();
  const { actions, ...checkpoint } = row;
  const actionRows = actions.map((a) => ({
    ...a,
    id: crypto.randomUUID(),
    tenant_id: scope.tenantId,
    manufacturing_order_id: row.manufacturing_order_id,
    checkpoint_id: id,
    created_at: now,
  }));
  return {
    statements: [
      scope.db.insert(qcCheckpoints).values({ ...checkpoint, id, tenant_id: scope.tenantId, created_at: now }),
      ...actionRows.map((a) => scope.db.insert(correctiveActions).values(a)),
    ] as const,
    checkpoint: { ...checkpoint, id, tenant_id: scope.tenantId, created_at: now } satisfies QcCheckpoint,
    actions: actionRows.map((a) => ({ ...a, closed_at: null, closed_note: null })) satisfies CorrectiveAction[],
  };
}

export const checkpointsOf = (scope: Scope, moId: string) =>
  scope.db
    .select()
    .from(qcCheckpoints)
    .where(ofTenant(scope, qcCheckpoints, eq(qcCheckpoints.manufacturing_order_id, moId)))
    .orderBy(asc(qcCheckpoints.created_at), asc(qcCheckpoints.id));

export const correctiveActionsOf = (scope: Scope, moId: string) =>
  scope.db
    .select()
    .from(correctiveActions)
    .where(ofTenant(scope, correctiveActions, eq(correctiveActions.manufacturing_order_id, moId)))
    .orderBy(asc(correctiveActions.created_at), asc(correctiveActions.id));

/** Each stage's latest checkpoint with the number of its corrective actions still open. */
export function latestByStage(checkpoints: readonly QcCheckpoint[], actions: readonly CorrectiveAction[]): Map<string, StageRecord> {
  const latest = new Map<string, QcCheckpoint>();
  for (const c of checkpoints) latest.set(c.stage, c);
  return new Map(
    [...latest].map(([stage, c]) => [
      stage,
      { overall_status: c.overall_status, open_actions: actions.filter((a) => a.checkpoint_id === c.id && a.closed_at === null).length },
    ]),
  );
}

/** Closes an open action of the MO; false when there is none by that id (or it is closed already). */
export async function closeCorrectiveAction(scope: Scope, moId: string, id: string, note: string, now = Date.now()) {
  const { meta } = await scope.db
    .update(correctiveActions)
    .set({ closed_at: now, closed_note: note })
    .where(
      ofTenant(scope, correctiveActions, eq(correctiveActions.manufacturing_order_id, moId), eq(correctiveActions.id, id), isNull(correctiveActions.closed_at)),
    )
    .run();
  return meta.changes > 0;
}

export const findCorrectiveAction = (scope: Scope, moId: string, id: string) =>
  scope.db
    .select()
    .from(correctiveActions)
    .where(ofTenant(scope, correctiveActions, eq(correctiveActions.manufacturing_order_id, moId), eq(correctiveActions.id, id)))
    .get();

export type QcPhoto = typeof qcPhotos.$inferSelect;

export const findCheckpoint = (scope: Scope, moId: string, id: string) =>
  scope.db
    .select()
    .from(qcCheckpoints)
    .where(ofTenant(scope, qcCheckpoints, eq(qcCheckpoints.manufacturing_order_id, moId), eq(qcCheckpoints.id, id)))
    .get();

export async function insertPhoto(scope: Scope, row: Omit<QcPhoto, "tenant_id" | "created_at">, now = Date.now()): Promise<QcPhoto> {
  const photo = { ...row, tenant_id: scope.tenantId, created_at: now };
  await scope.db.insert(qcPhotos).values(photo);
  return photo;
}

export const photosOf = (scope: Scope, moId: string) =>
  scope.db
    .select()
    .from(qcPhotos)
    .where(ofTenant(scope, qcPhotos, eq(qcPhotos.manufacturing_order_id, moId)))
    .orderBy(asc(qcPhotos.created_at), asc(qcPhotos.id));

export const findPhoto = (scope: Scope, moId: string, checkpointId: string, id: string) =>
  scope.db
    .select()
    .from(qcPhotos)
    .where(ofTenant(scope, qcPhotos, eq(qcPhotos.manufacturing_order_id, moId), eq(qcPhotos.checkpoint_id, checkpointId), eq(qcPhotos.id, id)))
    .get();
