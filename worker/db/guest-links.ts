import { and, eq, isNull, ne } from "drizzle-orm";
import { ofTenant, type Scope } from "./scope.ts";
import { configurations, guestSessionLinks, models, quotes } from "./schema/index.ts";

/** The guest session a browser acts as: the one whose share link it opened, or its own. */
export async function actingGuestHash(scope: Scope, sessionHash: string): Promise<string> {
  const link = await scope.db.query.guestSessionLinks.findFirst({
    columns: { owner_hash: true },
    where: ofTenant(scope, guestSessionLinks, eq(guestSessionLinks.session_hash, sessionHash)),
  });
  return link?.owner_hash ?? sessionHash;
}

/** This browser's guest session now acts as the one that saved the quote. */
export const linkGuestSessionStatement = (scope: Scope, sessionHash: string, ownerHash: string, quoteId: string) =>
  scope.db
    .insert(guestSessionLinks)
    .values({ tenant_id: scope.tenantId, session_hash: sessionHash, owner_hash: ownerHash, quote_id: quoteId, created_at: Date.now() })
    .onConflictDoUpdate({ target: [guestSessionLinks.tenant_id, guestSessionLinks.session_hash], set: { owner_hash: ownerHash, quote_id: quoteId } });

/** Revoking a quote's share link also ends the browsers that opened it, but for the one revoking (`keep`). */
export const unlinkQuoteSessionsStatement = (scope: Scope, quoteId: string, keep: string | null) =>
  scope.db
    .delete(guestSessionLinks)
    .where(ofTenant(scope, guestSessionLinks, eq(guestSessionLinks.quote_id, quoteId), keep ? ne(guestSessionLinks.session_hash, keep) : undefined));

/**
 * A guest who signs in (or registers) takes what their guest session made
 * along: parts, configurations and saved quotes, in one batch. Browsers linked
 * to that session lose it: the account is the way back now.
 */
export const claimGuestSession = (scope: Scope, sessionHash: string, userId: string, customerId: string | null) =>
  scope.db.batch([
    scope.db
      .update(models)
      .set({ owner_user_id: userId, customer_id: customerId, guest_session_hash: null })
      .where(ofTenant(scope, models, eq(models.guest_session_hash, sessionHash), isNull(models.owner_user_id))),
    scope.db
      .update(configurations)
      .set({ owner_user_id: userId, customer_id: customerId, guest_session_hash: null })
      .where(ofTenant(scope, configurations, eq(configurations.guest_session_hash, sessionHash), isNull(configurations.owner_user_id))),
    scope.db
      .update(quotes)
      .set({ owner_user_id: userId, customer_id: customerId, guest_session_hash: null, updated_at: Date.now() })
      .where(ofTenant(scope, quotes, and(eq(quotes.guest_session_hash, sessionHash), isNull(quotes.owner_user_id)))),
    scope.db.delete(guestSessionLinks).where(ofTenant(scope, guestSessionLinks, eq(guestSessionLinks.owner_hash, sessionHash))),
  ]);
