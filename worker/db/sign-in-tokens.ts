import { eq, gt, isNull } from "drizzle-orm";
import type { Db } from "./client.ts";
import { ofTenant, type Scope } from "./scope.ts";
import { signInTokens } from "./schema/index.ts";

export const insertSignInTokenStatement = (db: Db, row: { tenant_id: string; token_hash: string; user_id: string; expires_at: number }) =>
  db.insert(signInTokens).values(row);

/** Uses a live token (once: the update that marks it used is the check) and answers whose sign-in it carries. */
export async function consumeSignInToken(scope: Scope, tokenHash: string, now: number): Promise<string | undefined> {
  const used = await scope.db
    .update(signInTokens)
    .set({ used_at: now })
    .where(ofTenant(scope, signInTokens, eq(signInTokens.token_hash, tokenHash), isNull(signInTokens.used_at), gt(signInTokens.expires_at, now)))
    .returning({ user_id: signInTokens.user_id })
    .get();
  return used?.user_id;
}
