import type { MiddlewareHandler } from "hono";
import { and, eq, lt } from "drizzle-orm";
import type { AppEnv } from "../api/context.ts";
import { ApiError } from "../api/errors.ts";
import { guestSessionHash } from "../auth/guest.ts";
import { sha256Hex } from "../auth/tokens.ts";
import { idempotencyKeys } from "../db/schema/index.ts";
import type { Db } from "../db/client.ts";
import { tenantOf } from "./tenant.ts";
import { decryptSecret, encryptSecret } from "../webhooks/secrets.ts";

export const IDEMPOTENCY_TTL_MS = 24 * 3600 * 1000;
const KEY = /^[\x21-\x7e]{1,255}$/;

/**
 * `Idempotency-Key` on a creating POST (defineRoute puts it on every POST answering 201): the same key and body from the same
 * caller get the first answer again for 24 h; the same key with another body
 * is a 409. A key whose first request is still running is a 409 too: the
 * client retries, and then gets the stored answer. Keys belong to their caller
 * (user, API key or guest session): another caller's identical key is another
 * key, so no one can replay or block someone else's request.
 */
export const idempotent: MiddlewareHandler<AppEnv> = async (c, next) => {
    const key = c.req.header("idempotency-key");
    if (key === undefined) return next();
    if (!KEY.test(key)) throw new ApiError("INVALID_REQUEST", "Idempotency-Key must be 1–255 visible ASCII characters", [{ field: "Idempotency-Key", message: "is malformed" }]);
    // The concrete path: one key on two quotes' items is two requests.
    const route = `${c.req.method} ${c.req.path}`;
    const tenantId = tenantOf(c).id;
    const db = c.get("db");
    const callerKey = await sha256Hex(`${await callerOf(c)}\n${key}`);
    const requestHash = await sha256Hex(await c.req.text());
    const where = and(eq(idempotencyKeys.tenant_id, tenantId), eq(idempotencyKeys.route, route), eq(idempotencyKeys.key, callerKey));

    await db.delete(idempotencyKeys).where(and(where, lt(idempotencyKeys.created_at, Date.now() - IDEMPOTENCY_TTL_MS)));
    const claimed = await db
      .insert(idempotencyKeys)
      .values({ tenant_id: tenantId, route, key: callerKey, request_hash: requestHash })
      .onConflictDoNothing()
      .returning({ key: idempotencyKeys.key });
    if (claimed.length === 0) return replay(c, db, where, requestHash);

    await next();
    if (c.res.status >= 500) {
      await db.delete(idempotencyKeys).where(where); // a failure we caused must not be replayed
      return;
    }
    // Encrypted: the answer may carry a new API key or signing secret, shown once.
    const response = await encryptSecret(c.env, { tenantId, purpose: "idempotent_response" }, await c.res.clone().text());
    await db.update(idempotencyKeys).set({ status: c.res.status, response }).where(where);
  };

/**
 * Who the key belongs to. A visitor without an account gets their guest session here (the handler
 * then uses the same one), so their retry — which carries its cookie — finds its key.
 */
async function callerOf(c: Parameters<MiddlewareHandler<AppEnv>>[0]): Promise<string> {
  const principal = c.get("principal");
  if (principal?.kind === "api_key") return `api_key:${principal.keyId}`;
  if (principal) return `user:${principal.userId}`;
  return `guest:${await guestSessionHash(c, true)}`;
}

async function replay(c: Parameters<MiddlewareHandler<AppEnv>>[0], db: Db, where: ReturnType<typeof and>, requestHash: string) {
  const row = await db.select().from(idempotencyKeys).where(where).get();
  if (row && row.request_hash !== requestHash) {
    throw new ApiError("CONFLICT", "This Idempotency-Key was used with a different request", [{ field: "Idempotency-Key", message: "was used with another body" }]);
  }
  if (!row || row.status === null || row.response === null) {
    throw new ApiError("CONFLICT", "A request with this Idempotency-Key is still being processed; retry shortly", [{ field: "Idempotency-Key", message: "in progress" }], { "Retry-After": "1" });
  }
  const response = await decryptSecret(c.env, { tenantId: tenantOf(c).id, purpose: "idempotent_response" }, row.response);
  return c.newResponse(response, row.status as 200, { "content-type": "application/json", "idempotent-replayed": "true" });
}
