import { DurableObject } from "cloudflare:workers";
import { requireScopeForTenant } from "../worker/db/shards.ts";
import { findInboundByExternalId } from "../worker/db/webhook-events.ts";
import type { QueueMessage } from "../worker/queues/messages.ts";
import { classify } from "../worker/webhooks/inbound-events.ts";
import { loadVerifier, type InboundHeaders, type Verifier } from "../worker/webhooks/verify-inbound.ts";

/** How long an event id is remembered: partners retry for days, not weeks. */
export const CLAIM_TTL_MS = 7 * 24 * 3600 * 1000;
const SWEEP_EVERY_MS = 6 * 3600 * 1000;
/** An event still unsent this long after it was held is sent again by the alarm. */
export const RESEND_AFTER_MS = 30_000;
/** How long a loaded source (decrypted secrets) is trusted; source changes also drop it at once. */
const SOURCE_TTL_MS = 60_000;
/** Payloads up to this size travel in the queue message (128 KB at most); larger ones are read back from here. */
const INLINE_PAYLOAD_BYTES = 64 * 1024;

export type IngestResult =
  | { status: "unverified"; reason: string }
  | { status: "invalid_json" }
  | { status: "duplicate" }
  | { status: "accepted"; event_id: string };

type Held = { event_id: string; id: string; tenant_id: string; source: string; source_id: string; type: string; payload: string | null; claimed_at: number };

/**
 * One per tenant and webhook source (`{tenantId}:{source}`): the whole of an
 * inbound webhook's hot path in one call. `ingest` verifies the signature with
 * the source's secrets (loaded from D1 and kept for a minute), then claims the
 * event id and holds the event in this object's SQLite in one synchronous step
 * — the first caller for an id wins, every later one, however concurrent, is a
 * duplicate — and enqueues it; the queue consumer writes it to D1 and runs its
 * handler (worker/webhooks/ingest-inbound.ts). An event held but not enqueued
 * (the send failed, or the object was reset between the two) is sent again by
 * the alarm, so once `ingest` answers "accepted", the event is processed.
 *
 * Claims made before events were held here (`id` null) were confirmed once
 * their event was in D1; an unconfirmed one asks D1 (docs/decisions/0005).
 */
export class WebhookInbox extends DurableObject {
  private readonly sql = this.ctx.storage.sql;
  private schemaReady = false;
  private verifier: { at: number; value: Promise<Verifier | null> } | null = null;
  /** The alarm's time as last read or set: undefined until read. */
  private alarmAt: number | null | undefined;

  /** Tables are made on first use, so probing unknown source names leaves no storage behind. */
  private schema() {
    if (this.schemaReady) return;
    this.sql.exec("CREATE TABLE IF NOT EXISTS claims (event_id TEXT PRIMARY KEY, claimed_at INTEGER NOT NULL, confirmed_at INTEGER)");
    const columns = new Set(
      this.sql
        .exec<{ name: string }>("SELECT name FROM pragma_table_info('claims')")
        .toArray()
        .map((c) => c.name),
    );
    // Objects older than confirmation, then older than holding events, gain the columns.
    if (!columns.has("confirmed_at")) this.sql.exec("ALTER TABLE claims ADD COLUMN confirmed_at INTEGER");
    for (const column of ["id TEXT", "tenant_id TEXT", "source TEXT", "source_id TEXT", "type TEXT", "payload TEXT", "enqueued_at INTEGER"]) {
      if (!columns.has(column.split(" ")[0])) this.sql.exec(`ALTER TABLE claims ADD COLUMN ${column}`);
    }
    this.sql.exec("CREATE INDEX IF NOT EXISTS claims_unsent ON claims (claimed_at) WHERE enqueued_at IS NULL AND id IS NOT NULL");
    this.schemaReady = true;
  }

  private source(tenantId: string, name: string): Promise<Verifier | null> {
    if (this.verifier && Date.now() - this.verifier.at < SOURCE_TTL_MS) return this.verifier.value;
    // The promise is kept, so concurrent first requests share one load; `forgetSource` drops it, and a
    // load it overtook cannot put itself back.
    const value = requireScopeForTenant(this.env, tenantId).then((scope) => loadVerifier(this.env, scope, name));
    this.verifier = { at: Date.now(), value };
    value.catch(() => {
      if (this.verifier?.value === value) this.verifier = null; // a failed load is not kept
    });
    return value;
  }

  /** The source was created, changed or deleted: the next request loads it afresh. */
  forgetSource(): void {
    this.verifier = null;
  }

  async ingest(input: { tenant_id: string; source: string; headers: InboundHeaders; body: Uint8Array }): Promise<IngestResult> {
    const verifier = await this.source(input.tenant_id, input.source);
    if (!verifier) return { status: "unverified", reason: "unknown source" };
    const verified = await verifier.verify(input.headers, input.body);
    if (!verified.ok) return { status: "unverified", reason: verified.reason };
    const text = new TextDecoder().decode(input.body);
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      return { status: "invalid_json" };
    }
    this.schema();
    this.alarmAt ??= await this.ctx.storage.getAlarm();

    const now = Date.now();
    let existing = this.claimOf(verified.id);
    if (existing && existing.confirmed_at === null) {
      // A claim from before events were held here, never confirmed: D1 knows whether its event was stored.
      const stored = await findInboundByExternalId(await requireScopeForTenant(this.env, input.tenant_id), verifier.source.id, verified.id);
      existing = this.claimOf(verified.id);
      if (stored && existing && existing.confirmed_at === null) this.sql.exec("UPDATE claims SET confirmed_at = ? WHERE event_id = ?", now, verified.id);
      if (stored) return { status: "duplicate" };
    }
    if (existing && existing.confirmed_at !== null) return { status: "duplicate" };

    // From the check to here nothing is awaited: the claim and the held event are written together.
    const held: Held = {
      event_id: verified.id,
      id: crypto.randomUUID(),
      tenant_id: input.tenant_id,
      source: verifier.source.name,
      source_id: verifier.source.id,
      type: classify(json).type,
      payload: text,
      claimed_at: now,
    };
    this.sql.exec(
      "INSERT OR REPLACE INTO claims (event_id, claimed_at, confirmed_at, id, tenant_id, source, source_id, type, payload) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
      held.event_id,
      now,
      now,
      held.id,
      held.tenant_id,
      held.source,
      held.source_id,
      held.type,
      held.payload,
    );
    if (this.alarmAt === null || this.alarmAt > now + RESEND_AFTER_MS) {
      this.alarmAt = now + RESEND_AFTER_MS;
      void this.ctx.storage.setAlarm(this.alarmAt);
    }
    await this.send(held, input.body.byteLength <= INLINE_PAYLOAD_BYTES ? json : undefined);
    return { status: "accepted", event_id: held.id };
  }

  /** The payload of a held event too large for its queue message (the consumer reads it back). */
  heldPayload(eventId: string): string | null {
    this.schema();
    return this.sql.exec<{ payload: string | null }>("SELECT payload FROM claims WHERE event_id = ?", eventId).toArray()[0]?.payload ?? null;
  }

  async count(): Promise<number> {
    this.schema();
    return this.sql.exec<{ n: number }>("SELECT count(*) AS n FROM claims").one().n;
  }

  override async alarm(): Promise<void> {
    this.schema();
    const now = Date.now();
    this.sql.exec("DELETE FROM claims WHERE claimed_at < ?", now - CLAIM_TTL_MS);
    const unsent = this.sql
      .exec<Held>(
        "SELECT event_id, id, tenant_id, source, source_id, type, payload, claimed_at FROM claims WHERE enqueued_at IS NULL AND id IS NOT NULL AND claimed_at <= ? LIMIT 100",
        now - RESEND_AFTER_MS,
      )
      .toArray();
    for (const held of unsent) await this.send(held, undefined);
    const waiting = this.sql.exec<{ n: number }>("SELECT count(*) AS n FROM claims WHERE enqueued_at IS NULL AND id IS NOT NULL").one().n;
    const total = this.sql.exec<{ n: number }>("SELECT count(*) AS n FROM claims").one().n;
    this.alarmAt = waiting > 0 ? Date.now() + RESEND_AFTER_MS : total > 0 ? Date.now() + SWEEP_EVERY_MS : null;
    if (this.alarmAt !== null) await this.ctx.storage.setAlarm(this.alarmAt);
  }

  private claimOf(eventId: string) {
    return this.sql.exec<{ confirmed_at: number | null }>("SELECT confirmed_at FROM claims WHERE event_id = ?", eventId).toArray()[0];
  }

  /**
   * Enqueues a held event; once sent, its payload is dropped here unless the
   * message goes without it. A failed send leaves it unsent for the alarm.
   */
  private async send(held: Held, inlinePayload: unknown) {
    const message: QueueMessage = {
      kind: "webhook.ingest",
      tenant_id: held.tenant_id,
      event_id: held.id,
      source: held.source,
      source_id: held.source_id,
      external_id: held.event_id,
      type: held.type,
      received_at: held.claimed_at,
      ...(inlinePayload !== undefined ? { payload: inlinePayload } : {}),
    };
    try {
      await this.env.INBOX_QUEUE.send(message);
    } catch (error) {
      console.error(JSON.stringify({ level: "error", event: "webhook.enqueue_failed", event_id: held.id, error: String(error) }));
      return;
    }
    this.sql.exec(`UPDATE claims SET enqueued_at = ?${inlinePayload !== undefined ? ", payload = NULL" : ""} WHERE event_id = ?`, Date.now(), held.event_id);
  }
}
