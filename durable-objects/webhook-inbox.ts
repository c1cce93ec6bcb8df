import { DurableObject } from "cloudflare:workers";

/** How long an event id is remembered: partners retry for days, not weeks. */
export const CLAIM_TTL_MS = 7 * 24 * 3600 * 1000;
const SWEEP_EVERY_MS = 6 * 3600 * 1000;

/**
 * One per tenant and webhook source (`{tenantId}:{source}`). `claim()` is the
 * exactly-once gate: the first caller for an event id wins; every later one,
 * however concurrent, is told the id was seen. The object's input gate
 * serialises calls, and the SQLite write has no await before it, so the
 * check-and-insert is atomic.
 *
 * A claim is provisional until `confirm()` says the event is stored in D1. A
 * later caller that finds it unconfirmed cannot tell a slow first request from
 * one that died before storing, so it asks D1, whose unique index on the
 * event id settles who stores it (worker/webhooks/receive.ts).
 */
export class WebhookInbox extends DurableObject {
  private readonly sql = this.ctx.storage.sql;

  constructor(ctx: DurableObjectState, env: Cloudflare.Env) {
    super(ctx, env);
    this.sql.exec("CREATE TABLE IF NOT EXISTS claims (event_id TEXT PRIMARY KEY, claimed_at INTEGER NOT NULL, confirmed_at INTEGER)");
    // Objects created before claims were confirmed have the table without the column.
    if (this.sql.exec("SELECT 1 FROM pragma_table_info('claims') WHERE name = 'confirmed_at'").toArray().length === 0) {
      this.sql.exec("ALTER TABLE claims ADD COLUMN confirmed_at INTEGER");
    }
  }

  async claim(eventId: string): Promise<{ fresh: boolean; confirmed: boolean; first_claimed_at: number }> {
    const now = Date.now();
    const existing = this.sql.exec<{ claimed_at: number; confirmed_at: number | null }>("SELECT claimed_at, confirmed_at FROM claims WHERE event_id = ?", eventId).toArray()[0];
    if (existing) return { fresh: false, confirmed: existing.confirmed_at !== null, first_claimed_at: existing.claimed_at };
    this.sql.exec("INSERT INTO claims (event_id, claimed_at) VALUES (?, ?)", eventId, now);
    if ((await this.ctx.storage.getAlarm()) === null) await this.ctx.storage.setAlarm(now + SWEEP_EVERY_MS);
    return { fresh: true, confirmed: false, first_claimed_at: now };
  }

  /** The claimed event is stored in D1: from now on a claim of its id is a duplicate without asking D1. */
  async confirm(eventId: string): Promise<void> {
    this.sql.exec("UPDATE claims SET confirmed_at = ? WHERE event_id = ? AND confirmed_at IS NULL", Date.now(), eventId);
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
