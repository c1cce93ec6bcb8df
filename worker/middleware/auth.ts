import type { Context, MiddlewareHandler } from "hono";
import type { AppEnv } from "../api/context.ts";
import { ApiError } from "../api/errors.ts";
import { roleAllows, scopesAllow, type Permission } from "../auth/permissions.ts";
import type { Principal } from "../auth/principal.ts";
import { readSessionToken } from "../auth/session-cookie.ts";
import { sha256Hex } from "../auth/tokens.ts";
import { parseApiKey } from "../auth/api-key-format.ts";
import { findApiKeyByPrefix, touchApiKey } from "../db/api-keys.ts";
import { findSessionUser, touchSession } from "../db/sessions.ts";
import { mfaRequired } from "../auth/mfa-policy.ts";
import type { Scope } from "../db/scope.ts";
import { isMovingError } from "../db/shards.ts";

/** A "last seen" stamp refused by a moving shop's write fence is skipped (reads go on during a move, decision 76). */
const unlessMoving = (e: unknown) => {
  if (!isMovingError(e)) throw e;
};

const UNSAFE = new Set(["POST", "PUT", "PATCH", "DELETE"]);
const SEEN_EVERY_MS = 5 * 60 * 1000;

/**
 * Identifies the caller from `Authorization: Bearer <api key>` or the session
 * cookie. A bad bearer token is a 401 at once; a stale cookie just means
 * "not signed in". Cookie-authenticated unsafe requests must come from our own
 * origin (CSRF): SameSite=Lax is the first fence, the Origin check the second.
 */
export const authenticate: MiddlewareHandler<AppEnv> = async (c, next) => {
  const scope = c.get("scope");
  if (scope) {
    const auth = c.req.header("authorization");
    if (auth) {
      c.set("principal", await principalFromApiKey(c, scope, auth));
    } else {
      const token = readSessionToken(c);
      if (token) {
        const hash = await sha256Hex(token);
        const now = Date.now();
        const row = await findSessionUser(scope, hash, now);
        if (row) {
          // "Last seen" for the user's list of sessions: one write every few minutes, after the answer.
          if (row.last_seen_at === null || row.last_seen_at <= now - SEEN_EVERY_MS)
            c.executionCtx.waitUntil(touchSession(scope, hash, now, SEEN_EVERY_MS).then(() => undefined, unlessMoving));
          const u = row.user;
          c.set("principal", {
            kind: "user",
            userId: u.id,
            role: u.role,
            customerId: u.customer_id,
            email: u.email,
            name: u.name,
            mfa: { enabled: row.mfa_confirmed_at !== null, required: mfaRequired(u.role, c.get("tenant")?.settings.mfa_required_for) },
          });
        }
      }
    }
  }
  if (UNSAFE.has(c.req.method) && c.get("principal")?.kind !== "api_key") checkOrigin(c);
  await next();
};

async function principalFromApiKey(c: Context<AppEnv>, scope: Scope, header: string): Promise<Principal> {
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  const parsed = match ? parseApiKey(match[1]) : null;
  if (!parsed) throw new ApiError("UNAUTHORIZED", "Authorization must be `Bearer <api key>`");
  const row = await findApiKeyByPrefix(scope, parsed.prefix);
  const now = Date.now();
  if (!row || row.key.key_hash !== (await sha256Hex(parsed.secret))) {
    throw new ApiError("UNAUTHORIZED", "Invalid API key");
  }
  if (row.key.revoked_at) throw new ApiError("UNAUTHORIZED", "This API key has been revoked");
  if (row.key.expires_at && row.key.expires_at <= now) throw new ApiError("UNAUTHORIZED", "This API key has expired");
  // A key acts for the user who made it, with that user's current role: it dies with them.
  if (!row.key.created_by || !row.role) throw new ApiError("UNAUTHORIZED", "The user who made this API key no longer exists");
  c.executionCtx.waitUntil(touchApiKey(scope, row.key.id, now).then(() => undefined, unlessMoving));
  return {
    kind: "api_key",
    keyId: row.key.id,
    scopes: row.key.scopes,
    tier: row.key.tier,
    userId: row.key.created_by,
    role: row.role,
    customerId: row.customer_id ?? null,
  };
}

function checkOrigin(c: Context<AppEnv>) {
  const origin = c.req.header("origin");
  const own = new URL(c.req.url).origin;
  if (origin ? origin === own : c.req.header("sec-fetch-site") === "same-origin") return;
  // Requests with neither header come from non-browser clients; they carry no ambient cookie risk
  // only when they carry no cookie at all.
  if (!origin && !c.req.header("sec-fetch-site") && !c.req.header("cookie")) return;
  throw new ApiError("FORBIDDEN", "Cross-origin request refused", [{ field: "Origin", message: `must be ${own}`, value: origin ?? null }]);
}

/** Role and, for API keys, scope must both allow the permission: a key acts with the lesser of the two. */
export const can = (principal: Principal, permission: Permission) =>
  roleAllows(principal.role, permission) && (principal.kind === "user" || scopesAllow(principal.scopes, permission));

/**
 * What a route needs, declared where the route is defined (worker/api/route.ts):
 * a permission, "signed_in" (any user or key), "session" (a person signed
 * in, not an API key: their own second factor and sessions), or "public".
 * `guest` also lets in a visitor without an account where the shop allows
 * guest quoting.
 */
export interface Access {
  permission: Permission | "signed_in" | "session" | "public";
  guest?: boolean;
}

/** Enforces a route's Access; remembers it so the caller's viewer derives from the same permission. */
export const enforce =
  (access: Access): MiddlewareHandler<AppEnv> =>
  async (c, next) => {
    c.set("access", access);
    const { permission, guest } = access;
    const principal = c.get("principal");
    if (permission === "public") return next();
    if (!principal) {
      if (guest && c.get("tenant")?.settings.guest_quoting) return next();
      throw new ApiError("UNAUTHORIZED", "Sign in or send an API key");
    }
    if (permission === "session") {
      if (principal.kind === "user") return next();
      throw new ApiError("FORBIDDEN", "Only a person signed in can do this; an API key cannot", [{ field: "authorization", message: "is an API key" }]);
    }
    if (permission === "signed_in") return next();
    if (principal.kind === "user" && principal.mfa.required && !principal.mfa.enabled) {
      // Until they turn it on, such a person can only see who they are and set it up ("session" routes).
      throw new ApiError("FORBIDDEN", "This shop asks you to turn on two-step sign-in first. Set it up under Account → Security, then carry on.", [
        { field: "mfa", message: "must be turned on for your account" },
      ]);
    }
    if (can(principal, permission)) return next();
    const field = roleAllows(principal.role, permission) ? "scopes" : "role";
    throw new ApiError("FORBIDDEN", `This needs the ${permission} permission`, [{ field, message: `does not grant ${permission}` }]);
  };

export const principalOf = (c: { var: { principal: Principal | null } }): Principal => {
  const principal = c.var.principal;
  if (!principal) throw new ApiError("UNAUTHORIZED", "Sign in or send an API key");
  return principal;
};

/** The person a "session" route let in (never an API key). */
export function personOf(c: { var: { principal: Principal | null } }) {
  const p = principalOf(c);
  if (p.kind !== "user") throw new Error("a session route reached without a signed-in person");
  return p;
}
