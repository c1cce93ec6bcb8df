import type { Env } from "../env.ts";
import type { Db } from "../db/client.ts";
import type { Tenant } from "../db/tenants.ts";
import type { Principal } from "../auth/principal.ts";
import type { Access } from "../middleware/auth.ts";

/** Hono's typing of our bindings and per-request variables. */
export interface AppEnv {
  Bindings: Env;
  Variables: {
    requestId: string;
    db: Db;
    /** Resolved from Host; absent on the root site. */
    tenant: Tenant | null;
    principal: Principal | null;
    /** What the matched route declared it needs (set by its enforcing middleware). */
    access: Access;
  };
}
