import { and, eq, exists, gt, isNull, sql } from "drizzle-orm";
import { ofTenant, type Scope } from "./scope.ts";
import { passwordTokens, users } from "./schema/index.ts";

export const insertPasswordTokenStatement = (scope: Scope, row: { token_hash: string; user_id: string; expires_at: number }) =>
  scope.db.insert(passwordTokens).values({ ...row, tenant_id: scope.tenantId });

/** True once the user has set a password with a token; false while an invitation is pending; null when they never had one (self-registered). */
export async function passwordSetByToken(scope: Scope, userId: string): Promise<boolean | null> {
  const rows = await scope.db
    .select({ used_at: passwordTokens.used_at })
    .from(passwordTokens)
    .where(ofTenant(scope, passwordTokens, eq(passwordTokens.user_id, userId)));
  return rows.length === 0 ? null : rows.some((r) => r.used_at !== null);
}

const isLive = (scope: Scope, tokenHash: string, now: number) =>
  ofTenant(scope, passwordTokens, eq(passwordTokens.token_hash, tokenHash), isNull(passwordTokens.used_at), gt(passwordTokens.expires_at, now));

/** What a token is: live (for its user), used, expired, or none we issued. */
export type TokenState = { state: "live"; userId: string } | { state: "used" | "expired" | "unknown" };

export async function tokenState(scope: Scope, tokenHash: string, now: number): Promise<TokenState> {
  const row = await scope.db
    .select({ user_id: passwordTokens.user_id, used_at: passwordTokens.used_at, expires_at: passwordTokens.expires_at })
    .from(passwordTokens)
    .where(ofTenant(scope, passwordTokens, eq(passwordTokens.token_hash, tokenHash)))
    .get();
  if (!row) return { state: "unknown" };
  if (row.used_at !== null) return { state: "used" };
  if (row.expires_at <= now) return { state: "expired" };
  return { state: "live", userId: row.user_id };
}

/**
 * Sets the user's password with a token and uses it, with the user's other
 * tokens, in one batch: nothing changes unless the token is still live when
 * the batch runs (it may have been used meanwhile). False when it was not.
 */
export async function setPasswordWithToken(scope: Scope, tokenHash: string, userId: string, passwordHash: string, now: number) {
  // Both statements check the token before the second uses it, so they apply together or not at all.
  const live = exists(
    scope.db
      .select({ one: sql`1` })
      .from(passwordTokens)
      .where(and(isLive(scope, tokenHash, now), eq(passwordTokens.user_id, userId))),
  );
  const [set] = await scope.db.batch([
    scope.db
      .update(users)
      .set({ password_hash: passwordHash })
      .where(ofTenant(scope, users, eq(users.id, userId), live)),
    scope.db
      .update(passwordTokens)
      .set({ used_at: now })
      .where(ofTenant(scope, passwordTokens, eq(passwordTokens.user_id, userId), isNull(passwordTokens.used_at), live)),
  ]);
  return set.meta.changes > 0;
}
