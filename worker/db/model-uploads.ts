import { eq, sql } from "drizzle-orm";
import { ofTenant, type Scope } from "./scope.ts";
import { modelUploads } from "./schema/index.ts";
import { visibleTo, type Viewer } from "./viewer.ts";

export type ModelUpload = typeof modelUploads.$inferSelect;

export async function insertModelUpload(scope: Scope, row: Omit<typeof modelUploads.$inferInsert, "tenant_id" | "created_at" | "parts">) {
  const full: ModelUpload = {
    customer_id: null,
    owner_user_id: null,
    guest_session_hash: null,
    ...row,
    tenant_id: scope.tenantId,
    parts: {},
    created_at: Date.now(),
  };
  await scope.db.insert(modelUploads).values(full);
  return full;
}

/** An upload belongs to whoever started it: the same user, or the same guest session. */
export const findModelUpload = (scope: Scope, id: string, viewer: Viewer) =>
  scope.db.query.modelUploads.findFirst({
    where: ofTenant(scope, modelUploads, eq(modelUploads.id, id), visibleTo(modelUploads, viewer)),
  });

/** Records one part's ETag; json_set keeps concurrent part uploads from overwriting each other. */
export const recordPart = (scope: Scope, id: string, partNumber: number, etag: string) =>
  scope.db
    .update(modelUploads)
    .set({ parts: sql`json_set(${modelUploads.parts}, ${`$."${partNumber}"`}, ${etag})` })
    .where(ofTenant(scope, modelUploads, eq(modelUploads.id, id)));

export const deleteModelUpload = (scope: Scope, id: string) => scope.db.delete(modelUploads).where(ofTenant(scope, modelUploads, eq(modelUploads.id, id)));
