import type { Env } from "../env.ts";
import type { Db } from "../db/client.ts";
import type { Scope } from "../db/scope.ts";
import type { Tenant } from "../db/tenants.ts";
import type { Principal } from "../auth/principal.ts";
import type { Access } from "../middleware/auth.ts";

/** What every request carries, whatever host it came to. */
interface RequestVariables {
  requestId: string;
  principal: Principal | null;
  /** What the matched route declared it needs (set by its enforcing middleware). */
  access: Access;
  /**
   * With an `Idempotency-Key`: an id for what the request creates, the same for the same caller, path,
   * key and body (worker/middleware/idempotency.ts). A retry after a failed answer — whose key was
   * released — creates under the same id, so it finds what the first attempt wrote instead of a twin.
   */
  retryId?: string;
}

/** Any request: helpers that read only the request, the bindings and the principal take `Context<E extends RequestEnv>`. */
export interface RequestEnv {
  Bindings: Env;
  Variables: RequestVariables;
}

/**
 * The app-wide middleware's view (request context, host resolution,
 * authentication), before a route has said which host it serves.
 */
export interface AppEnv {
  Bindings: Env;
  Variables: RequestVariables & {
    /** The control-plane database: host resolution, root sign-up, the request's D1 bookmark. */
    db: Db;
    /**
     * The D1 bookmarks the request carried, by database name (worker/middleware/bookmark-cookie.ts):
     * parsed once by the request context, read by it and by the tenant middleware.
     */
    bookmarks: ReadonlyMap<string, string>;
    /** Resolved from Host; null on the root site. */
    tenant: Tenant | null;
    /** The tenant's data, set together with `tenant`. */
    scope: Scope | null;
  };
}

/**
 * A route on a shop's host (defineRoute's default, guarded by requireTenant):
 * the tenant is known, and its data is reached only through `scope` — there is
 * no raw database on this context.
 */
export interface TenantEnv {
  Bindings: Env;
  Variables: RequestVariables & { tenant: Tenant; scope: Scope };
}

/** A route on the platform's root host (shop sign-up) or on any host (health): control-plane access only. */
export interface PlatformEnv {
  Bindings: Env;
  Variables: RequestVariables & { db: Db };
}
