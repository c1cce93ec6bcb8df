import { and, eq, gt, isNull } from "drizzle-orm";
import type { Scope } from "./scope.ts";
import { passwordTokens } from "./schema/index.ts";

export const insertPasswordTokenStatement = ({ db, tenantId }: Scope, row: { token_hash: string; user_id: string; expires_at: number }) =>
  db.insert(passwordTokens).values({ ...row, tenant_id: tenantId });

/** True once the user has set a password with a token; false while an invitation is pending; null when they never had one (self-registered). */
export async function passwordSetByToken({ db, tenantId }: Scope, userId: string): Promise<boolean | null> {
  const rows = await db.select({ used_at: passwordTokens.used_at }).from(passwordTokens).where(and(eq(passwordTokens.tenant_id, tenantId), eq(passwordTokens.user_id, userId)));
  return rows.length === 0 ? null : rows.some((r) => r.used_at !== null);
}

/** Uses a live token once: the user it was for, or undefined when it is unknown, used or expired. */
export async function useToken({ db, tenantId }: Scope, tokenHash: string, now: number) {
  const [row] = await db
    .update(passwordTokens)
    .set({ used_at: now })
    .where(and(eq(passwordTokens.tenant_id, tenantId), eq(passwordTokens.token_hash, tokenHash), isNull(passwordTokens.used_at), gt(passwordTokens.expires_at, now)))
    .returning({ user_id: passwordTokens.user_id });
  return row?.user_id;
}

/** Voids the user's other tokens once one was used: an older invitation must not reset the password later. */
export const voidTokensOf = ({ db, tenantId }: Scope, userId: string, now: number) =>
  db
    .update(passwordTokens)
    .set({ used_at: now })
    .where(and(eq(passwordTokens.tenant_id, tenantId), eq(passwordTokens.user_id, userId), isNull(passwordTokens.used_at)));
