import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { Webhook } from "standardwebhooks";
import { CLAIM_TTL_MS, RESEND_AFTER_MS } from "../../durable-objects/webhook-inbox.ts";
import { insertInboundEvent } from "../../worker/db/webhook-events.ts";
import { createTenant, type TestTenant, tenantDb, scopeFor } from "./helpers.ts";
import { createSource, rows, waitForEvent, type Source } from "./webhook-helpers.ts";

/** A Standard Webhooks delivery as the inbox receives it from the Worker. */
function delivery(t: TestTenant, source: Source, payload: unknown, id = `msg_${crypto.randomUUID()}`) {
  const body = JSON.stringify(payload);
  const at = new Date();
  const headers = { id, timestamp: String(Math.floor(at.getTime() / 1000)), signature: new Webhook(source.secret).sign(id, at, body), stripe_signature: null };
  return { tenant_id: t.id, source: source.name, headers, body: new TextEncoder().encode(body) };
}

const project = (n: number) => ({ type: "customer.project_created", data: { project_id: `P-${n}`, customer_id: "C-1", project_name: "Dock" } });

describe("WebhookInbox", () => {
  it("ten concurrent deliveries of one event id: exactly one is accepted, the rest are duplicates", async () => {
    const t = await createTenant();
    const source = await createSource(t);
    const inbox = env.WEBHOOK_INBOX.getByName(`${t.id}:nexus`);
    const one = delivery(t, source, project(1), "evt_123");
    const results = await Promise.all(Array.from({ length: 10 }, () => inbox.ingest(one)));
    expect(results.filter((r) => r.status === "accepted")).toHaveLength(1);
    expect(results.filter((r) => r.status === "duplicate")).toHaveLength(9);
    expect(await inbox.count()).toBe(1);
  });

  it("sources and tenants are separate objects; a bad signature or an unknown source holds nothing", async () => {
    const [a, b] = [await createTenant(), await createTenant()];
    const [sa, sb] = [await createSource(a), await createSource(b)];
    expect((await env.WEBHOOK_INBOX.getByName(`${a.id}:nexus`).ingest(delivery(a, sa, project(1), "evt_same"))).status).toBe("accepted");
    expect((await env.WEBHOOK_INBOX.getByName(`${b.id}:nexus`).ingest(delivery(b, sb, project(1), "evt_same"))).status).toBe("accepted");
    const forged = delivery(a, sb, project(2));
    expect(await env.WEBHOOK_INBOX.getByName(`${a.id}:nexus`).ingest(forged)).toEqual({ status: "unverified", reason: "bad_signature" });
    expect(await env.WEBHOOK_INBOX.getByName(`${a.id}:ghost`).ingest({ ...forged, source: "ghost" })).toEqual({
      status: "unverified",
      reason: "unknown source",
    });
    expect(await env.WEBHOOK_INBOX.getByName(`${a.id}:nexus`).count()).toBe(1);
  });

  it("an event held but never enqueued (the object reset before the send) is sent by the alarm and processed once", async () => {
    const t = await createTenant();
    const source = await createSource(t);
    const inbox = env.WEBHOOK_INBOX.getByName(`${t.id}:nexus`);
    const accepted = await inbox.ingest(delivery(t, source, project(7), "evt_unsent"));
    expect(accepted.status).toBe("accepted");
    const eventId = accepted.status === "accepted" ? accepted.event_id : "";
    await waitForEvent(t, eventId, "processed");
    // Replay the crash: the same event held, its send lost, its D1 row not there yet.
    await runInDurableObject(inbox, (_obj, state) => {
      state.storage.sql.exec(
        "UPDATE claims SET enqueued_at = NULL, payload = ?, claimed_at = ? WHERE event_id = 'evt_unsent'",
        JSON.stringify(project(7)),
        Date.now() - RESEND_AFTER_MS - 1000,
      );
    });
    const db = await tenantDb(t.id);
    await db.prepare("delete from webhook_effects where tenant_id = ?").bind(t.id).run();
    await db.prepare("delete from webhook_events where tenant_id = ?").bind(t.id).run();
    // The event's whole effect: the partner's records, and the company and project it opened (decision 49).
    await db.prepare("delete from partner_records where tenant_id = ?").bind(t.id).run();
    await db.prepare("delete from projects where tenant_id = ?").bind(t.id).run();
    await db.prepare("delete from customers where tenant_id = ?").bind(t.id).run();
    expect(await runDurableObjectAlarm(inbox)).toBe(true);
    await waitForEvent(t, eventId, "processed");
    expect(await rows(t, "select external_id from partner_records where tenant_id = ? and kind = 'project'", t.id)).toEqual([{ external_id: "P-7" }]);
    expect(await rows(t, "select reference from projects where tenant_id = ?", t.id)).toEqual([{ reference: "P-7" }]);
    // Sent now: the next alarm sends nothing again, and a retry of the partner is a duplicate.
    expect(await runInDurableObject(inbox, (_obj, state) => state.storage.sql.exec("SELECT count(*) AS n FROM claims WHERE enqueued_at IS NULL").one().n)).toBe(
      0,
    );
    expect((await inbox.ingest(delivery(t, source, project(7), "evt_unsent"))).status).toBe("duplicate");
  });

  it("an object from before events were held here: a confirmed claim is a duplicate, an unconfirmed one asks D1", async () => {
    const t = await createTenant();
    const source = await createSource(t);
    const inbox = env.WEBHOOK_INBOX.getByName(`${t.id}:nexus`);
    await runInDurableObject(inbox, (_obj, state) => {
      state.storage.sql.exec("CREATE TABLE claims (event_id TEXT PRIMARY KEY, claimed_at INTEGER NOT NULL, confirmed_at INTEGER)");
      state.storage.sql.exec(
        "INSERT INTO claims VALUES ('evt_confirmed', ?, ?), ('evt_stored', ?, NULL), ('evt_lost', ?, NULL)",
        Date.now(),
        Date.now(),
        Date.now(),
        Date.now(),
      );
    });
    await insertInboundEvent(await scopeFor(t.id), {
      id: crypto.randomUUID(),
      source_id: source.id,
      source: "nexus",
      external_id: "evt_stored",
      type: "customer.project_created",
      payload: project(2),
      received_at: Date.now(),
    });
    expect((await inbox.ingest(delivery(t, source, project(1), "evt_confirmed"))).status).toBe("duplicate");
    expect((await inbox.ingest(delivery(t, source, project(2), "evt_stored"))).status).toBe("duplicate");
    // Claimed by a request that died before D1: this delivery stores it.
    expect((await inbox.ingest(delivery(t, source, project(3), "evt_lost"))).status).toBe("accepted");
    expect((await inbox.ingest(delivery(t, source, project(3), "evt_lost"))).status).toBe("duplicate");
  });

  it("the alarm forgets ids older than the retention", async () => {
    const t = await createTenant();
    const source = await createSource(t);
    const inbox = env.WEBHOOK_INBOX.getByName(`${t.id}:nexus`);
    await inbox.ingest(delivery(t, source, project(1), "evt_old"));
    await inbox.ingest(delivery(t, source, project(2), "evt_new"));
    await runInDurableObject(inbox, (_obj, state) => {
      state.storage.sql.exec("UPDATE claims SET claimed_at = ? WHERE event_id = 'evt_old'", Date.now() - CLAIM_TTL_MS - 1000);
    });
    expect(await runDurableObjectAlarm(inbox)).toBe(true);
    expect(await inbox.count()).toBe(1);
    expect((await inbox.ingest(delivery(t, source, project(1), "evt_old"))).status).toBe("accepted");
    expect((await inbox.ingest(delivery(t, source, project(2), "evt_new"))).status).toBe("duplicate");
  });
});

describe("QuoteCoordinator", () => {
  it("records versioned states and pushes each to open WebSockets", async () => {
    const coordinator = env.QUOTE_COORDINATOR.getByName("tenant-1:quote-1");
    const res = await coordinator.fetch("http://do/ws", { headers: { upgrade: "websocket" } });
    expect(res.status).toBe(101);
    const ws = res.webSocket!;
    ws.accept();
    const received: { status: string; version: number }[] = [];
    const two = new Promise<void>((resolve) =>
      ws.addEventListener("message", (e) => {
        received.push(JSON.parse(e.data as string));
        if (received.length === 2) resolve();
      }),
    );
    await coordinator.record("quote-1", "pricing");
    await coordinator.record("quote-1", "priced", { total: 1234 });
    await two;
    expect(received.map((m) => [m.status, m.version])).toEqual([
      ["pricing", 1],
      ["priced", 2],
    ]);
    ws.close(1000, "done");
  });

  it("a conditional change on a stale version is refused", async () => {
    const coordinator = env.QUOTE_COORDINATOR.getByName("tenant-1:quote-2");
    await coordinator.record("quote-2", "draft");
    const stale = await coordinator.record("quote-2", "sent", {}, 0);
    expect(stale).toMatchObject({ ok: false, state: { status: "draft", version: 1 } });
    const fresh = await coordinator.record("quote-2", "sent", {}, 1);
    expect(fresh).toMatchObject({ ok: true, state: { status: "sent", version: 2 } });
  });

  it("a plain request is told to upgrade", async () => {
    const res = await env.QUOTE_COORDINATOR.getByName("tenant-1:quote-3").fetch("http://do/ws");
    expect(res.status).toBe(426);
  });
});
