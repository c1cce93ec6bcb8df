import type { Context, MiddlewareHandler } from "hono";
import type { TenantEnv } from "../api/context.ts";
import { ApiError } from "../api/errors.ts";
import { guestSessionHash } from "../auth/guest.ts";
import { sha256Hex } from "../auth/tokens.ts";
import {
  claimIdempotencyKey,
  expireIdempotencyKey,
  findIdempotencyKey,
  releaseIdempotencyKey,
  storeIdempotentResponse,
  type IdempotencyKey,
} from "../db/idempotency-keys.ts";
import { says } from "../db/scope.ts";
import { scopeOf } from "./tenant.ts";
import { hex } from "../storage/streams.ts";
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
export const idempotent: MiddlewareHandler<TenantEnv> = async (c, next) => {
  const key = c.req.header("idempotency-key");
  if (key === undefined) return next();
  if (!KEY.test(key))
    throw new ApiError("INVALID_REQUEST", "Idempotency-Key must be 1–255 visible ASCII characters", [{ field: "Idempotency-Key", message: "is malformed" }]);
  const scope = scopeOf(c);
  // The concrete path: one key on two quotes' items is two requests.
  const k: IdempotencyKey = { route: `${c.req.method} ${c.req.path}`, key: await sha256Hex(`${await callerOf(c)}\n${key}`) };
  // The body's bytes, not its text: a photo's bytes would not survive decoding as UTF-8 (JSON hashes the same either way).
  const requestHash = hex(await crypto.subtle.digest("SHA-256", await c.req.arrayBuffer()));

  c.set("retryId", uuidOf(await sha256Hex(`${k.route}\n${k.key}\n${requestHash}`)));
  await expireIdempotencyKey(scope, k, Date.now() - IDEMPOTENCY_TTL_MS);
  if (!(await claimIdempotencyKey(scope, k, requestHash))) return replay(c, k, requestHash);

  await next();
  if (c.res.status >= 500) {
    await releaseIdempotencyKey(scope, k); // a failure we caused must not be replayed
    return;
  }
  // Encrypted: the answer may carry a new API key or signing secret, shown once.
  const response = await encryptSecret(c.env, { tenantId: scope.tenantId, purpose: "idempotent_response" }, await c.res.clone().text());
  await storeIdempotentResponse(scope, k, c.res.status, response);
};

/**
 * Runs `write` under the request's retry id when it has one (else a fresh id). A retry after a failed
 * answer — the first attempt's row written, its answer lost, its key released — meets that row (the id
 * in `column`, "table.id", taken) and answers `found` instead of making a twin or failing (decision 76).
 * The id embeds the caller, so the row found is the caller's own.
 */
export async function writeOnce<T>(
  retryId: string | undefined,
  column: string,
  write: (id: string) => Promise<T>,
): Promise<{ id: string; written: T | "found" }> {
  const id = retryId ?? crypto.randomUUID();
  try {
    return { id, written: await write(id) };
  } catch (e) {
    if (retryId && says(e, `UNIQUE constraint failed: ${column}`)) return { id, written: "found" };
    throw e;
  }
}

/** A UUID (version 8: custom) made of a digest's first 122 bits. */
const uuidOf = (digest: string) =>
  `${digest.slice(0, 8)}-${digest.slice(8, 12)}-8${digest.slice(13, 16)}-${((Number.parseInt(digest[16], 16) & 3) | 8).toString(16)}${digest.slice(17, 20)}-${digest.slice(20, 32)}`;

/**
 * Who the key belongs to. A visitor without an account gets their guest session here (the handler
 * then uses the same one), so their retry — which carries its cookie — finds its key.
 */
async function callerOf(c: Context<TenantEnv>): Promise<string> {
  const principal = c.get("principal");
  if (principal?.kind === "api_key") return `api_key:${principal.keyId}`;
  if (principal) return `user:${principal.userId}`;
  return `guest:${await guestSessionHash(c, true)}`;
}

async function replay(c: Context<TenantEnv>, k: IdempotencyKey, requestHash: string) {
  const scope = scopeOf(c);
  const row = await findIdempotencyKey(scope, k);
  if (row && row.request_hash !== requestHash) {
    throw new ApiError("CONFLICT", "This Idempotency-Key was used with a different request", [
      { field: "Idempotency-Key", message: "was used with another body" },
    ]);
  }
  if (!row || row.status === null || row.response === null) {
    throw new ApiError(
      "CONFLICT",
      "A request with this Idempotency-Key is still being processed; retry shortly",
      [{ field: "Idempotency-Key", message: "in progress" }],
      { "Retry-After": "1" },
    );
  }
  const response = await decryptSecret(c.env, { tenantId: scope.tenantId, purpose: "idempotent_response" }, row.response);
  return c.newResponse(response, row.status as 200, { "content-type": "application/json", "idempotent-replayed": "true" });
}
