import { DurableObject } from "cloudflare:workers";
import { TIER_LIMITS, type ApiKeyTier } from "../worker/rate-limits/tiers.ts";
import { takeToken, type RateLimitOutcome, type WindowState } from "../worker/rate-limits/windows.ts";

/**
 * One per API key (`{tenantId}:{keyId}`): its burst bucket and minute, hour
 * and day counters, in the object's SQLite so they survive isolates and
 * restarts. `take` reads and writes with no await between, so concurrent
 * requests of one key are counted one by one.
 */
export class ApiKeyLimiter extends DurableObject {
  private readonly sql = this.ctx.storage.sql;

  constructor(ctx: DurableObjectState, env: Cloudflare.Env) {
    super(ctx, env);
    this.sql.exec("CREATE TABLE IF NOT EXISTS counters (id INTEGER PRIMARY KEY CHECK (id = 1), state TEXT NOT NULL)");
  }

  take(tier: ApiKeyTier): RateLimitOutcome {
    const row = this.sql.exec<{ state: string }>("SELECT state FROM counters WHERE id = 1").toArray()[0];
    const { outcome, state } = takeToken(row ? (JSON.parse(row.state) as WindowState) : null, TIER_LIMITS[tier], Date.now());
    this.sql.exec("INSERT OR REPLACE INTO counters (id, state) VALUES (1, ?)", JSON.stringify(state));
    return outcome;
  }
}
