import { and, count, eq, gt, min } from "drizzle-orm";
import type { Scope } from "./scope.ts";
import { models, modelUploads } from "./schema/index.ts";

/**
 * Files a user started uploading since `since`: their models plus their
 * multipart uploads still open (a completed one became a model and its upload
 * row is gone, so nothing counts twice), and when the oldest of them started.
 */
export async function recentUploads({ db, tenantId }: Scope, userId: string, since: number) {
  const [[stored], [open]] = await db.batch([
    db
      .select({ n: count(), oldest: min(models.created_at) })
      .from(models)
      .where(and(eq(models.tenant_id, tenantId), eq(models.owner_user_id, userId), gt(models.created_at, since))),
    db
      .select({ n: count(), oldest: min(modelUploads.created_at) })
      .from(modelUploads)
      .where(and(eq(modelUploads.tenant_id, tenantId), eq(modelUploads.owner_user_id, userId), gt(modelUploads.created_at, since))),
  ]);
  const oldest = [stored.oldest, open.oldest].filter((t): t is number => t !== null);
  return { count: stored.n + open.n, oldest: oldest.length > 0 ? Math.min(...oldest) : null };
}
