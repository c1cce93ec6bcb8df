import { and, eq, sql } from "drizzle-orm";
import type { Scope } from "./scope.ts";
import { modelUploads } from "./schema/index.ts";
import { visibleTo, type Viewer } from "./viewer.ts";

export type ModelUpload = typeof modelUploads.$inferSelect;

export async function insertModelUpload({ db, tenantId }: Scope, row: Omit<typeof modelUploads.$inferInsert, "tenant_id" | "created_at" | "parts">) {
  const full: ModelUpload = { customer_id: null, owner_user_id: null, guest_session_hash: null, ...row, tenant_id: tenantId, parts: {}, created_at: Date.now() };
  await db.insert(modelUploads).values(full);
  return full;
}

/** An upload belongs to whoever started it: the same user, or the same guest session. */
export const findModelUpload = ({ db, tenantId }: Scope, id: string, viewer: Viewer) =>
  db.query.modelUploads.findFirst({
    where: and(
      eq(modelUploads.tenant_id, tenantId),
      eq(modelUploads.id, id),
      visibleTo(modelUploads, viewer),
    ),
  });

/** Records one part's ETag; json_set keeps concurrent part uploads from overwriting each other. */
export const recordPart = ({ db, tenantId }: Scope, id: string, partNumber: number, etag: string) =>
  db
    .update(modelUploads)
    .set({ parts: sql`json_set(${modelUploads.parts}, ${`$."${partNumber}"`}, ${etag})` })
    .where(and(eq(modelUploads.tenant_id, tenantId), eq(modelUploads.id, id)));

export const deleteModelUpload = ({ db, tenantId }: Scope, id: string) =>
  db.delete(modelUploads).where(and(eq(modelUploads.tenant_id, tenantId), eq(modelUploads.id, id)));
