import { DurableObject } from "cloudflare:workers";

export const FAILURE_THRESHOLD = 5;
export const OPEN_MS = 60_000;
/** How long one half-open probe holds the gate before another may try. */
const PROBE_LEASE_MS = 30_000;

export type BreakerState = "closed" | "open" | "half_open";
export interface BreakerStatus {
  state: BreakerState;
  consecutive_failures: number;
  opened_at: number | null;
}
export type Admission = { allowed: true; probe: boolean } | { allowed: false; retry_in_ms: number };

/**
 * One per outbound endpoint (`{tenantId}:{endpointId}`): a circuit breaker.
 * Closed → open after 5 consecutive failed deliveries; open rejects for 60 s;
 * then half-open lets one probe through: success closes, failure re-opens.
 * Every method runs without an await between read and write, so calls from
 * many consumers are serialised by the object.
 */
export class EndpointBreaker extends DurableObject {
  private readonly sql = this.ctx.storage.sql;

  constructor(ctx: DurableObjectState, env: Cloudflare.Env) {
    super(ctx, env);
    this.sql.exec(`CREATE TABLE IF NOT EXISTS breaker (
      id INTEGER PRIMARY KEY CHECK (id = 1), state TEXT NOT NULL, failures INTEGER NOT NULL,
      opened_at INTEGER, probe_until INTEGER)`);
    this.sql.exec("INSERT OR IGNORE INTO breaker (id, state, failures) VALUES (1, 'closed', 0)");
  }

  private row() {
    return this.sql
      .exec<{ state: BreakerState; failures: number; opened_at: number | null; probe_until: number | null }>(
        "SELECT state, failures, opened_at, probe_until FROM breaker WHERE id = 1",
      )
      .one();
  }

  status(): BreakerStatus {
    const r = this.row();
    return { state: r.state, consecutive_failures: r.failures, opened_at: r.opened_at };
  }

  /** May a delivery go out now? In half-open, only one probe at a time. */
  admit(): Admission {
    const now = Date.now();
    const r = this.row();
    if (r.state === "closed") return { allowed: true, probe: false };
    if (r.state === "open") {
      const wait = (r.opened_at ?? now) + OPEN_MS - now;
      if (wait > 0) return { allowed: false, retry_in_ms: wait };
    } else if ((r.probe_until ?? 0) > now) {
      return { allowed: false, retry_in_ms: (r.probe_until ?? now) - now };
    }
    this.sql.exec("UPDATE breaker SET state = 'half_open', probe_until = ? WHERE id = 1", now + PROBE_LEASE_MS);
    return { allowed: true, probe: true };
  }

  success(): BreakerStatus {
    this.sql.exec("UPDATE breaker SET state = 'closed', failures = 0, opened_at = NULL, probe_until = NULL WHERE id = 1");
    return this.status();
  }

  failure(): BreakerStatus {
    const r = this.row();
    const failures = r.failures + 1;
    if (r.state === "half_open" || failures >= FAILURE_THRESHOLD) {
      this.sql.exec("UPDATE breaker SET state = 'open', failures = ?, opened_at = ?, probe_until = NULL WHERE id = 1", failures, Date.now());
    } else {
      this.sql.exec("UPDATE breaker SET failures = ? WHERE id = 1", failures);
    }
    return this.status();
  }

  /** An endpoint re-enabled or edited by its owner starts closed again. */
  reset(): BreakerStatus {
    return this.success();
  }
}
