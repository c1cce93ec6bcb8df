import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { CLAIM_TTL_MS, WebhookInbox } from "../../durable-objects/webhook-inbox.ts";

describe("WebhookInbox", () => {
  it("ten concurrent claims of one event id: exactly one is fresh", async () => {
    const inbox = env.WEBHOOK_INBOX.getByName("tenant-1:nexus");
    const results = await Promise.all(Array.from({ length: 10 }, () => inbox.claim("evt_123")));
    expect(results.filter((r) => r.fresh)).toHaveLength(1);
    expect(new Set(results.map((r) => r.first_claimed_at)).size).toBe(1);
  });

  it("sources and tenants are separate objects", async () => {
    const a = await env.WEBHOOK_INBOX.getByName("tenant-1:stripe").claim("evt_same");
    const b = await env.WEBHOOK_INBOX.getByName("tenant-2:stripe").claim("evt_same");
    expect([a.fresh, b.fresh]).toEqual([true, true]);
  });

  it("a claim stays unconfirmed until its event is stored and confirmed", async () => {
    const inbox = env.WEBHOOK_INBOX.getByName("tenant-1:erp");
    expect(await inbox.claim("evt_c")).toMatchObject({ fresh: true, confirmed: false });
    expect(await inbox.claim("evt_c")).toMatchObject({ fresh: false, confirmed: false });
    await inbox.confirm("evt_c");
    expect(await inbox.claim("evt_c")).toMatchObject({ fresh: false, confirmed: true });
  });

  it("an object made before claims were confirmed gains the column and reads old claims as unconfirmed", async () => {
    const inbox = env.WEBHOOK_INBOX.getByName("tenant-1:legacy");
    const claim = await runInDurableObject(inbox, (_obj, state) => {
      state.storage.sql.exec("DROP TABLE claims");
      state.storage.sql.exec("CREATE TABLE claims (event_id TEXT PRIMARY KEY, claimed_at INTEGER NOT NULL)");
      state.storage.sql.exec("INSERT INTO claims VALUES ('evt_legacy', ?)", Date.now());
      return new WebhookInbox(state, env).claim("evt_legacy");
    });
    expect(claim).toMatchObject({ fresh: false, confirmed: false });
  });

  it("the alarm forgets ids older than the retention", async () => {
    const inbox = env.WEBHOOK_INBOX.getByName("tenant-9:nexus");
    await inbox.claim("evt_old");
    await inbox.claim("evt_new");
    await runInDurableObject(inbox, (_obj, state) => {
      state.storage.sql.exec("UPDATE claims SET claimed_at = ? WHERE event_id = 'evt_old'", Date.now() - CLAIM_TTL_MS - 1000);
    });
    expect(await runDurableObjectAlarm(inbox)).toBe(true);
    expect(await inbox.count()).toBe(1);
    expect((await inbox.claim("evt_old")).fresh).toBe(true);
    expect((await inbox.claim("evt_new")).fresh).toBe(false);
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
    expect(received.map((m) => [m.status, m.version])).toEqual([["pricing", 1], ["priced", 2]]);
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
