import { desc, eq, isNull } from "drizzle-orm";
import type { Db } from "./client.ts";
import { ofTenant, type Scope } from "./scope.ts";
import { priceBooks } from "./schema/index.ts";
import type { PriceBook } from "../../engine/pricing/index.ts";

export type PriceBookRow = typeof priceBooks.$inferSelect;

/** The published price book: the one version whose validity has not ended. */
export const currentPriceBook = (scope: Scope) => scope.db.query.priceBooks.findFirst({ where: ofTenant(scope, priceBooks, isNull(priceBooks.valid_to)) });

export const priceBookVersion = (scope: Scope, version: number) =>
  scope.db.query.priceBooks.findFirst({ where: ofTenant(scope, priceBooks, eq(priceBooks.version, version)) });

export const listPriceBooks = (scope: Scope) =>
  scope.db
    .select({
      version: priceBooks.version,
      valid_from: priceBooks.valid_from,
      valid_to: priceBooks.valid_to,
      published_by: priceBooks.published_by,
      note: priceBooks.note,
    })
    .from(priceBooks)
    .where(ofTenant(scope, priceBooks))
    .orderBy(desc(priceBooks.version));

/** The insert of a tenant's first price book, for the tenant-creation batch. */
export const firstPriceBookInsert = (db: Db, tenantId: string, book: PriceBook, at: number) =>
  db.insert(priceBooks).values({ id: crypto.randomUUID(), tenant_id: tenantId, version: 1, body: { ...book, version: "1" }, valid_from: at });

/**
 * Publishes a new version: closes the current one and opens the next in one
 * atomic batch. Two publishers racing for the same version number collide on
 * the unique index and the loser is told to retry.
 */
export async function publishPriceBook(scope: Scope, book: PriceBook, by: string | null, note: string | null) {
  const current = await currentPriceBook(scope);
  const version = (current?.version ?? 0) + 1;
  const now = Date.now();
  const body = { ...book, version: String(version) };
  await scope.db.batch([
    scope.db
      .update(priceBooks)
      .set({ valid_to: now })
      .where(ofTenant(scope, priceBooks, isNull(priceBooks.valid_to))),
    scope.db.insert(priceBooks).values({ id: crypto.randomUUID(), tenant_id: scope.tenantId, version, body, valid_from: now, published_by: by, note }),
  ]);
  return { version, valid_from: now, body };
}
