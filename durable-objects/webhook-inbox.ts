import { DurableObject } from "cloudflare:workers";

/** How long an event id is remembered: partners retry for days, not weeks. */
export const CLAIM_TTL_MS = 7 * 24 * 3600 * 1000;
const SWEEP_EVERY_MS = 6 * 3600 * 1000;

/**
 * One per tenant and webhook source (`{tenantId}:{source}`). `claim()` is the
 * exactly-once gate: the first caller for an event id wins; every later one,
 * however concurrent, is told it is a duplicate. The object's input gate
 * serialises calls, and the SQLite write has no await before it, so the
 * check-and-insert is atomic.
 */
export class WebhookInbox extends DurableObject {
  private readonly sql = this.ctx.storage.sql;

  constructor(ctx: DurableObjectState, env: Cloudflare.Env) {
    super(ctx, env);
    this.sql.exec("CREATE TABLE IF NOT EXISTS claims (event_id TEXT PRIMARY KEY, claimed_at INTEGER NOT NULL)");
  }

  async claim(eventId: string): Promise<{ fresh: boolean; first_claimed_at: number }> {
    const now = Date.now();
    const existing = this.sql.exec<{ claimed_at: number }>("SELECT claimed_at FROM claims WHERE event_id = ?", eventId).toArray()[0];
    if (existing) return { fresh: false, first_claimed_at: existing.claimed_at };
    this.sql.exec("INSERT INTO claims (event_id, claimed_at) VALUES (?, ?)", eventId, now);
    if ((await this.ctx.storage.getAlarm()) === null) await this.ctx.storage.setAlarm(now + SWEEP_EVERY_MS);
    return { fresh: true, first_claimed_at: now };
  }

  /** Lets a claim go when the event could not be stored, so the partner's retry is not lost as a duplicate. */
  async release(eventId: string): Promise<void> {
    this.sql.exec("DELETE FROM claims WHERE event_id = ?", eventId);
  }

  async count(): Promise<number> {
    return this.sql.exec<{ n: number }>("SELECT count(*) AS n FROM claims").one().n;
  }

  override async alarm(): Promise<void> {
    this.sql.exec("DELETE FROM claims WHERE claimed_at < ?", Date.now() - CLAIM_TTL_MS);
    if (this.sql.exec<{ n: number }>("SELECT count(*) AS n FROM claims").one().n > 0) {
      await this.ctx.storage.setAlarm(Date.now() + SWEEP_EVERY_MS);
    }
  }
}
